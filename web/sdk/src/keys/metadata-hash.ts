/**
 * Signing transactions as generic and hardware wallets do: with the
 * `CheckMetadataHash` extension (RFC 78) enabled. Such a wallet shows the
 * user a transaction decoded with a part of the metadata it is given, and
 * signs the metadata's hash with it: a node whose runtime has another
 * metadata computes another signed payload, and the signature does not
 * verify (`Invalid.BadProof`).
 *
 * The hash is the merkleized metadata's root (`@polkadot-api/merkleize-metadata`):
 * computed from the runtime's metadata, its spec name and version and SS58
 * prefix (read from the metadata), and the token symbol and decimals the
 * wallet shows (the chain's properties, `tokenSymbol` and `tokenDecimals`).
 * ECT's runtime is built with that hash compiled in (`runtime/build.rs`:
 * `ECT`, 12 decimals).
 *
 * The extension's bytes, PAPI signing it disabled by default: explicit
 * (in the extrinsic) the mode byte, `0x00` disabled or `0x01` enabled;
 * implicit (signed, not sent) `Option<[u8; 32]>`, `0x00` (None) or `0x01`
 * followed by the 32-byte hash.
 */

import { merkleizeMetadata } from "@polkadot-api/merkleize-metadata";
import { Blake2256 } from "@polkadot-api/substrate-bindings";
import type { PolkadotSigner } from "polkadot-api";

import type { EctChain } from "../chain/connect.js";
import { EctError, InputError } from "../errors/errors.js";
import { concatBytes, toHex, type Hex } from "../util/hex.js";

/** The extension's identifier in the runtime's metadata. */
export const CHECK_METADATA_HASH = "CheckMetadataHash";

/** What a wallet shows amounts with, and hashes into the metadata's hash. */
export interface TokenInfo {
  /** The token's symbol, `ECT`. */
  tokenSymbol: string;
  /** Its decimals, 12. */
  decimals: number;
}

/** The explicit and implicit bytes of a transaction extension. */
export interface ExtensionBytes {
  /** Sent in the extrinsic (and signed). */
  value: Uint8Array;
  /** Signed, not sent: the runtime computes its own and the signature must match. */
  additionalSigned: Uint8Array;
}

/** `CheckMetadataHash` enabled with `hash`: mode `0x01`; implicit `0x01` ++ hash (`Some(hash)`). */
export function metadataHashExtension(hash: Uint8Array): ExtensionBytes {
  if (hash.length !== 32) throw new InputError("metadataHash", `expected 32 bytes, got ${hash.length}`);
  return { value: Uint8Array.of(1), additionalSigned: concatBytes(Uint8Array.of(1), hash) };
}

/** The digests computed so far, by the metadata's blake2-256 and the token (a runtime's metadata is merkleized once). */
const digests = new Map<string, Uint8Array>();
const MAX_CACHED = 8;

/**
 * The RFC-78 hash of a runtime's metadata (SCALE, V14 or later, opaque or
 * not) for a wallet that shows `token`: what the runtime compiled in, if it
 * is its own metadata and token.
 */
export function metadataHash(metadata: Uint8Array, token: TokenInfo): Uint8Array {
  const key = `${toHex(Blake2256(metadata))}/${token.tokenSymbol}/${token.decimals}`;
  let digest = digests.get(key);
  if (!digest) {
    digest = merkleizeMetadata(metadata, { tokenSymbol: token.tokenSymbol, decimals: token.decimals }).digest();
    if (digests.size >= MAX_CACHED) digests.delete(digests.keys().next().value!);
    digests.set(key, digest);
  }
  return digest;
}

/** Options of {@link withCheckMetadataHash}. */
export interface MetadataHashOptions {
  /**
   * Sign this hash instead of the one computed from the metadata the
   * transaction is built with (a wallet given the hash; or a test of a
   * refusal: the node answers `Invalid.BadProof`).
   */
  metadataHash?: Uint8Array;
}

/**
 * A signer that signs every transaction with `CheckMetadataHash` enabled,
 * as a generic or hardware wallet does: it replaces the extension's bytes
 * PAPI gives (mode 0, `None`) with mode 1 and `Some(hash)`, the hash
 * computed from the metadata the transaction is built with and `token`,
 * then lets `signer` sign. Signing a transaction for a runtime without the
 * extension fails (an {@link EctError} of code `unsupported`): such a
 * runtime cannot check the hash. Raw bytes (`signBytes`) are signed as
 * `signer` signs them.
 */
export function withCheckMetadataHash(signer: PolkadotSigner, token: TokenInfo, options: MetadataHashOptions = {}): PolkadotSigner {
  const forced = options.metadataHash === undefined ? undefined : metadataHashExtension(options.metadataHash);
  return {
    publicKey: signer.publicKey,
    signBytes: (data) => signer.signBytes(data),
    signTx: async (callData, signedExtensions, metadata, atBlockNumber, hasher) => {
      if (!signedExtensions[CHECK_METADATA_HASH]) {
        throw new EctError("unsupported", `the runtime has no ${CHECK_METADATA_HASH} extension: a transaction cannot enable it`);
      }
      const bytes = forced ?? metadataHashExtension(metadataHash(metadata, token));
      const extensions = { ...signedExtensions, [CHECK_METADATA_HASH]: { identifier: CHECK_METADATA_HASH, ...bytes } };
      return signer.signTx(callData, extensions, metadata, atBlockNumber, hasher);
    },
  };
}

/** One value of a chain property that may be a list (chains of several tokens). */
function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The token a wallet shows for the chain: its properties' `tokenSymbol` and
 * `tokenDecimals` (`system_properties`, from the chain spec).
 */
export async function chainToken(chain: EctChain): Promise<TokenInfo> {
  const { properties } = await chain.client.getChainSpecData();
  const props = (properties ?? {}) as Record<string, unknown>;
  const tokenSymbol = firstOf(props.tokenSymbol);
  const decimals = firstOf(props.tokenDecimals);
  if (typeof tokenSymbol !== "string" || typeof decimals !== "number" || !Number.isInteger(decimals)) {
    throw new EctError(
      "unsupported",
      `the chain's properties give no token symbol and decimals (${JSON.stringify(props)})`,
      "pass them to withCheckMetadataHash yourself",
    );
  }
  return { tokenSymbol, decimals };
}

/** The RFC-78 hash of the chain's runtime metadata at its finalized block, for the chain's token. */
export async function chainMetadataHash(chain: EctChain): Promise<Hex> {
  const finalized = await chain.client.getFinalizedBlock();
  const metadata = await chain.client.getMetadata(finalized.hash);
  return toHex(metadataHash(metadata, await chainToken(chain)));
}

/**
 * `signer` wrapped by {@link withCheckMetadataHash} with the chain's token
 * ({@link chainToken}): its transactions are signed as a generic or
 * hardware wallet signs them.
 */
export async function metadataHashSigner(chain: EctChain, signer: PolkadotSigner, options: MetadataHashOptions = {}): Promise<PolkadotSigner> {
  return withCheckMetadataHash(signer, await chainToken(chain), options);
}
