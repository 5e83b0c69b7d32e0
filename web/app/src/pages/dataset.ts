/** A dataset's page: owner, price, runs (tasks lately), its offers and the recent deals that read it. */

import { currentAccount } from "../accounts/current.js";
import { marketHistory } from "../market/shared.js";
import type { Page, PageContext } from "../router.js";
import { section } from "../ui/async.js";
import { h } from "../ui/dom.js";
import { ect, text } from "../ui/format.js";
import { dealsTable, facts, offersTable } from "./asset.js";

/** `#/dataset/<id>`. */
export function datasetPage({ session, params }: PageContext): Page {
  const id = Number(params[0]);
  const load = async () => {
    const page = await session.catalog.datasets(id, 1);
    const listing = page.items.find((d) => d.id === id);
    if (!listing) return undefined;
    const [offers, history] = await Promise.all([offersTable(session, { type: "Dataset", value: id }), marketHistory(session).catch(() => undefined)]);
    return { listing, offers, deals: history?.deals.filter((d) => d.dataset === id) ?? [], window: history?.window };
  };
  const body = section(load, (data) => {
    if (!data) return h("p", { class: "muted" }, `No dataset #${id} is registered.`);
    const { dataset } = data.listing;
    const tasks = data.deals.reduce((sum, d) => sum + d.volume, 0);
    const mine = currentAccount()?.address === dataset.owner;
    return [
      h("h1", null, text(dataset.name)),
      h(
        "div",
        { class: "actions" },
        h("a", { class: "button", href: `#/buy?dataset=${id}` }, "Buy a task with it"),
        mine ? h("a", { class: "button secondary", href: `#/provide?kind=Dataset&asset=${id}` }, "Publish an offer") : null,
      ),
      facts([
        ["id", `#${id}`],
        ["owner", h("code", null, dataset.owner)],
        ["price", data.listing.offers.lowest_price === undefined ? "no open offer" : `${ect(data.listing.offers.lowest_price)} a task (lowest of ${data.listing.offers.open} offer(s))`],
        ["runs", `${tasks} task(s) in ${data.deals.length} deal(s) in the last ${data.window ?? "few"} blocks`],
        ["url", h("code", { class: "wrap" }, text(dataset.multiaddr))],
        ["checksum", h("code", { class: "wrap" }, dataset.checksum)],
        ["deposit", ect(dataset.deposit.amount)],
      ]),
      h("h2", null, "Offers"),
      data.offers,
      h("h2", null, "Recent deals"),
      dealsTable(data.deals),
    ];
  });
  return { title: `Dataset #${id}`, el: h("section", { class: "page dataset-page" }, body.el) };
}
