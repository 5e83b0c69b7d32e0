/**
 * Following a task's life block by block: not initialized yet (`Unset`),
 * `Active` while workers contribute, `Revealing` once a consensus is
 * reached, then `Completed` (certified) or `Failed` (claimed after its
 * final deadline).
 */

import { BlockNotPinnedError } from "polkadot-api";
import { Observable, concatMap, distinctUntilChanged, filter, map, type Subscription } from "rxjs";

import type { EctChain } from "../chain/connect.js";
import type { Task, TaskStatus } from "../chain/types.js";
import { TaskFailedError, TimeoutError } from "../errors/errors.js";
import type { Hex } from "../util/hex.js";
import { getTask } from "./read.js";

/** Where a task stands at a block. */
export interface TaskProgress {
  /** The task's id. */
  task: Hex;
  /** The best block read. */
  block: { hash: Hex; number: number };
  /** Its status (`Unset`: not initialized yet). */
  status: TaskStatus;
  /** How many workers contributed. */
  contributions: number;
  /** The consensus result hash, once reached. */
  consensus: Hex | undefined;
  /** The full record, once initialized. */
  record: Task | undefined;
}

const changed = (a: TaskProgress, b: TaskProgress) =>
  a.status === b.status && a.contributions === b.contributions && a.consensus === b.consensus;

/** The task's progress at `best`, or `undefined` if the block was unpinned before it could be read (a burst of blocks). */
async function progressAt(chain: EctChain, task: Hex, best: { hash: string; number: number }): Promise<TaskProgress | undefined> {
  let record: Task | undefined;
  try {
    record = await getTask(chain, task, best.hash as Hex);
  } catch (error) {
    if (error instanceof BlockNotPinnedError) return undefined;
    throw error;
  }
  return {
    task,
    block: { hash: best.hash as Hex, number: best.number },
    status: record?.status.type ?? "Unset",
    contributions: record?.contributors.length ?? 0,
    consensus: record?.consensus as Hex | undefined,
    record,
  };
}

/**
 * The task's progress at each new best block, emitted when it changes
 * (status, contributions, consensus); completes after `Completed` or
 * `Failed`. A block unpinned before it is read is skipped: the next one
 * follows.
 */
export function taskProgress$(chain: EctChain, task: Hex): Observable<TaskProgress> {
  return chain.client.bestBlocks$.pipe(
    map((blocks) => blocks[0]),
    filter((best): best is NonNullable<typeof best> => best !== undefined),
    distinctUntilChanged((a, b) => a.hash === b.hash),
    concatMap((best) => progressAt(chain, task, best)),
    filter((progress): progress is TaskProgress => progress !== undefined),
    distinctUntilChanged(changed),
    (source) =>
      new Observable<TaskProgress>((observer) =>
        source.subscribe({
          next: (progress) => {
            observer.next(progress);
            if (progress.status === "Completed" || progress.status === "Failed") observer.complete();
          },
          error: (error: unknown) => observer.error(error),
          complete: () => observer.complete(),
        }),
      ),
  );
}

/** Options of {@link watchTask}. */
export interface WatchOptions {
  /** Called with each change of the task's progress. */
  onProgress?: (progress: TaskProgress) => void;
  /** Give up after this many milliseconds (default: never). */
  timeoutMs?: number;
}

/**
 * Follows a task until it is certified and resolves with its record;
 * rejects with {@link TaskFailedError} if it fails, {@link TimeoutError} if
 * `timeoutMs` passes first.
 */
export function watchTask(chain: EctChain, task: Hex, options: WatchOptions = {}): Promise<Task> {
  return new Promise<Task>((resolve, reject) => {
    let last: TaskProgress | undefined;
    let subscription: Subscription | undefined;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            subscription?.unsubscribe();
            reject(new TimeoutError(`timed out after ${options.timeoutMs} ms: task ${task} is still ${last?.status ?? "Unset"}`));
          }, options.timeoutMs);
    const done = () => timer !== undefined && clearTimeout(timer);
    subscription = taskProgress$(chain, task).subscribe({
      next: (progress) => {
        last = progress;
        options.onProgress?.(progress);
      },
      error: (error: unknown) => {
        done();
        reject(error);
      },
      complete: () => {
        done();
        if (last?.status === "Completed" && last.record) resolve(last.record);
        else reject(new TaskFailedError(task));
      },
    });
  });
}
