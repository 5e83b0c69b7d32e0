/**
 * A certified task's result, downloaded and verified in the browser with the
 * SDK: the stored bytes must hash to the results link on chain, and the
 * bundle's digest must be the certified digest. A finished deal leaves the
 * state after its retention period (a minute on a dev chain): the task and
 * deal records read while it was certified are then used to verify.
 */

import { ResultError, fetchResult, fetchResultFromRecords, type FetchedResult, type Hex, type TaskRecords } from "@ect/sdk";

import type { Session } from "../chain/session.js";

/** Options of {@link fetchVerified}. */
export interface FetchOptions {
  /** The secret of the key the result is sealed to. */
  resultKey?: Uint8Array | undefined;
  /** The records read at certification, for when they have left the state. */
  certified?: TaskRecords | undefined;
  /** How many downloads to try while the worker's upload is on its way (1 s apart). */
  attempts?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Downloads and verifies the result of `task`, retrying while the upload may still be on its way. */
export async function fetchVerified(session: Session, task: Hex, options: FetchOptions = {}): Promise<FetchedResult> {
  const attempts = options.attempts ?? 15;
  const keyOption = { resultKey: options.resultKey };
  for (let attempt = 1; ; attempt++) {
    try {
      try {
        return await fetchResult(session.chain, task, keyOption);
      } catch (error) {
        // The deal was pruned after its retention period: verify against the records read before.
        if (error instanceof ResultError && error.problem === "not-completed" && options.certified) {
          return await fetchResultFromRecords(task, options.certified, keyOption);
        }
        throw error;
      }
    } catch (error) {
      if (attempt >= attempts || !(error instanceof ResultError && error.problem === "download")) throw error;
      await sleep(1000);
    }
  }
}
