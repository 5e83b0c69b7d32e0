/**
 * What a catalogue lists: apps, datasets, workerpools and categories, a page
 * at a time, each with what the other pallets know of it. The shapes are
 * those the runtime's `CatalogApi` returns (`runtime/src/catalog.rs`), taken
 * from the SDK's descriptors: a changed listing is a type error here.
 */

import type { EctApis } from "@polkadot-api/descriptors";

type Catalogue = EctApis["CatalogApi"];

/** The most entries one page holds (the runtime's `MAX_PAGE`); a larger count is cut to it. */
export const MAX_PAGE = 25;

/** One page of a listing. */
export interface Page<Item> {
  /** The entries whose ids are in the page's range, in id order (removed ones skipped). */
  items: Item[];
  /** The id the next page starts from; `undefined` after the last id. */
  next: number | undefined;
}

/**
 * An app as the store lists it: `id`, `app` (its registry entry), `curation`
 * (the app store's verdict, `undefined` while governance has not curated
 * it), `record` (its tasks completed and failed) and `offers`.
 */
export type AppListing = Catalogue["apps"]["Value"]["items"][number];

/** A dataset as the data marketplace lists it: `id`, `dataset`, `offers`. */
export type DatasetListing = Catalogue["datasets"]["Value"]["items"][number];

/**
 * A workerpool as the marketplace lists it: `id`, `workerpool`, `operator`
 * (the key its owner lets sign its orders, if any), `record`, `offers`.
 */
export type WorkerpoolListing = Catalogue["workerpools"]["Value"]["items"][number];

/** A task category: `id`, `category`. */
export type CategoryListing = Catalogue["categories"]["Value"]["items"][number];

/**
 * An asset's published offers in the order book: how many are `open`, the
 * volume they have left (`remaining`, in tasks) and the `lowest_price` among
 * them, per task (`undefined` when none is open).
 */
export type Offers = AppListing["offers"];

/** The listings of the chain, from its `CatalogApi`. */
export interface Catalog {
  /** Where the listings come from: always the runtime's `CatalogApi` (one call a page). */
  readonly source: "runtime-api";
  apps(from: number, count: number): Promise<Page<AppListing>>;
  datasets(from: number, count: number): Promise<Page<DatasetListing>>;
  workerpools(from: number, count: number): Promise<Page<WorkerpoolListing>>;
  categories(from: number, count: number): Promise<Page<CategoryListing>>;
}
