/**
 * Fetching a completed task's result from wherever its results link points
 * (by default the pool's result store over HTTP) and verifying it as `ect
 * task result` does. A download has a time limit and a size cap.
 */

import type { EctChain } from "../chain/connect.js";
import type { Deal, Task } from "../chain/types.js";
import { ResultError } from "../errors/errors.js";
import { parseParams } from "../orders/params.js";
import { getDeal, getTask } from "../tasks/read.js";
import { concatBytes, type Hex } from "../util/hex.js";
import { parseResultsLink, type ResultsLink } from "./link.js";
import { verifyResult, type VerifiedResult } from "./verify.js";

/** How long a download may take by default: 30 s. */
export const DEFAULT_RESULT_TIMEOUT_MS = 30_000;

/** The most bytes a download reads by default: 64 MiB. */
export const DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024;

/** The limits of one download. */
export interface LoadLimits {
  /** Aborts when the time limit passes. */
  signal: AbortSignal;
  /** The most bytes to read; past them a loader stops and throws a {@link ResultError} `too-large`. */
  maxBytes: number;
}

/** Loads the bytes at a results link's location, within `limits`. */
export type Loader = (location: string, limits: LoadLimits) => Promise<Uint8Array>;

/** How long a download may take and how large it may be. */
export interface LimitOptions {
  /** Give up a download after this many milliseconds (default {@link DEFAULT_RESULT_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Refuse a stored result larger than this many bytes (default {@link DEFAULT_MAX_RESULT_BYTES}). */
  maxBytes?: number;
}

/** The limits of a download starting now. */
export function loadLimits(options: LimitOptions = {}): LoadLimits {
  return {
    signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_RESULT_TIMEOUT_MS),
    maxBytes: options.maxBytes ?? DEFAULT_MAX_RESULT_BYTES,
  };
}

const tooLarge = (location: string, maxBytes: number) =>
  new ResultError("too-large", `${location} is larger than ${maxBytes} bytes, the most a download reads`, "give a larger maxBytes if the result is expected to be that large");

/** What failed a download, as a {@link ResultError}: `timeout` once the time limit passed, else `download`. */
function loadFailure(location: string, limits: LoadLimits, error: unknown): ResultError {
  if (error instanceof ResultError) return error;
  if (limits.signal.aborted) {
    return new ResultError("timeout", `cannot load ${location}: the time limit passed first`, "the result store is slow or the result large: retry, or give a longer timeoutMs", { cause: error });
  }
  return new ResultError("download", `cannot load ${location}: ${String(error)}`, "the result store may be down, or the upload not done yet: retry", { cause: error });
}

/** The body of `response`, read chunk by chunk until it is done or past `maxBytes`. */
async function readCapped(response: Response, location: string, maxBytes: number): Promise<Uint8Array> {
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge(location, maxBytes);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.length;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge(location, maxBytes);
    }
    chunks.push(read.value);
  }
  return concatBytes(...chunks);
}

/** The default loader: an http(s) GET with `fetch`, within `limits` (default {@link loadLimits}). */
export async function httpLoader(location: string, limits: LoadLimits = loadLimits()): Promise<Uint8Array> {
  if (!/^https?:\/\//.test(location)) {
    throw new ResultError("download", `cannot load ${location}: not an http(s) URL`, "pass a loader that can read it");
  }
  try {
    const response = await fetch(location, { signal: limits.signal });
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      throw new ResultError(
        "download",
        `cannot load ${location}: HTTP ${response.status}`,
        response.status === 404 ? "the worker may not have uploaded it yet (about a block after certification): retry" : undefined,
      );
    }
    return await readCapped(response, location, limits.maxBytes);
  } catch (error) {
    throw loadFailure(location, limits, error);
  }
}

/** Options of {@link fetchResult}. */
export interface FetchResultOptions extends LimitOptions {
  /** The requester's x25519 secret, for a result sealed to its key. */
  resultKey?: Uint8Array;
  /** How to load the location (default: {@link httpLoader}). */
  loader?: Loader;
}

/** A fetched and verified result, with what it was checked against. */
export interface FetchedResult extends VerifiedResult {
  task: Hex;
  digest: Hex;
  link: ResultsLink;
}

/** A task's record and its deal's, as read from the chain. */
export interface TaskRecords {
  task: Task;
  deal: Deal;
}

const notCompleted = (task: Hex, state: string) =>
  new ResultError("not-completed", `task ${task} is ${state}, not Completed: it has no certified result yet`);

/** Loads the stored bytes at `location` within the options' limits, whatever the loader. */
async function loadStored(location: string, options: FetchResultOptions): Promise<Uint8Array> {
  const limits = loadLimits(options);
  let stored: Uint8Array;
  try {
    stored = await (options.loader ?? httpLoader)(location, limits);
  } catch (error) {
    throw loadFailure(location, limits, error);
  }
  if (stored.length > limits.maxBytes) throw tooLarge(location, limits.maxBytes);
  return stored;
}

/**
 * Fetches the result of `task` and verifies it against its records, read
 * earlier from the chain (a finished deal leaves the state after its
 * retention period; records read while it was there still verify its
 * results). Throws a {@link ResultError} naming what is wrong.
 */
export async function fetchResultFromRecords(task: Hex, records: TaskRecords, options: FetchResultOptions = {}): Promise<FetchedResult> {
  const { task: record, deal } = records;
  if (record.status.type !== "Completed") throw notCompleted(task, record.status.type);
  const digest = record.digest as Hex | undefined;
  if (!digest) throw new ResultError("not-completed", "the completed task has no certified digest");
  const link = parseResultsLink(record.results);
  const recipient = parseParams(deal.params)?.encrypt_to;
  if (recipient && !options.resultKey) {
    throw new ResultError("encrypted", `the result of task ${task} is encrypted to the requester's key ${recipient} (params encrypt_to)`, "give the secret result key");
  }
  const stored = await loadStored(link.location, options);
  const verified = verifyResult(stored, { digest, link, hasCallback: deal.callback !== undefined, recipient }, options.resultKey);
  return { ...verified, task, digest, link };
}

/**
 * Fetches the result of a completed task, checks it against the link's
 * hash and the certified digest (opening it with `resultKey` if sealed),
 * and returns its output and what the digest covers. Throws a
 * {@link ResultError} naming what is wrong.
 */
export async function fetchResult(chain: EctChain, task: Hex, options: FetchResultOptions = {}): Promise<FetchedResult> {
  const record = await getTask(chain, task);
  if (!record) throw notCompleted(task, "unknown");
  const deal = await getDeal(chain, record.deal as Hex);
  if (!deal) throw new ResultError("not-completed", `the task's deal ${record.deal} is no longer on chain`);
  return fetchResultFromRecords(task, { task: record, deal }, options);
}
