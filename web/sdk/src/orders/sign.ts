/**
 * Signing order hashes off chain. An owner signs the 32-byte order hash;
 * two ways of signing are supported:
 *
 * - `"none"`: the key signs the 32 bytes themselves (a keypair in the
 *   dapp's hands, `ect order sign`).
 * - `"bytes"`: the key signs `<Bytes>` ++ hash ++ `</Bytes>`, which is what
 *   a browser extension's `signRaw` (and PAPI's `signBytes`) signs: they
 *   wrap every raw message so that it can never be a transaction.
 *
 * The chain accepts both (`pallets/marketplace/src/signature.rs`).
 */

import type { PolkadotSigner } from "polkadot-api";

import type { MultiSignature } from "../chain/types.js";
import { InputError } from "../errors/errors.js";
import { concatBytes, fromHex, toHex, utf8, type Hex } from "../util/hex.js";

/** What the key signs: the hash itself, or the hash wrapped in `<Bytes>…</Bytes>`. */
export type Wrapping = "none" | "bytes";

/** A signature scheme of the chain's `MultiSignature`. */
export type Scheme = "Sr25519" | "Ed25519" | "Ecdsa";

/** Something that signs order hashes for one account. */
export interface OrderSigner {
  /** The signature scheme of the account's key. */
  readonly scheme: Scheme;
  /** How the hash is presented to the key. */
  readonly wrapping: Wrapping;
  /** Signs the message (already wrapped as {@link wrapping} says) and returns the raw signature. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

const BYTES_OPEN = utf8("<Bytes>");
const BYTES_CLOSE = utf8("</Bytes>");

/** `<Bytes>` ++ data ++ `</Bytes>`: what an extension's `signRaw` signs. */
export function wrapBytes(data: Uint8Array): Uint8Array {
  return concatBytes(BYTES_OPEN, data, BYTES_CLOSE);
}

/** The exact bytes a signer of this wrapping signs for `hash`. */
export function signedMessage(hash: Hex, wrapping: Wrapping): Uint8Array {
  const bytes = fromHex(hash, 32, "order hash");
  return wrapping === "bytes" ? wrapBytes(bytes) : bytes;
}

/**
 * A signer from a raw signing function, e.g. a keypair's `sign`: it signs
 * the 32-byte hash itself (wrapping `"none"`).
 */
export function rawOrderSigner(sign: (message: Uint8Array) => Uint8Array | Promise<Uint8Array>, scheme: Scheme = "Sr25519"): OrderSigner {
  return { scheme, wrapping: "none", sign: async (message) => sign(message) };
}

/**
 * A signer from a PAPI `PolkadotSigner` (a keypair's, or an extension
 * account's from `polkadot-api/pjs-signer`): its `signBytes` wraps the hash
 * in `<Bytes>…</Bytes>` (wrapping `"bytes"`).
 */
export function polkadotOrderSigner(signer: Pick<PolkadotSigner, "signBytes">, scheme: Scheme = "Sr25519"): OrderSigner {
  return {
    scheme,
    wrapping: "bytes",
    // signBytes wraps what it is given unless it is wrapped already: give it
    // the wrapped message, so that exactly that is signed either way.
    sign: (message) => signer.signBytes(message),
  };
}

/** The `signRaw` of an injected (polkadot-js compatible) extension's signer. */
export type SignRaw = (payload: { address: string; data: string; type: "bytes" }) => Promise<{ signature: string }>;

/**
 * A signer from a browser extension's `signRaw` for the account `address`:
 * the extension wraps the hash in `<Bytes>…</Bytes>` (wrapping `"bytes"`).
 */
export function extensionOrderSigner(address: string, signRaw: SignRaw, scheme: Scheme = "Sr25519"): OrderSigner {
  return {
    scheme,
    wrapping: "bytes",
    // Extensions wrap what they are given unless it is wrapped already.
    sign: async (message) => fromHex((await signRaw({ address, data: toHex(message), type: "bytes" })).signature, undefined, "signature"),
  };
}

const SCHEME_INDEX: Record<Scheme, number> = { Ed25519: 0, Sr25519: 1, Ecdsa: 2 };
const SCHEME_LENGTH: Record<Scheme, number> = { Ed25519: 64, Sr25519: 64, Ecdsa: 65 };

/**
 * The chain's `MultiSignature` of a raw signature of `scheme`; a signature
 * one byte longer whose first byte is the scheme's `MultiSignature` index
 * (as some wallets return) is taken too.
 */
export function toMultiSignature(signature: Uint8Array, scheme: Scheme): MultiSignature {
  const length = SCHEME_LENGTH[scheme];
  let raw = signature;
  if (signature.length === length + 1 && signature[0] === SCHEME_INDEX[scheme]) raw = signature.slice(1);
  if (raw.length !== length) {
    throw new InputError("signature", `a ${scheme} signature has ${length} bytes, got ${signature.length}`);
  }
  return { type: scheme, value: toHex(raw) } as MultiSignature;
}

/** Signs the order hash `hash` with `signer`: the `MultiSignature` to give with the order. */
export async function signOrderHash(hash: Hex, signer: OrderSigner): Promise<MultiSignature> {
  return toMultiSignature(await signer.sign(signedMessage(hash, signer.wrapping)), signer.scheme);
}
