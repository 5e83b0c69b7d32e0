/** The workerpools as the marketplace shows them: listing, offers by category, workers seen and their scores. */

import { openOrders, type CategoryListing, type OpenOrder, type WorkerpoolListing, type WorkerpoolOrder } from "@ect/sdk";

import type { Session } from "../chain/session.js";
import { allOf } from "./catalog.js";
import type { MarketHistory, WorkerSeen } from "./history.js";

/** A workerpool offer in the book. */
export interface PoolOffer {
  hash: string;
  order: WorkerpoolOrder;
  remaining: number;
}

/** A worker seen in the pool, with its reputation score now. */
export interface PoolWorker extends WorkerSeen {
  score: number;
}

/** A pool with what the marketplace shows of it. */
export interface PoolView {
  listing: WorkerpoolListing;
  offers: PoolOffer[];
  /** Workers seen contributing to its tasks in the history's blocks; `undefined` while the history loads. */
  workers: PoolWorker[] | undefined;
}

/** The pools and the categories. */
export interface PoolsData {
  pools: PoolView[];
  categories: CategoryListing[];
}

const isPoolOffer = (o: OpenOrder): o is OpenOrder & { order: { type: "Workerpool"; value: WorkerpoolOrder } } => o.order.type === "Workerpool";

/** Reads every pool with its offers; with `history`, the workers seen and their scores. */
export async function loadPools(session: Session, history: MarketHistory | undefined): Promise<PoolsData> {
  const [listings, categories] = await Promise.all([allOf(session.catalog.workerpools), allOf(session.catalog.categories)]);
  const pools = await Promise.all(
    listings.map(async (listing): Promise<PoolView> => {
      const offers = (await openOrders(session.chain, { type: "Workerpool", value: listing.id }))
        .filter(isPoolOffer)
        .map((o) => ({ hash: o.hash, order: o.order.value, remaining: o.remaining }))
        .sort((a, b) => a.order.category - b.order.category || (a.order.price < b.order.price ? -1 : 1));
      const seen = history ? [...(history.workers.get(listing.id)?.values() ?? [])] : undefined;
      const workers = seen
        ? await Promise.all(
            seen.map(async (w) => ({ ...w, score: await session.chain.api.apis.ReputationApi.score(w.worker, { at: "best" }) })),
          )
        : undefined;
      return { listing, offers, workers: workers?.sort((a, b) => b.score - a.score || b.contributions - a.contributions) };
    }),
  );
  return { pools, categories };
}
