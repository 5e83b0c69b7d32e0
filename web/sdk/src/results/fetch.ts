/**
 * Fetching a completed task's result from wherever its results link points
 * (by default the pool's result store over HTTP) and verifying it as `ect
 * task result` does.
 */

import type { EctChain } from "../chain/connect.js";
import { ResultError } from "../errors/errors.js";
import { parseParams } from "../orders/params.js";
import { getDeal, getTask } from "../tasks/read.js";
import type { Hex } from "../util/hex.js";
import { parseResultsLink, type ResultsLink } from "./link.js";
import { verifyResult, type VerifiedResult } from "./verify.js";

/** Loads the bytes at a results link's location. */
export type Loader = (location: string) => Promise<Uint8Array>;

/** The default loader: an http(s) GET with `fetch`. */
export const httpLoader: Loader = async (location) => {
  if (!/^https?:\/\//.test(location)) {
    throw new ResultError("download", `cannot load ${location}: not an http(s) URL`, "pass a loader that can read it");
  }
  let response: Response;
  try {
    response = await fetch(location);
  } catch (error) {
    throw new ResultError("download", `cannot load ${location}: ${String(error)}`, "the result store may be down, or the upload not done yet: retry", { cause: error });
  }
  if (!response.ok) {
    throw new ResultError(
      "download",
      `cannot load ${location}: HTTP ${response.status}`,
      response.status === 404 ? "the worker may not have uploaded it yet (about a block after certification): retry" : undefined,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
};

/** Options of {@link fetchResult}. */
export interface FetchResultOptions {
  /** The requester's x25519 secret, for a result sealed to its key. */
  resultKey?: Uint8Array;
  /** How to load the location (default: http(s) with `fetch`). */
  loader?: Loader;
}

/** A fetched and verified result, with what it was checked against. */
export interface FetchedResult extends VerifiedResult {
  task: Hex;
  digest: Hex;
  link: ResultsLink;
}

/**
 * Fetches the result of a completed task, checks it against the link's
 * hash and the certified digest (opening it with `resultKey` if sealed),
 * and returns its output. Throws a {@link ResultError} naming what is wrong.
 */
export async function fetchResult(chain: EctChain, task: Hex, options: FetchResultOptions = {}): Promise<FetchedResult> {
  const record = await getTask(chain, task);
  if (!record || record.status.type !== "Completed") {
    throw new ResultError("not-completed", `task ${task} is ${record?.status.type ?? "unknown"}, not Completed: it has no certified result yet`);
  }
  const digest = record.digest as Hex | undefined;
  if (!digest) throw new ResultError("not-completed", "the completed task has no certified digest");
  const link = parseResultsLink(record.results);
  const deal = await getDeal(chain, record.deal as Hex);
  if (!deal) throw new ResultError("not-completed", `the task's deal ${record.deal} is no longer on chain`);
  const recipient = parseParams(deal.params)?.encrypt_to;
  if (recipient && !options.resultKey) {
    throw new ResultError("encrypted", `the result of task ${task} is encrypted to the requester's key ${recipient} (params encrypt_to)`, "give the secret result key");
  }
  const stored = await (options.loader ?? httpLoader)(link.location);
  const verified = verifyResult(stored, { digest, link, hasCallback: deal.callback !== undefined, recipient }, options.resultKey);
  return { ...verified, task, digest, link };
}
