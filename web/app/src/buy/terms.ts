/** What a buyer asks for, and the request order it makes. */

import { DEFAULT_ORDER_LIFETIME, expiryIn, orderHash, requestOrder, type Hex, type RequestOrder, type TaskParams } from "@ect/sdk";

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

/** A request order and its hash, made before anything is signed or submitted. */
export interface PreparedRequest {
  order: RequestOrder;
  /** Its order hash: the `request` of the deals it makes. */
  hash: Hex;
}

/** The request order of `terms` for `requester`, expiring after the default lifetime (7 days). */
async function requestOf(session: Session, requester: string, terms: BuyTerms): Promise<RequestOrder> {
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

/** The request of `terms` for `requester`, with its hash (read from the chain). */
export async function prepareRequest(session: Session, requester: string, terms: BuyTerms): Promise<PreparedRequest> {
  const order = await requestOf(session, requester, terms);
  return { order, hash: await orderHash(session.chain, { type: "Request", value: order }) };
}
