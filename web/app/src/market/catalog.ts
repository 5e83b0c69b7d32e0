/** Whole listings from the catalogue's pages, and the names of things by id. */

import type { AppListing, CategoryListing, DatasetListing, Page, WorkerpoolListing } from "@ect/sdk";

import type { Session } from "../chain/session.js";
import { text } from "../ui/format.js";

/** Every entry of a paged listing, page after page. */
export async function allOf<T>(page: (from: number, count: number) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let from: number | undefined = 0;
  while (from !== undefined) {
    const next: Page<T> = await page(from, 100);
    items.push(...next.items);
    from = next.next;
  }
  return items;
}

/** The whole catalogue at the best block. */
export interface Listings {
  apps: AppListing[];
  datasets: DatasetListing[];
  workerpools: WorkerpoolListing[];
  categories: CategoryListing[];
}

/** Reads every app, dataset, workerpool and category. */
export async function listings(session: Session): Promise<Listings> {
  const { catalog } = session;
  const [apps, datasets, workerpools, categories] = await Promise.all([
    allOf(catalog.apps),
    allOf(catalog.datasets),
    allOf(catalog.workerpools),
    allOf(catalog.categories),
  ]);
  return { apps, datasets, workerpools, categories };
}

/** A category's name with its time reference: `XS (300 s)`. */
export function categoryName(categories: CategoryListing[], id: number): string {
  const found = categories.find((c) => c.id === id);
  return found ? `${text(found.category.name)} (${found.category.work_clock_time_ref} s)` : `#${id}`;
}
