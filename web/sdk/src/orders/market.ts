/**
 * The order book and matching: publishing offers and requests, presigning,
 * cancelling and unpublishing orders, signing them off chain, and matching
 * four orders into a deal. Every order is checked against the chain's
 * bounds before it is sent.
 */

import type { EctChain } from "../chain/connect.js";
import { bestBlock } from "../chain/blocks.js";
import { submit, type Included, type SubmitOptions } from "../chain/submit.js";
import type {
  Account,
  AppOrder,
  AssetRef,
  DatasetOrder,
  MultiSignature,
  Order,
  OrderState,
  RequestOrder,
  SignedOrder,
  WorkerpoolOrder,
} from "../chain/types.js";
import { InputError } from "../errors/errors.js";
import { checkPercent, readBounds } from "../input/bounds.js";
import { checkOrder } from "../input/orders.js";
import type { Hex } from "../util/hex.js";
import { matchedDeals, type MatchedDeal } from "./deals.js";
import { orderHash } from "./hash.js";
import { signOrderHash, type OrderSigner } from "./sign.js";

/** An offer: an app, dataset or workerpool order. */
export type Offer = Exclude<Order, { type: "Request" }>;

/** Checks `order` against the running chain's bounds and best block. */
export async function checkOrderOnChain<O extends Order>(chain: EctChain, order: O): Promise<O> {
  const [bounds, best] = await Promise.all([readBounds(chain), bestBlock(chain)]);
  return checkOrder(order, bounds, best.number);
}

/** What publishing an order did. */
export interface Published {
  /** The order's hash. */
  hash: Hex;
  /** The deals it made at once (an offer with resting requests, a request with offers). */
  deals: MatchedDeal[];
  /** The transaction. */
  included: Included;
}

/** What publishing a request did. */
export interface RequestPublished extends Published {
  /** The volume not matched yet. */
  remaining: number;
  /** Until when the unmatched volume rests in the book, if it does. */
  restingUntil: number | undefined;
}

/**
 * Publishes an offer in the order book (holding its deposit); it is matched
 * at once with the resting requests it can serve.
 */
export async function publishOffer(chain: EctChain, owner: Account, offer: Offer, options?: SubmitOptions): Promise<Published> {
  await checkOrderOnChain(chain, offer);
  const hash = await orderHash(chain, offer);
  const included = await submit(chain, chain.api.tx.Marketplace.publish_offer({ order: offer }), owner.signer, options);
  return { hash, deals: matchedDeals(chain, included), included };
}

/**
 * Publishes a request and matches it at once with the best offers.
 * `priceWeight` (percent, default 100) is how much the total price counts
 * against the workerpools' reputation.
 */
export async function publishRequest(
  chain: EctChain,
  requester: Account,
  request: RequestOrder,
  priceWeight = 100,
  options?: SubmitOptions,
): Promise<RequestPublished> {
  checkPercent("priceWeight", priceWeight);
  const order: Order = { type: "Request", value: request };
  await checkOrderOnChain(chain, order);
  if (request.requester !== requester.address) {
    throw new InputError("order.requester", `the request is ${request.requester}'s, but ${requester.address} would publish it`);
  }
  const hash = await orderHash(chain, order);
  const included = await submit(
    chain,
    chain.api.tx.Marketplace.publish_request({ order: request, price_weight: priceWeight }),
    requester.signer,
    options,
  );
  const matched = chain.api.event.Marketplace.RequestMatched.filter(included.events)[0]?.payload;
  const resting = chain.api.event.Marketplace.RequestResting.filter(included.events)[0]?.payload;
  return {
    hash,
    deals: matchedDeals(chain, included),
    remaining: matched?.remaining ?? request.volume,
    restingUntil: resting?.expires,
    included,
  };
}

/** Presigns an order on chain (by its owner): it can then be matched without a signature. */
export async function presignOrder(chain: EctChain, owner: Account, order: Order, options?: SubmitOptions): Promise<Hex> {
  await checkOrderOnChain(chain, order);
  const hash = await orderHash(chain, order);
  await submit(chain, chain.api.tx.Marketplace.presign({ order }), owner.signer, options);
  return hash;
}

/** Cancels an order for good (and takes it out of the book), by its owner. */
export async function cancelOrder(chain: EctChain, owner: Account, order: Order, options?: SubmitOptions): Promise<Hex> {
  const best = await bestBlock(chain);
  if (order.value.expires <= best.number + 1) {
    throw new InputError("order.expires", `the order expired at block ${order.value.expires} (the chain is at ${best.number})`);
  }
  const hash = await orderHash(chain, order);
  await submit(chain, chain.api.tx.Marketplace.cancel({ order }), owner.signer, options);
  return hash;
}

/** Takes an order its publisher published out of the book (not cancelled) and releases its deposit. */
export async function unpublishOrder(chain: EctChain, publisher: Account, hash: Hex, options?: SubmitOptions): Promise<void> {
  await submit(chain, chain.api.tx.Marketplace.unpublish({ order: hash }), publisher.signer, options);
}

/**
 * Signs an order off chain: checks it, gets its hash from the chain, and
 * signs the hash with `signer` (see {@link OrderSigner} for the two ways).
 */
export async function signOrder<O extends Order>(
  chain: EctChain,
  order: O,
  signer: OrderSigner,
): Promise<{ order: O; hash: Hex; signature: MultiSignature }> {
  await checkOrderOnChain(chain, order);
  const hash = await orderHash(chain, order);
  return { order, hash, signature: await signOrderHash(hash, signer) };
}

/** The four orders of a match: each signed, or presigned/published (no signature). */
export interface MatchInput {
  app: SignedOrder<AppOrder>;
  dataset?: SignedOrder<DatasetOrder>;
  workerpool: SignedOrder<WorkerpoolOrder>;
  request: SignedOrder<RequestOrder>;
}

/** Matches four orders into a deal (anyone may send it); returns the deals made. */
export async function matchOrders(chain: EctChain, sender: Account, input: MatchInput, options?: SubmitOptions): Promise<MatchedDeal[]> {
  await Promise.all([
    checkOrderOnChain(chain, { type: "App", value: input.app.order }),
    input.dataset && checkOrderOnChain(chain, { type: "Dataset", value: input.dataset.order }),
    checkOrderOnChain(chain, { type: "Workerpool", value: input.workerpool.order }),
    checkOrderOnChain(chain, { type: "Request", value: input.request.order }),
  ]);
  const call = chain.api.tx.Marketplace.match_orders({
    app_order: input.app,
    dataset_order: input.dataset,
    workerpool_order: input.workerpool,
    request_order: input.request,
  });
  return matchedDeals(chain, await submit(chain, call, sender.signer, options));
}

/** An open order of the book: its hash, the order and its remaining volume. */
export interface OpenOrder {
  hash: Hex;
  order: Order;
  remaining: number;
}

/** The published orders listed under an asset (offers by their asset, requests by their app and dataset). */
export async function openOrders(chain: EctChain, asset: AssetRef): Promise<OpenOrder[]> {
  const orders = await chain.api.apis.MarketplaceApi.open_orders(asset, { at: "best" });
  return orders.map(([hash, order, remaining]) => ({ hash: hash as Hex, order, remaining }));
}

/** What the chain knows of an order: consumed volume, cancelled, presigned, published. */
export async function orderState(chain: EctChain, hash: Hex): Promise<OrderState> {
  return chain.api.apis.MarketplaceApi.order_state(hash, { at: "best" });
}
