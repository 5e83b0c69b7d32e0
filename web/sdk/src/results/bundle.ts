/**
 * Result bundles: what a run produced, and the digest workers vote on
 * (`offchain-worker/runner/src/output.rs`). The bundle is the SCALE
 * encoding of `(stdout, [(path, bytes)])`, the files of `/out` sorted by
 * path; the digest is the blake2-256 of the bundle, or, for a deal with a
 * callback, of the file `callback`.
 */

import { blake2b } from "@noble/hashes/blake2.js";

import { concatBytes, toHex, utf8, type Hex } from "../util/hex.js";
import { ScaleReader, encodeCompact } from "../util/scale.js";

/** The file under `/out` that holds the callback bytes. */
export const CALLBACK_FILE = "callback";

/** A run's output. */
export interface Output {
  /** Everything the app wrote to standard output. */
  stdout: Uint8Array;
  /** The files it wrote under `/out`: relative path and bytes, sorted by path. */
  files: Array<[path: string, bytes: Uint8Array]>;
}

/** The output of a bundle; throws if the bytes are not a bundle. */
export function decodeBundle(bundle: Uint8Array): Output {
  const reader = new ScaleReader(bundle);
  const stdout = reader.byteVec();
  const count = reader.compact();
  const files: Output["files"] = [];
  for (let i = 0; i < count; i++) files.push([reader.string(), reader.byteVec()]);
  return { stdout, files };
}

/** The canonical bytes of an output. */
export function encodeBundle(output: Output): Uint8Array {
  const vec = (bytes: Uint8Array) => concatBytes(encodeCompact(bytes.length), bytes);
  return concatBytes(
    vec(output.stdout),
    encodeCompact(output.files.length),
    ...output.files.flatMap(([path, bytes]) => [vec(utf8(path)), vec(bytes)]),
  );
}

/** blake2-256. */
export function blake2_256(bytes: Uint8Array): Hex {
  return toHex(blake2b(bytes, { dkLen: 32 }));
}

/** The bytes of `/out/callback`, if the app wrote it. */
export function callbackOf(output: Output): Uint8Array | undefined {
  return output.files.find(([path]) => path === CALLBACK_FILE)?.[1];
}

/**
 * The digest of an output for a deal with or without a callback
 * (`undefined` for a callback deal whose output has no callback file).
 */
export function digestOf(output: Output, hasCallback: boolean): Hex | undefined {
  if (!hasCallback) return blake2_256(encodeBundle(output));
  const callback = callbackOf(output);
  return callback && blake2_256(callback);
}
