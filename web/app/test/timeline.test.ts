import type { Hex } from "@ect/sdk";
import { describe, expect, it } from "vitest";

import { momentsOf } from "../src/deals/timeline.js";

const h = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const ev = (pallet: string, name: string, value: Record<string, unknown>) => ({ event: { type: pallet, value: { type: name, value } } });

describe("a deal's moments", () => {
  const deal = h(0xd);
  const index = new Map([[h(0x1), 0]]);

  it("keeps the deal's and its tasks' events, in block order", () => {
    const moments = momentsOf(9, [
      ev("Marketplace", "DealCreated", { deal, volume: 1, scheduler: "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL" }),
      ev("Marketplace", "DealCreated", { deal: h(0xe), volume: 1, scheduler: "x" }),
      ev("Poco", "Contributed", { task: h(0x1), worker: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", result_hash: h(7) }),
      ev("Poco", "Contributed", { task: h(0x2), worker: "w", result_hash: h(7) }),
      ev("Poco", "TaskFinalized", { task: h(0x1), digest: h(8), winners: 1 }),
      ev("Balances", "Transfer", { from: "a", to: "b", amount: 1n }),
    ], deal, index);
    expect(moments.map((m) => [m.order, m.kind])).toEqual([
      [0, "Marketplace.DealCreated"],
      [2, "Poco.Contributed"],
      [4, "Poco.TaskFinalized"],
    ]);
    expect(moments[1]?.text).toContain("task #0: contribution by worker 5Grw…utQY");
    expect(moments[2]?.text).toContain("certified");
  });
});
