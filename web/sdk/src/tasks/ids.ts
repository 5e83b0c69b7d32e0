/**
 * Deal and task ids, derived as the chain derives them:
 * `deal_id = blake2-256(SCALE((request hash, first index)))` and
 * `task_id = blake2-256(SCALE((deal id, index)))`.
 */

import { blake2b } from "@noble/hashes/blake2.js";

import { concatBytes, fromHex, toHex, type Hex } from "../util/hex.js";

function u32le(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

function hashWithIndex(hash: Hex, index: number, field: string): Hex {
  return toHex(blake2b(concatBytes(fromHex(hash, 32, field), u32le(index)), { dkLen: 32 }));
}

/** The id of the deal a request made starting at its task `firstIndex`. */
export function dealId(requestHash: Hex, firstIndex: number): Hex {
  return hashWithIndex(requestHash, firstIndex, "request hash");
}

/** The id of task `index` of a deal (indices are the request's: `first_index` onwards). */
export function taskId(deal: Hex, index: number): Hex {
  return hashWithIndex(deal, index, "deal id");
}

/** The ids of a deal's `volume` tasks from `firstIndex`. */
export function taskIds(deal: Hex, firstIndex: number, volume: number): Hex[] {
  return Array.from({ length: volume }, (_, i) => taskId(deal, firstIndex + i));
}
