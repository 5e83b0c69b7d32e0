/**
 * A request's `params`: what the app is run with and where its result goes,
 * as the workers read them (`offchain-worker/agents/src/params.rs`): a JSON
 * object, or plain text split on whitespace into arguments.
 */

import { x25519 } from "@noble/curves/ed25519.js";

import { InputError } from "../errors/errors.js";
import { fromHex, fromUtf8, utf8, type Hex } from "../util/hex.js";

/** The most input files a task may name. */
export const MAX_INPUTS = 8;

/** An input file by URL, given to the app as `/in/<name>`. */
export interface InputFile {
  /** Its name under `/in`: letters, digits, `.`, `-`, `_` (not `input` or `dataset`). */
  name: string;
  /** Where the workers fetch it: an http(s) URL. */
  url: string;
  /** `0x` + the blake2-256 of its bytes. */
  checksum: Hex;
}

/** The JSON form of `params`; every field is optional. */
export interface TaskParams {
  /** The app's arguments. */
  args?: string[];
  /** The content of `/in/input`. */
  input?: string;
  /** Input files by URL (at most {@link MAX_INPUTS}). */
  inputs?: InputFile[];
  /** The base URL of a result store of the requester's (default: the pool's). */
  store?: string;
  /** An x25519 public key: the result is stored sealed to it. */
  encrypt_to?: Hex;
}

const isHttp = (url: string): boolean => url.startsWith("http://") || url.startsWith("https://");

function validName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 64 &&
    name !== "input" &&
    name !== "dataset" &&
    !name.startsWith(".") &&
    /^[A-Za-z0-9._-]+$/.test(name)
  );
}

/**
 * Checks an `encrypt_to` key: 32 bytes, and not a low-order point (whose
 * shared secrets everyone knows). Returns its bytes.
 */
export function checkRecipientKey(key: string, field = "params.encrypt_to"): Uint8Array {
  const bytes = fromHex(key, 32, field);
  try {
    // A low-order point makes every shared secret zero, which noble refuses.
    x25519.getSharedSecret(new Uint8Array(32).fill(1), bytes);
  } catch {
    throw new InputError(field, "a low-order x25519 point: anyone could read what is sealed to it");
  }
  return bytes;
}

/** Checks the JSON params as the workers would, so that a task is not refused by every worker. */
export function checkParams(params: TaskParams): TaskParams {
  const inputs = params.inputs ?? [];
  if (inputs.length > MAX_INPUTS) throw new InputError("params.inputs", `at most ${MAX_INPUTS} input files`);
  inputs.forEach((file, i) => {
    if (!validName(file.name) || inputs.slice(0, i).some((other) => other.name === file.name)) {
      throw new InputError("params.inputs", `bad or repeated input file name ${JSON.stringify(file.name)}`);
    }
    if (!isHttp(file.url)) throw new InputError("params.inputs", `input ${file.name} is not an http(s) URL`);
    fromHex(file.checksum, 32, `params.inputs[${i}].checksum`);
  });
  if (params.store !== undefined && !isHttp(params.store)) throw new InputError("params.store", "not an http(s) URL");
  if (params.encrypt_to !== undefined) checkRecipientKey(params.encrypt_to);
  return params;
}

/** The bytes of `params`: text and bytes as they are, an object checked and as JSON. */
export function encodeParams(params: string | Uint8Array | TaskParams): Uint8Array {
  if (typeof params === "string") return utf8(params);
  if (params instanceof Uint8Array) return params;
  return utf8(JSON.stringify(checkParams(params)));
}

/**
 * The JSON params of a deal, if its params are a JSON object (`undefined`
 * for plain-text arguments or malformed JSON: the workers refuse those).
 */
export function parseParams(bytes: Uint8Array): TaskParams | undefined {
  const text = fromUtf8(bytes);
  if (!text.trimStart().startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as TaskParams) : undefined;
  } catch {
    return undefined;
  }
}
