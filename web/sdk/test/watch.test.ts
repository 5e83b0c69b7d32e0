import { BlockNotPinnedError } from "polkadot-api";
import { Subject } from "rxjs";
import { describe, expect, it } from "vitest";

import type { EctChain } from "../src/chain/connect.js";
import type { Task } from "../src/chain/types.js";
import { watchTask, type TaskProgress } from "../src/tasks/watch.js";
import type { Hex } from "../src/util/hex.js";

const TASK = `0x${"11".repeat(32)}` as Hex;

/** A chain whose task record at block `at` is what `read(at)` gives, and its best blocks to push. */
function fakeChain(read: (at: string) => Promise<Task | undefined>) {
  const bestBlocks$ = new Subject<Array<{ hash: string; number: number }>>();
  const task = (_task: Hex, { at }: { at: string }) => read(at);
  const chain = { client: { bestBlocks$ }, api: { apis: { PocoApi: { task } } } } as unknown as EctChain;
  const push = (...blocks: Array<[number, string]>) => blocks.forEach(([number, hash]) => bestBlocks$.next([{ hash, number }]));
  return { chain, push };
}

const record = (status: string) => ({ status: { type: status }, contributors: [], consensus: undefined }) as unknown as Task;

describe("watching a task", () => {
  it("skips a block unpinned before it is read, and follows the next", async () => {
    const records: Record<string, Task> = { "0x01": record("Active"), "0x03": record("Completed") };
    const { chain, push } = fakeChain(async (at) => {
      if (at === "0x02") throw new BlockNotPinnedError(at, "PocoApi.task");
      return records[at];
    });
    const seen: TaskProgress[] = [];
    const watched = watchTask(chain, TASK, { onProgress: (p) => seen.push(p) });
    push([1, "0x01"], [2, "0x02"], [3, "0x03"]);
    expect((await watched).status.type).toBe("Completed");
    expect(seen.map((p) => p.block.number)).toEqual([1, 3]);
  });

  it("fails on any other error", async () => {
    const { chain, push } = fakeChain(async () => {
      throw new Error("the node is gone");
    });
    const watched = watchTask(chain, TASK);
    push([1, "0x01"]);
    await expect(watched).rejects.toThrow("the node is gone");
  });
});
