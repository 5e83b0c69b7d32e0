/**
 * The marketplace: the pools (prices by category, capabilities, policy,
 * reputation and the workers seen), a chart of deals and prices over the
 * recent blocks, and the open orders of the book.
 */

import type { CategoryListing, OpenOrder } from "@ect/sdk";

import { categoryName, listings } from "../market/catalog.js";
import { buckets, type MarketHistory } from "../market/history.js";
import { assetsOf, openBook, orderAsset, orderPrice } from "../market/orders.js";
import { loadPools, type PoolView, type PoolsData } from "../market/pools.js";
import { marketHistory } from "../market/shared.js";
import type { Page, PageContext } from "../router.js";
import { section } from "../ui/async.js";
import { priceVolumeChart } from "../ui/chart.js";
import { h, setChildren } from "../ui/dom.js";
import { errorBox } from "../ui/errors.js";
import { ect, percent, recordText, resources, short, successRatio, text } from "../ui/format.js";
import { Lifetime } from "../ui/lifetime.js";
import { table } from "../ui/table.js";

function assetLink(order: OpenOrder["order"]): HTMLElement | string {
  const label = orderAsset(order);
  switch (order.type) {
    case "App":
    case "Request":
      return h("a", { href: `#/app/${order.value.app}` }, label);
    case "Dataset":
      return h("a", { href: `#/dataset/${order.value.dataset}` }, label);
    case "Workerpool":
      return label;
  }
}

function poolsTable({ pools, categories }: PoolsData): HTMLElement {
  const rows = pools.map((p: PoolView) => {
    const { listing } = p;
    const pool = listing.workerpool;
    const offers = p.offers.length
      ? h("ul", { class: "plain" }, p.offers.map((o) => h("li", null, h("b", null, categoryName(categories, o.order.category)), ` ${ect(o.order.price)} · ${o.remaining.toLocaleString("en")} left · trust ≤ ${o.order.trust}`)))
      : h("span", { class: "muted" }, "no open offer");
    const workers =
      p.workers === undefined
        ? h("span", { class: "muted" }, "…")
        : p.workers.length === 0
          ? h("span", { class: "muted" }, "none seen lately")
          : h(
              "details",
              null,
              h("summary", null, `${p.workers.length} seen`),
              h("ul", { class: "plain" }, p.workers.map((w) => h("li", { title: w.worker }, `${short(w.worker)} · score ${w.score} · ${w.contributions} contribution(s)`))),
            );
    return {
      attrs: { "data-row": "pool", "data-pool": listing.id },
      cells: [
        h("span", null, h("b", null, `#${listing.id} `), text(pool.description)),
        h("span", { title: pool.owner }, short(pool.owner), listing.operator ? h("small", { class: "muted", title: listing.operator }, ` operator ${short(listing.operator)}`) : null),
        offers,
        resources(pool.capabilities),
        `stake ${pool.policy.worker_stake_ratio}% · reward ${pool.policy.scheduler_reward_ratio}%`,
        recordText(listing.record),
        successRatio(listing.record),
        workers,
      ],
    };
  });
  return table(["pool", "owner", "prices by category", "capabilities", "policy", "tasks", "success", "workers"], rows, "No workerpool is registered.");
}

function ordersTable({ orders, categories }: { orders: OpenOrder[]; categories: CategoryListing[] }): HTMLElement {
  const sorted = [...orders].sort((a, b) => a.order.type.localeCompare(b.order.type) || (orderPrice(a.order) < orderPrice(b.order) ? -1 : 1));
  const rows = sorted.map((o) => {
    const terms =
      o.order.type === "Workerpool"
        ? `${categoryName(categories, o.order.value.category)}, trust ≤ ${o.order.value.trust}`
        : o.order.type === "Request"
          ? `${categoryName(categories, o.order.value.category)}, trust ${o.order.value.trust}, by ${short(o.order.value.requester)}`
          : "";
    return {
      attrs: { "data-row": "order" },
      cells: [
        o.order.type === "Request" ? "request" : `${o.order.type.toLowerCase()} offer`,
        assetLink(o.order),
        o.order.type === "Request" ? `≤ ${ect(orderPrice(o.order))}` : ect(orderPrice(o.order)),
        o.remaining.toLocaleString("en"),
        terms,
        `#${o.order.value.expires}`,
        h("code", { title: o.hash }, short(o.hash, 6)),
      ],
    };
  });
  return table(["kind", "asset", "price / task", "left", "terms", "expires", "hash"], rows, "The book is empty.");
}

function chartView(history: MarketHistory): HTMLElement {
  const to = history.to;
  const from = Math.max(history.from ?? to, to - history.window + 1);
  const data = buckets(history, from, to, 24);
  const deals = history.dealsBetween(from, to);
  const tasks = deals.reduce((sum, d) => sum + d.volume, 0);
  const cheapest = deals.reduce<bigint | undefined>((min, d) => (min === undefined || d.price < min ? d.price : min), undefined);
  return h(
    "div",
    null,
    priceVolumeChart(data),
    h(
      "p",
      { class: "muted" },
      `${deals.length} deal(s), ${tasks} task(s) in blocks ${from}–${to}`,
      cheapest === undefined ? "" : `; cheapest task ${ect(cheapest)}`,
      history.missing ? ` (${history.missing} block(s) older than the node's kept state skipped: ${percent(history.missing, to - from + 1)})` : "",
    ),
  );
}

/** The marketplace page. */
export function marketPage({ session }: PageContext): Page {
  let history: MarketHistory | undefined;
  const pools = section(() => loadPools(session, history), poolsTable, "Loading the pools…");
  const orders = section(
    async () => {
      const all = await listings(session);
      return { orders: await openBook(session, assetsOf(all)), categories: all.categories };
    },
    ordersTable,
    "Loading the book…",
  );
  const chart = h("div", { class: "chart-box" }, h("p", { class: "muted" }, "Reading the recent blocks…"));
  const life = new Lifetime();

  void marketHistory(session).then(
    (loaded) => {
      // The history is the session's: a page left before it was read must not listen to it.
      if (life.disposed) return;
      history = loaded;
      setChildren(chart, chartView(loaded));
      life.add(loaded.onChange(() => setChildren(chart, chartView(loaded))));
      void pools.refresh();
    },
    (error: unknown) => setChildren(chart, errorBox(error)),
  );
  life.follow(session.blocks$, (block) => {
    const touched = block.events.some((e) => ["Marketplace", "Registry", "Reputation"].includes(e.event.type) || (e.event.type === "Poco" && e.event.value.type === "TaskFinalized"));
    if (touched) {
      void pools.refresh();
      void orders.refresh();
    }
  });

  const el = h(
    "section",
    { class: "page market" },
    h("h1", null, "Marketplace"),
    h("h2", null, "Workerpools"),
    pools.el,
    h("h2", null, "Deals and prices over recent blocks"),
    chart,
    h("h2", null, "Open orders"),
    orders.el,
  );
  return { title: "Marketplace", el, dispose: () => life.dispose() };
}
