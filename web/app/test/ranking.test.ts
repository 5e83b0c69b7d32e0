import { describe, expect, it } from "vitest";

import { rankByReputation, reputationScore } from "../src/market/ranking.js";

describe("ranking by reputation", () => {
  it("starts a newcomer at one half and moves toward the true ratio", () => {
    expect(reputationScore({ completed: 0, failed: 0 })).toBe(0.5);
    expect(reputationScore({ completed: 98, failed: 0 })).toBeCloseTo(0.99);
    expect(reputationScore({ completed: 0, failed: 8 })).toBeCloseTo(0.1);
  });

  it("puts many successes with a failure above one lucky task", () => {
    const apps = [
      { id: 0, record: { completed: 1, failed: 0 } },
      { id: 1, record: { completed: 1000, failed: 1 } },
      { id: 2, record: { completed: 0, failed: 0 } },
      { id: 3, record: { completed: 0, failed: 3 } },
    ];
    expect(rankByReputation(apps, (a) => a.record).map((a) => a.id)).toEqual([1, 0, 2, 3]);
  });

  it("breaks ties by completed tasks, then by id", () => {
    const apps = [
      { id: 5, record: { completed: 0, failed: 0 } },
      { id: 4, record: { completed: 0, failed: 0 } },
    ];
    expect(rankByReputation(apps, (a) => a.record).map((a) => a.id)).toEqual([4, 5]);
  });
});
