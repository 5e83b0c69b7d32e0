/**
 * Claiming a task nobody certified before its final deadline: the
 * requester gets the task's price back (and the scheduler's stake goes to
 * the kitty). Anyone may send it; the refund goes to the requester.
 */

import type { EctChain } from "../chain/connect.js";
import { submit, type Included, type SubmitOptions } from "../chain/submit.js";
import type { Account } from "../chain/types.js";
import { EctError } from "../errors/errors.js";
import type { Hex } from "../util/hex.js";
import { getDeal, getTask } from "./read.js";
import { taskId } from "./ids.js";

/** What a claim did. */
export interface Claimed {
  /** The claimed task. */
  task: Hex;
  /** What the requester got back, in planck. */
  refund: bigint;
  /** The transaction. */
  included: Included;
}

/** When a task of a deal can be claimed: its final deadline (unix ms), from the task or, never initialized, from the deal. */
export async function claimableFrom(chain: EctChain, deal: Hex, index: number): Promise<bigint> {
  const task = await getTask(chain, taskId(deal, index));
  if (task) return task.final_deadline;
  const found = await getDeal(chain, deal);
  if (!found) throw new EctError("input", `deal ${deal} does not exist (or was pruned after its retention period)`);
  const category = await chain.api.query.Registry.Categories.getValue(found.category, { at: "best" });
  if (!category) throw new EctError("input", `the deal's category ${found.category} no longer exists`);
  // The final deadline is start + 10 × the category's time reference (seconds).
  return found.start + 10n * category.work_clock_time_ref * 1000n;
}

/**
 * Claims task `index` of `deal` (from its final deadline on); the chain
 * refuses earlier with `Poco.FinalDeadlineNotReached`.
 */
export async function claimTask(chain: EctChain, sender: Account, deal: Hex, index: number, options?: SubmitOptions): Promise<Claimed> {
  const included = await submit(chain, chain.api.tx.Poco.claim({ deal, index }), sender.signer, options);
  const refund = chain.api.event.Poco.TaskClaimed.filter(included.events).reduce((sum, { payload }) => sum + payload.refund, 0n);
  return { task: taskId(deal, index), refund, included };
}
