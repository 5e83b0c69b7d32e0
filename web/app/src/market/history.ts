/**
 * The market's recent history, read from the blocks' events: each deal
 * made (`Marketplace.DealCreated`, with its prices read from the deal at
 * that block) and each worker seen contributing to a pool's tasks
 * (`Poco.TaskInitialized` and `Poco.Contributed`). It starts with the last
 * `window` blocks and follows the best block while the page is open.
 */

import type { Deal, Hex } from "@ect/sdk";

import type { PastBlocks, RawEvent } from "../chain/legacy.js";

/** A deal seen being made, with its prices per task. */
export interface DealSeen {
  block: number;
  deal: Hex;
  requester: string;
  app: number;
  dataset: number | undefined;
  workerpool: number;
  category: number;
  trust: number;
  /** How many tasks. */
  volume: number;
  /** What one task costs the requester: app + dataset + pool price. */
  price: bigint;
  prices: { app: bigint; dataset: bigint; workerpool: bigint };
}

/** A worker seen contributing to a pool's tasks. */
export interface WorkerSeen {
  worker: string;
  contributions: number;
  lastBlock: number;
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await fn(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

const payload = (record: RawEvent) => record.event.value.value as Record<string, unknown>;

/** The history of deals and workers over recent blocks. */
export class MarketHistory {
  /** Deals made, oldest first. */
  readonly deals: DealSeen[] = [];
  /** Workers by workerpool id. */
  readonly workers = new Map<number, Map<string, WorkerSeen>>();
  /** The first block read (its state may have been pruned already), and the last. */
  from: number | undefined;
  to = -1;
  /** Blocks whose state the node no longer had. */
  missing = 0;

  private readonly taskDeal = new Map<Hex, Hex>();
  private readonly dealPool = new Map<Hex, number>();
  private readonly listeners = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly past: PastBlocks,
    /** How many blocks before the best one the first read covers. */
    readonly window: number,
  ) {}

  /** Calls `listener` after each change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the blocks after the last one read, up to `best` (at most `window` of them). Calls are serialized. */
  scanTo(best: number): Promise<void> {
    this.queue = this.queue.then(() => this.scan(best)).catch(() => undefined);
    return this.queue;
  }

  /** The deals in blocks `from..=to`. */
  dealsBetween(from: number, to: number): DealSeen[] {
    return this.deals.filter((d) => d.block >= from && d.block <= to);
  }

  private async scan(best: number): Promise<void> {
    const start = Math.max(this.to + 1, best - this.window + 1, 0);
    if (start > best) return;
    const numbers = Array.from({ length: best - start + 1 }, (_, i) => start + i);
    const hashes = await this.past.hashes(numbers);
    const blocks = await mapLimit(numbers, 16, async (number) => {
      const hash = hashes[number - start];
      return { number, hash, events: hash ? await this.past.events(hash) : undefined };
    });
    for (const block of blocks) {
      if (!block.hash || !block.events) {
        this.missing++;
        continue;
      }
      await this.absorb(block.number, block.hash, block.events);
    }
    this.from ??= start;
    this.to = best;
    for (const listener of this.listeners) listener();
  }

  private async absorb(number: number, hash: Hex, events: RawEvent[]): Promise<void> {
    for (const record of events) {
      const { type: pallet, value } = record.event;
      if (pallet === "Marketplace" && value.type === "DealCreated") {
        const e = payload(record);
        const dealId = e.deal as Hex;
        const deal = await this.past.dealAt(dealId, hash);
        if (deal) this.addDeal(number, dealId, deal, e.volume as number);
      } else if (pallet === "Poco" && value.type === "TaskInitialized") {
        const e = payload(record);
        this.taskDeal.set(e.task as Hex, e.deal as Hex);
      } else if (pallet === "Poco" && value.type === "Contributed") {
        const e = payload(record);
        const pool = await this.poolOfTask(e.task as Hex, hash);
        if (pool !== undefined) this.addWorker(pool, e.worker as string, number);
      }
    }
  }

  private addDeal(block: number, deal: Hex, d: Deal, volume: number): void {
    const prices = { app: d.app.price, dataset: d.dataset?.price ?? 0n, workerpool: d.workerpool.price };
    this.dealPool.set(deal, d.workerpool.id);
    this.deals.push({
      block,
      deal,
      requester: d.requester,
      app: d.app.id,
      dataset: d.dataset?.id,
      workerpool: d.workerpool.id,
      category: d.category,
      trust: d.trust,
      volume,
      price: prices.app + prices.dataset + prices.workerpool,
      prices,
    });
  }

  private async poolOfTask(task: Hex, at: Hex): Promise<number | undefined> {
    const deal = this.taskDeal.get(task);
    if (!deal) return undefined;
    const known = this.dealPool.get(deal);
    if (known !== undefined) return known;
    const found = await this.past.dealAt(deal, at);
    if (found) this.dealPool.set(deal, found.workerpool.id);
    return found?.workerpool.id;
  }

  private addWorker(pool: number, worker: string, block: number): void {
    let byWorker = this.workers.get(pool);
    if (!byWorker) {
      byWorker = new Map();
      this.workers.set(pool, byWorker);
    }
    const seen = byWorker.get(worker) ?? { worker, contributions: 0, lastBlock: block };
    seen.contributions++;
    seen.lastBlock = block;
    byWorker.set(worker, seen);
  }
}

/** One bar of the price and volume chart: the deals of a range of blocks. */
export interface Bucket {
  from: number;
  to: number;
  /** Tasks dealt. */
  tasks: number;
  deals: number;
  /** The volume-weighted mean price of a task, if any was dealt. */
  meanPrice: bigint | undefined;
}

/** The deals of blocks `from..=to` in `count` buckets of equal width. */
export function buckets(history: MarketHistory, from: number, to: number, count: number): Bucket[] {
  const width = Math.max(1, Math.ceil((to - from + 1) / count));
  const out: Bucket[] = [];
  for (let start = from; start <= to; start += width) {
    const end = Math.min(start + width - 1, to);
    const deals = history.dealsBetween(start, end);
    const tasks = deals.reduce((sum, d) => sum + d.volume, 0);
    const paid = deals.reduce((sum, d) => sum + d.price * BigInt(d.volume), 0n);
    out.push({ from: start, to: end, tasks, deals: deals.length, meanPrice: tasks ? paid / BigInt(tasks) : undefined });
  }
  return out;
}
