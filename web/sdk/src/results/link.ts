/**
 * The results link a certified task holds on chain (its `results` bytes):
 * `{"location": "<url>/bundles/0x<hash>", "bundle": "0x<blake2 of the stored bytes>"}`.
 */

import { ResultError } from "../errors/errors.js";
import { fromUtf8 } from "../util/hex.js";

/** Where a result bundle is, and the hash of its stored bytes. */
export interface ResultsLink {
  /** An http(s) URL (or a path, or a `file://` URL, for a local store). */
  location: string;
  /** `0x` + the blake2-256 of the stored bytes (sealed ones for a sealed result), lowercase. */
  bundle: string;
}

/** The link in a task's `results` bytes. */
export function parseResultsLink(results: Uint8Array): ResultsLink {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(results));
  } catch (error) {
    throw new ResultError("bad-link", `the task's results are not a results link: ${String(error)}`);
  }
  const link = value as Partial<ResultsLink> | null;
  if (typeof link?.location !== "string" || typeof link.bundle !== "string") {
    throw new ResultError("bad-link", `the task's results are not a results link: ${fromUtf8(results).slice(0, 200)}`);
  }
  return { location: link.location, bundle: link.bundle };
}
