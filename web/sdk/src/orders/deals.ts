/** The deals a transaction made, read from its `Marketplace.DealCreated` events. */

import type { SS58String } from "polkadot-api";

import type { EctChain } from "../chain/connect.js";
import type { Included } from "../chain/submit.js";
import { taskIds } from "../tasks/ids.js";
import type { Hex } from "../util/hex.js";

/** A deal made by matching orders, with its tasks' ids. */
export interface MatchedDeal {
  /** The deal's id. */
  deal: Hex;
  /** The request it serves. */
  request: Hex;
  /** Who pays. */
  requester: SS58String;
  /** The workerpool's scheduler. */
  scheduler: SS58String;
  /** The workerpool order it used. */
  workerpoolOrder: Hex;
  /** The request's index of its first task. */
  firstIndex: number;
  /** How many tasks. */
  volume: number;
  /** Its tasks' ids, in index order. */
  tasks: Hex[];
}

/** The deals `included` made. */
export function matchedDeals(chain: EctChain, included: Included): MatchedDeal[] {
  return chain.api.event.Marketplace.DealCreated.filter(included.events).map(({ payload }) => ({
    deal: payload.deal as Hex,
    request: payload.request as Hex,
    requester: payload.requester,
    scheduler: payload.scheduler,
    workerpoolOrder: payload.workerpool_order as Hex,
    firstIndex: payload.first_index,
    volume: payload.volume,
    tasks: taskIds(payload.deal as Hex, payload.first_index, payload.volume),
  }));
}
