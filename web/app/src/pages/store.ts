/**
 * The dapp store: apps ranked by reputation (their task record), by the
 * task category they ran in lately, and the datasets.
 */

import type { AppListing, Curation, DatasetListing } from "@ect/sdk";

import { listings, type Listings } from "../market/catalog.js";
import type { MarketHistory } from "../market/history.js";
import { rankByReputation } from "../market/ranking.js";
import { marketHistory } from "../market/shared.js";
import type { Page, PageContext } from "../router.js";
import { section } from "../ui/async.js";
import { h } from "../ui/dom.js";
import { ect, recordText, short, successRatio, text } from "../ui/format.js";
import { table } from "../ui/table.js";

/** The app store's verdict as a badge. */
export function curationBadge(curation: Curation | undefined): HTMLElement {
  if (!curation) return h("span", { class: "badge" }, "not curated");
  if (curation.type === "Listed") return h("span", { class: "badge ok" }, "listed");
  return h("span", { class: "badge bad", title: text(curation.value) }, "revoked");
}

/** The categories each app and dataset ran tasks in, and the tasks each dataset served, in the history's blocks. */
function usage(history: MarketHistory | undefined) {
  const appCategories = new Map<number, Set<number>>();
  const datasetTasks = new Map<number, number>();
  for (const d of history?.deals ?? []) {
    const set = appCategories.get(d.app) ?? new Set<number>();
    set.add(d.category);
    appCategories.set(d.app, set);
    if (d.dataset !== undefined) datasetTasks.set(d.dataset, (datasetTasks.get(d.dataset) ?? 0) + d.volume);
  }
  return { appCategories, datasetTasks };
}

interface StoreData {
  listings: Listings;
  history: MarketHistory | undefined;
}

function appsView(data: StoreData, category: number | undefined): HTMLElement {
  const { appCategories } = usage(data.history);
  const names = new Map(data.listings.categories.map((c) => [c.id, text(c.category.name)]));
  const shown = category === undefined ? data.listings.apps : data.listings.apps.filter((a) => appCategories.get(a.id)?.has(category));
  const ranked = rankByReputation(shown, (a: AppListing) => a.record);
  const chips = h(
    "div",
    { class: "chips", role: "tablist" },
    h("a", { href: "#/store", class: category === undefined ? "chip active" : "chip" }, "All"),
    data.listings.categories.map((c) => h("a", { href: `#/store?category=${c.id}`, class: category === c.id ? "chip active" : "chip" }, text(c.category.name))),
  );
  const rows = ranked.map((a, rank) => ({
    attrs: { "data-row": "app", "data-app": a.id },
    cells: [
      String(rank + 1),
      h("a", { href: `#/app/${a.id}` }, h("b", null, text(a.app.name))),
      h("span", { title: a.app.owner }, short(a.app.owner)),
      a.offers.lowest_price === undefined ? h("span", { class: "muted" }, "no offer") : ect(a.offers.lowest_price),
      String(a.record.completed + a.record.failed),
      recordText(a.record),
      successRatio(a.record),
      curationBadge(a.curation),
      [...(appCategories.get(a.id) ?? [])].map((c) => names.get(c) ?? `#${c}`).join(", ") || "—",
    ],
  }));
  const note =
    category === undefined
      ? "Ranked by reputation: the success ratio of their tasks, smoothed so that a few tasks weigh less than many."
      : `Apps that ran tasks of this category in the last ${data.history?.window ?? "few"} blocks, ranked by reputation.`;
  return h("div", null, chips, h("p", { class: "muted" }, note), table(["rank", "app", "owner", "price", "runs", "tasks", "success", "store", "categories lately"], rows, "No app here yet."));
}

function datasetsView(data: StoreData): HTMLElement {
  const { datasetTasks } = usage(data.history);
  const rows = [...data.listings.datasets]
    .sort((a, b) => (datasetTasks.get(b.id) ?? 0) - (datasetTasks.get(a.id) ?? 0) || a.id - b.id)
    .map((d: DatasetListing) => ({
      attrs: { "data-row": "dataset", "data-dataset": d.id },
      cells: [
        h("a", { href: `#/dataset/${d.id}` }, h("b", null, text(d.dataset.name))),
        h("span", { title: d.dataset.owner }, short(d.dataset.owner)),
        d.offers.lowest_price === undefined ? h("span", { class: "muted" }, "no offer") : ect(d.offers.lowest_price),
        String(d.offers.remaining),
        String(datasetTasks.get(d.id) ?? 0),
        h("code", { title: d.dataset.checksum }, short(d.dataset.checksum, 6)),
      ],
    }));
  return table(["dataset", "owner", "price", "tasks offered", "tasks lately", "checksum"], rows, "No dataset is registered.");
}

/** The store page: `#/store`, `#/store?category=1`, `#/store?tab=datasets`. */
export function storePage({ session, query }: PageContext): Page {
  const tab = query.get("tab") === "datasets" ? "datasets" : "apps";
  const raw = query.get("category");
  const category = raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined;
  const load = async (): Promise<StoreData> => {
    // The catalogue is shown at once; the categories lately come with the history.
    const history = await Promise.race([marketHistory(session).catch(() => undefined), new Promise<undefined>((resolve) => setTimeout(resolve, 1500, undefined))]);
    return { listings: await listings(session), history };
  };
  const body = section(load, (data) => (tab === "apps" ? appsView(data, category) : datasetsView(data)), "Loading the catalogue…");
  void marketHistory(session).then(() => body.refresh());
  const el = h(
    "section",
    { class: "page store" },
    h("h1", null, "DApp store"),
    h("div", { class: "tabs" }, h("a", { href: "#/store", class: tab === "apps" ? "tab active" : "tab" }, "Apps"), h("a", { href: "#/store?tab=datasets", class: tab === "datasets" ? "tab active" : "tab" }, "Datasets")),
    body.el,
  );
  return { title: "DApp store", el };
}
