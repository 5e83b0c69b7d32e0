/**
 * Buying now from chosen offers: the buyer signs its request off chain (a
 * dev key signs the order hash, an extension `<Bytes>hash</Bytes>`) and
 * sends `match_orders` with the cheapest published offers. Unlike the
 * book, the chain either makes the deal or names why it cannot
 * (`Marketplace.RequesterCannotPay`, …).
 */

import { matchOrders, signOrder, type MatchedDeal } from "@ect/sdk";

import type { WalletAccount } from "../accounts/account.js";
import type { Session } from "../chain/session.js";
import { chooseOffers, type ChosenOffers } from "./offers.js";
import type { BuyTerms, PreparedRequest } from "./terms.js";

/** What a direct match did. */
export interface BoughtNow {
  /** The request's hash. */
  hash: string;
  deals: MatchedDeal[];
  offers: ChosenOffers;
}

/** Matches `account`'s `request`, made from `terms`, with the cheapest offers that fit the terms. */
export async function buyNow(session: Session, account: WalletAccount, terms: BuyTerms, request: PreparedRequest): Promise<BoughtNow> {
  const offers = await chooseOffers(session, terms);
  const { order } = request;
  const signed = await signOrder(session.chain, { type: "Request", value: order }, account.orderSigner);
  const deals = await matchOrders(session.chain, account, {
    app: { order: offers.app.order, signature: undefined },
    dataset: offers.dataset ? { order: offers.dataset.order, signature: undefined } : undefined,
    workerpool: { order: offers.workerpool.order, signature: undefined },
    request: { order, signature: signed.signature },
  });
  return { hash: signed.hash, deals, offers };
}
