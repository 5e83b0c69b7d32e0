import type { Deal, Hex } from "@ect/sdk";
import { describe, expect, it } from "vitest";

import type { PastBlocks, RawEvent } from "../src/chain/legacy.js";
import { MarketHistory, buckets } from "../src/market/history.js";

const UNIT = 10n ** 12n;
const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const event = (pallet: string, name: string, value: unknown): RawEvent => ({ event: { type: pallet, value: { type: name, value } } });

/** A chain of `best + 1` blocks whose events and deals are given by block number. */
function fakeChain(events: Record<number, RawEvent[]>, deals: Record<string, Partial<Deal>>, pruned: number[] = []): PastBlocks {
  return {
    hashes: async (numbers) => numbers.map(hash),
    events: async (h) => {
      const n = Number(BigInt(h));
      return pruned.includes(n) ? undefined : (events[n] ?? []);
    },
    dealAt: async (deal) => deals[deal] as Deal | undefined,
  };
}

const deal = (app: number, pool: number, category: number, prices: [bigint, bigint]): Partial<Deal> => ({
  app: { id: app, owner: "a", price: prices[0] },
  dataset: undefined,
  workerpool: { id: pool, owner: "p", price: prices[1] },
  category,
  trust: 1,
  requester: "r",
});

describe("the market's history", () => {
  const d1 = hash(0xd1);
  const d2 = hash(0xd2);
  const t1 = hash(0x71);
  const past = fakeChain(
    {
      2: [event("Marketplace", "DealCreated", { deal: d1, volume: 2 })],
      3: [event("Poco", "TaskInitialized", { task: t1, deal: d1, index: 0 }), event("Poco", "Contributed", { task: t1, worker: "w1", result_hash: hash(1) })],
      4: [event("Poco", "Contributed", { task: t1, worker: "w2", result_hash: hash(1) })],
      6: [event("Marketplace", "DealCreated", { deal: d2, volume: 1 })],
    },
    { [d1]: deal(0, 7, 0, [UNIT / 2n, UNIT]), [d2]: deal(1, 8, 2, [UNIT, 3n * UNIT]) },
    [1],
  );

  it("reads the deals with their prices, the workers by pool, and counts pruned blocks", async () => {
    const history = new MarketHistory(past, 100);
    await history.scanTo(6);
    expect(history.deals.map((d) => [d.block, d.app, d.workerpool, d.category, d.volume, d.price])).toEqual([
      [2, 0, 7, 0, 2, (3n * UNIT) / 2n],
      [6, 1, 8, 2, 1, 4n * UNIT],
    ]);
    expect([...(history.workers.get(7)?.values() ?? [])].map((w) => [w.worker, w.contributions, w.lastBlock])).toEqual([
      ["w1", 1, 3],
      ["w2", 1, 4],
    ]);
    expect(history.missing).toBe(1);
    expect([history.from, history.to]).toEqual([0, 6]);
  });

  it("reads only the window at first, then each new block once", async () => {
    const history = new MarketHistory(past, 3);
    await history.scanTo(4);
    expect(history.from).toBe(2);
    expect(history.deals).toHaveLength(1);
    let changes = 0;
    history.onChange(() => changes++);
    await Promise.all([history.scanTo(6), history.scanTo(6)]);
    expect(history.deals).toHaveLength(2);
    expect(changes).toBe(1);
  });

  it("sums tasks and the mean price per bucket", async () => {
    const history = new MarketHistory(past, 100);
    await history.scanTo(6);
    const bars = buckets(history, 0, 7, 4);
    expect(bars.map((b) => [b.from, b.to, b.tasks, b.meanPrice])).toEqual([
      [0, 1, 0, undefined],
      [2, 3, 2, (3n * UNIT) / 2n],
      [4, 5, 0, undefined],
      [6, 7, 1, 4n * UNIT],
    ]);
  });
});
