/**
 * The catalogue: the runtime's `CatalogApi` (`runtime/src/catalog.rs`),
 * called through the API typed from the SDK's descriptors, one call a page
 * at the best block.
 */

import type { EctChain } from "../chain/connect.js";
import { checkInteger } from "../input/bounds.js";
import type { Catalog } from "./types.js";

const AT_BEST = { at: "best" } as const;

/**
 * Checks a page's `from` (u32) and `count` (1 to u32) before they are sent:
 * a page of 0 would name its own start as the next page, and a caller paging
 * on would never end.
 */
function range(from: number, count: number): [number, number] {
  return [checkInteger("from", from), checkInteger("count", count, 1)];
}

/**
 * A catalogue of the chain's apps, datasets, workerpools and categories: each
 * method gives the page of ids `from..from + count` (at most `MAX_PAGE`,
 * 25), removed entries skipped, and where the next page starts. Rejects
 * with an `InputError` for a `from` or `count` that is not a u32.
 */
export function runtimeCatalog(chain: EctChain): Catalog {
  const api = chain.api.apis.CatalogApi;
  return {
    source: "runtime-api",
    apps: async (from, count) => api.apps(...range(from, count), AT_BEST),
    datasets: async (from, count) => api.datasets(...range(from, count), AT_BEST),
    workerpools: async (from, count) => api.workerpools(...range(from, count), AT_BEST),
    categories: async (from, count) => api.categories(...range(from, count), AT_BEST),
  };
}

/** The chain's catalogue ({@link runtimeCatalog}); a promise, as in earlier versions of the SDK. */
export async function catalog(chain: EctChain): Promise<Catalog> {
  return runtimeCatalog(chain);
}
