/**
 * Buying through the order book: `publish_request` with the buyer's
 * `price_weight`; the chain ranks the pools' offers by price and
 * reputation and makes the deals at once. Volume it cannot match rests in
 * the book until an offer comes.
 */

import { publishRequest, type RequestPublished } from "@ect/sdk";

import type { WalletAccount } from "../accounts/account.js";
import type { Session } from "../chain/session.js";
import type { PreparedRequest } from "./terms.js";

/** Publishes `account`'s `request`, ranking the offers with `priceWeight`, and returns what it matched. */
export async function buyFromBook(session: Session, account: WalletAccount, request: PreparedRequest, priceWeight: number): Promise<RequestPublished> {
  return publishRequest(session.chain, account, request.order, priceWeight);
}
