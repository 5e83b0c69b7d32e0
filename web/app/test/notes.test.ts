import type { Hex } from "@ect/sdk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { MAX_NOTES, dealNotes, pruneNotes, rememberDeals, rememberResultKey, resultKeyOf, resultKeys, type DealNote } from "../src/deals/notes.js";

const GENESIS = "0xgenesis";
const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const note = (n: number, resultKey?: Hex): DealNote => ({ deal: hash(n), request: hash(1000 + n), app: 0, volume: 1, requester: "r", block: n, at: n, ...(resultKey ? { resultKey } : {}) });

/** A `localStorage` in memory. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

beforeEach(() => {
  vi.stubGlobal("localStorage", memoryStorage());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("result keys", () => {
  it("are found by the request of a deal made after they were kept", () => {
    const secret = hash(0x5ec);
    rememberResultKey(GENESIS, hash(1001), secret);
    // The request rested in the book; its deal is made later, and this browser never wrote a note of it.
    expect(resultKeyOf(resultKeys(GENESIS), { request: hash(1001) })).toBe(secret);
    expect(resultKeyOf(resultKeys(GENESIS), { request: hash(1002) })).toBeUndefined();
    expect(resultKeyOf(resultKeys("0xother"), { request: hash(1001) })).toBeUndefined();
  });

  it("are kept side by side, and a note's own key still counts", () => {
    rememberResultKey(GENESIS, hash(1), hash(0xa));
    rememberResultKey(GENESIS, hash(2), hash(0xb));
    expect(resultKeys(GENESIS)).toEqual({ [hash(1)]: hash(0xa), [hash(2)]: hash(0xb) });
    expect(resultKeyOf({}, { request: undefined, resultKey: hash(0xc) })).toBe(hash(0xc));
  });
});

describe("deal notes", () => {
  it("are pruned to the newest ones, but never those that hold a key", () => {
    const keyed = note(1, hash(0x5ec));
    const notes = [...Array.from({ length: MAX_NOTES + 10 }, (_, i) => note(2 + i)), keyed];
    const kept = pruneNotes(notes);
    expect(kept).toHaveLength(MAX_NOTES + 1);
    expect(kept).toContain(keyed);
    expect(kept.at(-2)).toBe(notes[MAX_NOTES - 1]);
  });

  it("are remembered newest first, a deal once", () => {
    rememberDeals(GENESIS, [note(1)]);
    rememberDeals(GENESIS, [note(2), note(1)]);
    expect(dealNotes(GENESIS).map((n) => n.block)).toEqual([2, 1]);
  });
});
