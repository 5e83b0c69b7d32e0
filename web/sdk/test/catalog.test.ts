import { describe, expect, it } from "vitest";

import { catalog, runtimeCatalog } from "../src/catalog/index.js";
import type { CategoryListing, Page } from "../src/catalog/types.js";
import type { EctChain } from "../src/chain/connect.js";
import { InputError } from "../src/errors/errors.js";

/** A chain whose `CatalogApi` answers `page` and records the calls. */
function fakeChain(page: Page<unknown>) {
  const calls: Array<[string, ...unknown[]]> = [];
  const method = (name: string) => async (...args: unknown[]) => {
    calls.push([name, ...args]);
    return page;
  };
  const CatalogApi = { apps: method("apps"), datasets: method("datasets"), workerpools: method("workerpools"), categories: method("categories") };
  return { chain: { api: { apis: { CatalogApi } } } as unknown as EctChain, calls };
}

describe("the catalogue", () => {
  it("asks the runtime's CatalogApi for each page, at the best block, and returns its page", async () => {
    const xs: CategoryListing = {
      id: 0,
      category: {
        name: new TextEncoder().encode("XS"),
        description: new TextEncoder().encode("extra small"),
        work_clock_time_ref: 300n,
        max_fuel: 300_000_000_000n,
      },
    } as CategoryListing;
    const { chain, calls } = fakeChain({ items: [xs], next: 1 });
    const listings = await catalog(chain);
    expect(listings.source).toBe("runtime-api");
    expect(await listings.categories(0, 1)).toEqual({ items: [xs], next: 1 });
    await listings.apps(5, 10);
    await listings.datasets(0, 100);
    await listings.workerpools(7, 1_000);
    expect(calls).toEqual([
      ["categories", 0, 1, { at: "best" }],
      ["apps", 5, 10, { at: "best" }],
      ["datasets", 0, 100, { at: "best" }],
      ["workerpools", 7, 1_000, { at: "best" }],
    ]);
  });

  it("refuses a page that is not a u32 range before calling the chain", async () => {
    const { chain, calls } = fakeChain({ items: [], next: undefined });
    const listings = runtimeCatalog(chain);
    await expect(listings.apps(-1, 10)).rejects.toBeInstanceOf(InputError);
    await expect(listings.workerpools(0, 2 ** 32)).rejects.toThrow(/count/);
    await expect(listings.apps(0, 0)).rejects.toThrow(/count/);
    await expect(listings.categories(1.5, 10)).rejects.toThrow(/from/);
    expect(calls).toEqual([]);
  });
});
