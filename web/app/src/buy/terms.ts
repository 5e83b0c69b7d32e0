/** What a buyer asks for, and the request order it makes. */

import { DEFAULT_ORDER_LIFETIME, expiryIn, requestOrder, type RequestOrder, type TaskParams } from "@ect/sdk";

import type { Session } from "../chain/session.js";

/** The terms of a purchase, as the buy form gives them. */
export interface BuyTerms {
  app: number;
  /** The dataset the app reads, if any. */
  dataset: number | undefined;
  /** The only workerpool allowed, if one is chosen. */
  workerpool: number | undefined;
  category: number;
  trust: number;
  volume: number;
  /** The most paid per task to each owner, in planck. */
  appMaxPrice: bigint;
  datasetMaxPrice: bigint;
  workerpoolMaxPrice: bigint;
  /** How much the total price counts against the pools' reputation in the book's ranking, in percent. */
  priceWeight: number;
  params: TaskParams;
}

/** The most the request can lock: (app + dataset + pool max price) × volume. */
export function mostLocked(terms: BuyTerms): bigint {
  const dataset = terms.dataset === undefined ? 0n : terms.datasetMaxPrice;
  return (terms.appMaxPrice + dataset + terms.workerpoolMaxPrice) * BigInt(terms.volume);
}

/** The request order of `terms` for `requester`, expiring after the default lifetime (7 days). */
export async function requestOf(session: Session, requester: string, terms: BuyTerms): Promise<RequestOrder> {
  return requestOrder({
    app: terms.app,
    appMaxPrice: terms.appMaxPrice,
    dataset: terms.dataset,
    datasetMaxPrice: terms.datasetMaxPrice,
    workerpool: terms.workerpool,
    workerpoolMaxPrice: terms.workerpoolMaxPrice,
    requester,
    volume: terms.volume,
    category: terms.category,
    trust: terms.trust,
    params: terms.params,
    expires: await expiryIn(session.chain, DEFAULT_ORDER_LIFETIME),
  });
}
