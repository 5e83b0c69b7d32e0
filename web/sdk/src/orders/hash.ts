/**
 * Order hashes: what owners sign. `blake2-256(SCALE(("ect/order/v1",
 * genesis hash, order)))`, the domain a fixed 12-byte array, the order the
 * `Order` enum (its first byte is the kind). The chain computes it
 * (`MarketplaceApi.order_hash`); {@link localOrderHash} computes it here, for
 * signing offline.
 */

import { blake2b } from "@noble/hashes/blake2.js";
import { ect } from "@polkadot-api/descriptors";
import { getTypedCodecs } from "polkadot-api";

import type { EctChain } from "../chain/connect.js";
import type { Order } from "../chain/types.js";
import { concatBytes, fromHex, toHex, utf8, type Hex } from "../util/hex.js";

/** The domain tag in front of every order hash. */
export const ORDER_DOMAIN = utf8("ect/order/v1");

/** The order's hash, as the chain computes it (`MarketplaceApi.order_hash`, at the best block). */
export async function orderHash(chain: EctChain, order: Order): Promise<Hex> {
  return (await chain.api.apis.MarketplaceApi.order_hash(order, { at: "best" })) as Hex;
}

let codecs: ReturnType<typeof getTypedCodecs<typeof ect>> | undefined;

/** The SCALE encoding of an order, with the codecs of the SDK's descriptors. */
export async function encodeOrder(order: Order): Promise<Uint8Array> {
  codecs ??= getTypedCodecs(ect);
  return (await codecs).apis.MarketplaceApi.order_hash.args.enc([order]);
}

/** blake2-256 of (domain, genesis hash, encoded order): the order hash, computed locally. */
export function orderHashOfEncoded(encodedOrder: Uint8Array, genesisHash: Hex): Hex {
  const preimage = concatBytes(ORDER_DOMAIN, fromHex(genesisHash, 32, "genesisHash"), encodedOrder);
  return toHex(blake2b(preimage, { dkLen: 32 }));
}

/**
 * The order's hash computed locally, for a chain of genesis hash
 * `genesisHash`; equal to {@link orderHash} while the SDK's descriptors are
 * the runtime's.
 */
export async function localOrderHash(order: Order, genesisHash: Hex): Promise<Hex> {
  return orderHashOfEncoded(await encodeOrder(order), genesisHash);
}
