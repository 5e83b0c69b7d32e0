/**
 * The rule of `ect task result`: the stored bytes must hash to the results
 * link's bundle hash; a sealed result is opened with the requester's
 * secret; the (plaintext) bundle must decode as an output whose digest is
 * the digest the chain certified. For a deal with a callback that digest is
 * the callback file's alone: the rest of the bundle is bound only by the
 * link's bundle hash, which the scheduler wrote, not by the workers'
 * consensus ({@link VerifiedResult.covers}).
 */

import { ResultError } from "../errors/errors.js";
import type { Hex } from "../util/hex.js";
import { blake2_256, decodeBundle, digestOf, type Output } from "./bundle.js";
import type { ResultsLink } from "./link.js";
import { openSealed } from "./sealed.js";

/** What to check stored result bytes against. */
export interface Certified {
  /** The digest the chain certified. */
  digest: Hex;
  /** The results link the chain holds. */
  link: ResultsLink;
  /** Whether the deal has a callback (the digest is then the callback's). */
  hasCallback: boolean;
  /** The `encrypt_to` key of the deal's params, if the result is sealed. */
  recipient?: Hex | undefined;
}

/**
 * What the certified digest covers: the whole `bundle` (stdout and every
 * `/out` file), or only the `callback` file for a deal with a callback.
 */
export type DigestCoverage = "bundle" | "callback";

/** What the certified digest of a deal's results covers. */
function digestCoverage(hasCallback: boolean): DigestCoverage {
  return hasCallback ? "callback" : "bundle";
}

/** A verified result. */
export interface VerifiedResult {
  /** The plaintext bundle. */
  bundle: Uint8Array;
  /** Its output: stdout and `/out` files. */
  output: Output;
  /** Whether it was sealed to the requester's key. */
  encrypted: boolean;
  /**
   * What the certified digest vouches for. `bundle`: all of the output.
   * `callback`: only the `callback` file; stdout and the other files match
   * the bundle hash of the results link the scheduler wrote, which no
   * consensus certified.
   */
  covers: DigestCoverage;
}

/** Checks that the stored bytes hash to the link's bundle hash. */
export function checkBundleHash(stored: Uint8Array, link: ResultsLink): void {
  if (blake2_256(stored) !== link.bundle) {
    throw new ResultError("bundle-hash", `${link.location} is not the certified result: it does not hash to the link's bundle hash`);
  }
}

/** Checks a plaintext bundle against the certified digest and returns its output. */
export function checkDigest(bundle: Uint8Array, digest: Hex, hasCallback: boolean, location = "the bundle"): Output {
  let output: Output;
  try {
    output = decodeBundle(bundle);
  } catch {
    throw new ResultError("malformed", `${location} is not the certified result: it is not a result bundle`);
  }
  if (digestOf(output, hasCallback) !== digest) {
    throw new ResultError("digest", `${location} is not the certified result: its digest is not the certified digest`);
  }
  return output;
}

/**
 * Verifies stored result bytes against what the chain certified, opening a
 * sealed result with `secret` (the requester's x25519 secret key).
 */
export function verifyResult(stored: Uint8Array, certified: Certified, secret?: Uint8Array): VerifiedResult {
  if (certified.recipient && !secret) {
    throw new ResultError(
      "encrypted",
      `the result is encrypted to the requester's key ${certified.recipient} (params encrypt_to)`,
      "give the secret result key",
    );
  }
  checkBundleHash(stored, certified.link);
  const bundle = certified.recipient && secret ? openSealed(secret, stored) : stored;
  const output = checkDigest(bundle, certified.digest, certified.hasCallback, certified.link.location);
  return { bundle, output, encrypted: Boolean(certified.recipient), covers: digestCoverage(certified.hasCallback) };
}
