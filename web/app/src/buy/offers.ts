/** The cheapest open offers that fit a buyer's terms: an app offer, a dataset offer and a workerpool offer. */

import { bestBlock, InputError, openOrders, type AppOrder, type DatasetOrder, type OpenOrder, type WorkerpoolOrder } from "@ect/sdk";

import type { Session } from "../chain/session.js";
import { allOf } from "../market/catalog.js";
import type { BuyTerms } from "./terms.js";

/** An offer of the book and its hash. */
export interface Chosen<O> {
  hash: string;
  order: O;
  remaining: number;
}

/** The offers a direct match uses. */
export interface ChosenOffers {
  app: Chosen<AppOrder>;
  dataset: Chosen<DatasetOrder> | undefined;
  workerpool: Chosen<WorkerpoolOrder>;
}

function cheapest<O extends { price: bigint }>(offers: Array<Chosen<O>>): Chosen<O> | undefined {
  return offers.reduce<Chosen<O> | undefined>((best, o) => (best === undefined || o.order.price < best.order.price ? o : best), undefined);
}

function live<T extends OpenOrder["order"]["type"]>(type: T, now: number) {
  return (o: OpenOrder): o is OpenOrder & { order: Extract<OpenOrder["order"], { type: T }> } =>
    o.order.type === type && o.remaining > 0 && o.order.value.expires > now + 1;
}

/** Picks the cheapest offers within the terms' max prices; an {@link InputError} names what is missing. */
export async function chooseOffers(session: Session, terms: BuyTerms): Promise<ChosenOffers> {
  const { chain } = session;
  const now = (await bestBlock(chain)).number;
  const pick = <O>(o: { hash: string; order: { value: O }; remaining: number }): Chosen<O> => ({ hash: o.hash, order: o.order.value, remaining: o.remaining });

  const apps = (await openOrders(chain, { type: "App", value: terms.app })).filter(live("App", now)).map(pick<AppOrder>);
  const app = cheapest(apps.filter((o) => o.order.price <= terms.appMaxPrice));
  if (!app) {
    throw new InputError("app max price", apps.length ? `every offer of app #${terms.app} costs more than your max price` : `app #${terms.app} has no open offer`, "raise the max price, or buy through the order book: the request rests until an offer comes");
  }

  let dataset: Chosen<DatasetOrder> | undefined;
  if (terms.dataset !== undefined) {
    const offers = (await openOrders(chain, { type: "Dataset", value: terms.dataset })).filter(live("Dataset", now)).map(pick<DatasetOrder>);
    dataset = cheapest(offers.filter((o) => o.order.price <= terms.datasetMaxPrice));
    if (!dataset) throw new InputError("dataset max price", `no offer of dataset #${terms.dataset} within your max price`, "raise it, or buy through the order book");
  }

  const pools = terms.workerpool === undefined ? (await allOf(session.catalog.workerpools)).map((p) => p.id) : [terms.workerpool];
  const poolOffers = (await Promise.all(pools.map((id) => openOrders(chain, { type: "Workerpool", value: id }))))
    .flat()
    .filter(live("Workerpool", now))
    .map(pick<WorkerpoolOrder>)
    .filter((o) => o.order.category === terms.category && o.order.trust >= terms.trust && o.order.price <= terms.workerpoolMaxPrice);
  const workerpool = cheapest(poolOffers);
  if (!workerpool) {
    throw new InputError("workerpool max price", `no pool offers category ${terms.category} at trust ${terms.trust} within your max price`, "raise the pool max price, lower the trust, or choose another category");
  }
  return { app, dataset, workerpool };
}
