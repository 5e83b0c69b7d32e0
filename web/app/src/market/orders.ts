/** The open orders of the book: every asset's listing, each order once. */

import { openOrders, type AssetRef, type OpenOrder } from "@ect/sdk";

import type { Session } from "../chain/session.js";
import type { Listings } from "./catalog.js";

/** The open orders listed under the given assets (requests are listed under their app and dataset: each is kept once). */
export async function openBook(session: Session, assets: AssetRef[]): Promise<OpenOrder[]> {
  const lists = await Promise.all(assets.map((asset) => openOrders(session.chain, asset)));
  const seen = new Map<string, OpenOrder>();
  for (const order of lists.flat()) seen.set(order.hash, order);
  return [...seen.values()];
}

/** Every asset of the catalogue, as the book indexes them. */
export function assetsOf(listings: Listings): AssetRef[] {
  return [
    ...listings.workerpools.map((p): AssetRef => ({ type: "Workerpool", value: p.id })),
    ...listings.apps.map((a): AssetRef => ({ type: "App", value: a.id })),
    ...listings.datasets.map((d): AssetRef => ({ type: "Dataset", value: d.id })),
  ];
}

/** The price of an offer, or the most a request pays per task (app + dataset + pool). */
export function orderPrice(order: OpenOrder["order"]): bigint {
  if (order.type === "Request") {
    const r = order.value;
    return r.app_max_price + (r.dataset === undefined ? 0n : r.dataset_max_price) + r.workerpool_max_price;
  }
  return order.value.price;
}

/** The asset an order is about: `app #0`, `pool #1`, or a request's app. */
export function orderAsset(order: OpenOrder["order"]): string {
  switch (order.type) {
    case "App":
      return `app #${order.value.app}`;
    case "Dataset":
      return `dataset #${order.value.dataset}`;
    case "Workerpool":
      return `pool #${order.value.workerpool}`;
    case "Request":
      return `app #${order.value.app}${order.value.dataset === undefined ? "" : ` + dataset #${order.value.dataset}`}`;
  }
}
