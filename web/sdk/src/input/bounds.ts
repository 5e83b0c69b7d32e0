/**
 * The chain's bounds on what users send, read from the runtime's constants
 * (so they follow a runtime upgrade), and the checks that refuse a value
 * beyond them before anything is sent.
 */

import { InputError } from "../errors/errors.js";
import type { EctChain } from "../chain/connect.js";

/** The bounds of the fields users fill in, from the runtime's constants. */
export interface Bounds {
  /** `Registry.MaxNameLen`: an app's, a dataset's or a category's name, in bytes. */
  maxNameLen: number;
  /** `Registry.MaxUrlLen`: an app's or a dataset's URL (multiaddr), in bytes. */
  maxUrlLen: number;
  /** `Registry.MaxDescriptionLen`: a workerpool's description, in bytes. */
  maxDescriptionLen: number;
  /** `Registry.MaxGroupMembers`: members of a restriction group. */
  maxGroupMembers: number;
  /** `Marketplace.MaxParamsLen`: a request's params, in bytes. */
  maxParamsLen: number;
  /** `Marketplace.MaxOrderLifetime`: how far ahead of the best block an order may expire. */
  maxOrderLifetime: number;
  /** `Poco.MaxBatch`: items of one batch call. */
  maxBatch: number;
}

/** Reads the bounds from the running runtime's constants. */
export async function readBounds(chain: EctChain): Promise<Bounds> {
  const { constants } = await chain.api.getStaticApis();
  return {
    maxNameLen: constants.Registry.MaxNameLen,
    maxUrlLen: constants.Registry.MaxUrlLen,
    maxDescriptionLen: constants.Registry.MaxDescriptionLen,
    maxGroupMembers: constants.Registry.MaxGroupMembers,
    maxParamsLen: constants.Marketplace.MaxParamsLen,
    maxOrderLifetime: constants.Marketplace.MaxOrderLifetime,
    maxBatch: constants.Poco.MaxBatch,
  };
}

/** The largest `u32`. */
export const U32_MAX = 0xffff_ffff;
/** The largest `u128`. */
export const U128_MAX = (1n << 128n) - 1n;

/** UTF-8 bytes of text, or the bytes themselves. */
export function bytesOf(value: string | Uint8Array): Uint8Array {
  return typeof value === "string" ? new TextEncoder().encode(value) : value;
}

/**
 * The bytes of a bounded text field, refused if longer than `max` bytes
 * (the runtime could not decode it) or, unless `allowEmpty`, empty.
 */
export function checkBytes(field: string, value: string | Uint8Array, max: number, allowEmpty = false): Uint8Array {
  const bytes = bytesOf(value);
  if (bytes.length > max) {
    throw new InputError(field, `${bytes.length} bytes, the chain takes at most ${max}`, "shorten it");
  }
  if (!allowEmpty && bytes.length === 0) throw new InputError(field, "must not be empty");
  return bytes;
}

/** A whole number in `[min, max]` (a `u32` unless told). */
export function checkInteger(field: string, value: number, min = 0, max = U32_MAX): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(field, `expected a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** An amount of planck that fits the chain's `u128` balances. */
export function checkBalance(field: string, value: bigint): bigint {
  if (value < 0n || value > U128_MAX) throw new InputError(field, `expected 0 to 2^128 - 1 planck, got ${value}`);
  return value;
}

/** A percent, 0 to 100. */
export function checkPercent(field: string, value: number): number {
  return checkInteger(field, value, 0, 100);
}

/**
 * An order expiry: after the next block (`best + 1`, where the transaction
 * lands at the earliest) and at most `maxOrderLifetime` blocks after `best`.
 */
export function checkExpiry(field: string, expires: number, best: number, bounds: Pick<Bounds, "maxOrderLifetime">): number {
  checkInteger(field, expires);
  if (expires <= best + 1) {
    throw new InputError(field, `the order expired at block ${expires} (the chain is at block ${best})`, "give it a later expiry");
  }
  if (expires > best + bounds.maxOrderLifetime) {
    throw new InputError(
      field,
      `block ${expires} is more than ${bounds.maxOrderLifetime} blocks after the best block ${best}`,
      "give it a nearer expiry",
    );
  }
  return expires;
}
