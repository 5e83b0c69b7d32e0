/**
 * Result bundles sealed to the requester's x25519 key
 * (`offchain-worker/runner/src/sealed.rs`). An envelope is the magic
 * `ECT-SEALED-1`, the recipient's public key (32 bytes), the sender's
 * ephemeral public key (32), a nonce (12), a callback flag (1) and, if 1, the
 * callback's length (u32 little endian) and bytes in clear, then the
 * ChaCha20-Poly1305 ciphertext of the plaintext bundle. The key is the
 * blake2-256 of (`ect/sealed-bundle/v1`, the shared secret, the ephemeral
 * key, the recipient's key); everything before the ciphertext is the
 * associated data.
 */

import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { blake2b } from "@noble/hashes/blake2.js";

import { ResultError } from "../errors/errors.js";
import { bytesEqual, concatBytes, fromHex, toHex, utf8, type Hex } from "../util/hex.js";

/** The first bytes of every envelope. */
export const MAGIC = utf8("ECT-SEALED-1");
/** The key derivation's domain. */
export const SEALED_DOMAIN = utf8("ect/sealed-bundle/v1");

const KEY_LEN = 32;
const NONCE_LEN = 12;
const TAG_LEN = 16;

/** A parsed envelope; its ciphertext still sealed. */
export interface Envelope {
  /** The x25519 key it is sealed to. */
  recipient: Uint8Array;
  /** The sender's ephemeral public key. */
  ephemeral: Uint8Array;
  /** The callback bytes carried in clear, for a deal with a callback. */
  callback: Uint8Array | undefined;
  /** Everything before the ciphertext (the associated data). */
  header: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

/** Whether the bytes start like an envelope. */
export function isSealed(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && bytesEqual(bytes.subarray(0, MAGIC.length), MAGIC);
}

const corrupted = () => new ResultError("corrupted", "the sealed result is corrupted (truncated, or changed after sealing)");

/** Parses an envelope without opening it. */
export function parseEnvelope(bytes: Uint8Array): Envelope {
  if (!isSealed(bytes)) throw new ResultError("malformed", "not a sealed result");
  let at = MAGIC.length;
  const take = (count: number) => {
    if (at + count > bytes.length) throw corrupted();
    const out = bytes.subarray(at, at + count);
    at += count;
    return out;
  };
  const recipient = take(KEY_LEN);
  const ephemeral = take(KEY_LEN);
  const nonce = take(NONCE_LEN);
  const flag = take(1)[0];
  let callback: Uint8Array | undefined;
  if (flag === 1) {
    const length = take(4);
    callback = take(new DataView(length.buffer, length.byteOffset, 4).getUint32(0, true));
  } else if (flag !== 0) {
    throw corrupted();
  }
  if (bytes.length - at < TAG_LEN) throw corrupted();
  return { recipient, ephemeral, callback, header: bytes.subarray(0, at), nonce, ciphertext: bytes.subarray(at) };
}

/** The x25519 public key of a secret: what goes in `encrypt_to`. */
export function resultPublicKey(secret: Uint8Array): Hex {
  return toHex(x25519.getPublicKey(secret));
}

/** A fresh result key: its secret (keep it) and its public key (for `encrypt_to`). */
export function generateResultKey(): { secret: Uint8Array; publicKey: Hex } {
  const secret = x25519.utils.randomSecretKey();
  return { secret, publicKey: resultPublicKey(secret) };
}

/** A result key file's secret, as `ect key result-key` writes it: `0x` and 64 hex digits. */
export function parseResultKey(text: string): Uint8Array {
  return fromHex(text.trim(), 32, "result key");
}

/** The plaintext bundle of an envelope, opened with the recipient's secret. */
export function openSealed(secret: Uint8Array, bytes: Uint8Array): Uint8Array {
  const envelope = parseEnvelope(bytes);
  const mine = x25519.getPublicKey(secret);
  if (!bytesEqual(mine, envelope.recipient)) {
    throw new ResultError(
      "wrong-key",
      `wrong result key: it is the secret of ${toHex(mine)}, but the result is sealed to ${toHex(envelope.recipient)}`,
    );
  }
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(secret, envelope.ephemeral);
  } catch {
    throw corrupted();
  }
  const key = blake2b(concatBytes(SEALED_DOMAIN, shared, envelope.ephemeral, envelope.recipient), { dkLen: 32 });
  try {
    return chacha20poly1305(key, envelope.nonce, envelope.header).decrypt(envelope.ciphertext);
  } catch {
    throw corrupted();
  }
}

/**
 * Seals a plaintext bundle to `recipient` (as a worker does): for tests and
 * for stores of one's own. `callback`, if given, travels in clear.
 */
export function seal(recipient: Uint8Array, plaintext: Uint8Array, callback?: Uint8Array): Uint8Array {
  const ephemeralSecret = x25519.utils.randomSecretKey();
  const ephemeral = x25519.getPublicKey(ephemeralSecret);
  const shared = x25519.getSharedSecret(ephemeralSecret, recipient);
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_LEN));
  const length = new Uint8Array(4);
  if (callback) new DataView(length.buffer).setUint32(0, callback.length, true);
  const header = concatBytes(MAGIC, recipient, ephemeral, nonce, callback ? concatBytes(Uint8Array.of(1), length, callback) : Uint8Array.of(0));
  const key = blake2b(concatBytes(SEALED_DOMAIN, shared, ephemeral, recipient), { dkLen: 32 });
  return concatBytes(header, chacha20poly1305(key, nonce, header).encrypt(plaintext));
}
