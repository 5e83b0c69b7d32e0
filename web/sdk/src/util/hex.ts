/**
 * Hex and byte helpers: `0x`-prefixed lowercase hex, as the chain and the
 * `ect` CLI print hashes and keys.
 */

import { InputError } from "../errors/errors.js";

/** A `0x`-prefixed hex string. */
export type Hex = `0x${string}`;

/** The bytes as `0x` and lowercase hex digits. */
export function toHex(bytes: Uint8Array): Hex {
  let out = "0x";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out as Hex;
}

/**
 * The bytes of `0x`-prefixed hex. `length`, if given, is the number of bytes
 * required; `field` names the value in the error thrown when it is malformed.
 */
export function fromHex(text: string, length?: number, field = "value"): Uint8Array {
  const digits = text.startsWith("0x") ? text.slice(2) : undefined;
  const wanted = length === undefined ? "hex digits" : `${length * 2} hex digits`;
  if (digits === undefined || digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) {
    throw new InputError(field, `expected 0x and ${wanted}, got ${JSON.stringify(text)}`);
  }
  if (length !== undefined && digits.length !== length * 2) {
    throw new InputError(field, `expected 0x and ${wanted}, got ${digits.length} digits`);
  }
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** The concatenation of byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Whether two byte arrays are equal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A string from UTF-8 bytes (invalid sequences replaced). */
export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
