/** Reading deals, tasks and their contributions (at the best block). */

import type { SS58String } from "polkadot-api";

import type { EctChain } from "../chain/connect.js";
import type { Contribution, Deal, Task } from "../chain/types.js";
import type { Hex } from "../util/hex.js";

/** A deal, if it exists (a finished deal leaves the state after its retention period). */
export async function getDeal(chain: EctChain, deal: Hex, at?: Hex): Promise<Deal | undefined> {
  return chain.api.apis.MarketplaceApi.deal(deal, { at: at ?? "best" });
}

/** A task's full record, if it was initialized or claimed. */
export async function getTask(chain: EctChain, task: Hex, at?: Hex): Promise<Task | undefined> {
  return chain.api.apis.PocoApi.task(task, { at: at ?? "best" });
}

/** A task's contributions, by worker. */
export async function getContributions(chain: EctChain, task: Hex): Promise<Array<{ worker: SS58String; contribution: Contribution }>> {
  const list = await chain.api.apis.PocoApi.contributions(task, { at: "best" });
  return list.map(([worker, contribution]) => ({ worker, contribution }));
}
