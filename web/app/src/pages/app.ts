/** An app's page: owner, price, runs and success ratio, its offers and the recent deals that ran it. */

import { currentAccount } from "../accounts/current.js";
import { marketHistory } from "../market/shared.js";
import type { Page, PageContext } from "../router.js";
import { section } from "../ui/async.js";
import { h } from "../ui/dom.js";
import { ect, recordText, resources, successRatio, text } from "../ui/format.js";
import { dealsTable, facts, offersTable } from "./asset.js";
import { curationBadge } from "./store.js";

/** `#/app/<id>`. */
export function appPage({ session, params }: PageContext): Page {
  const id = Number(params[0]);
  const load = async () => {
    const page = await session.catalog.apps(id, 1);
    const listing = page.items.find((a) => a.id === id);
    if (!listing) return undefined;
    const [offers, history] = await Promise.all([offersTable(session, { type: "App", value: id }), marketHistory(session).catch(() => undefined)]);
    return { listing, offers, deals: history?.deals.filter((d) => d.app === id) ?? [], window: history?.window };
  };
  const body = section(load, (data) => {
    if (!data) return h("p", { class: "muted" }, `No app #${id} is registered.`);
    const { listing } = data;
    const { app, record } = listing;
    const mine = currentAccount()?.address === app.owner;
    return [
      h("h1", null, text(app.name), " ", curationBadge(listing.curation)),
      h(
        "div",
        { class: "actions" },
        h("a", { class: "button", href: `#/buy?app=${id}` }, "Buy a task with it"),
        mine ? h("a", { class: "button secondary", href: `#/provide?kind=App&asset=${id}` }, "Publish an offer") : null,
      ),
      facts([
        ["id", `#${id}`],
        ["owner", h("code", null, app.owner)],
        ["price", listing.offers.lowest_price === undefined ? "no open offer" : `${ect(listing.offers.lowest_price)} a task (lowest of ${listing.offers.open} offer(s), ${listing.offers.remaining} task(s) left)`],
        ["runs", String(record.completed + record.failed)],
        ["tasks", recordText(record)],
        ["success ratio", successRatio(record)],
        ["kind", app.kind.type],
        ["url", h("code", { class: "wrap" }, text(app.multiaddr))],
        ["checksum", h("code", { class: "wrap" }, app.checksum)],
        ["needs", resources(app.requirements)],
        ["deposit", ect(app.deposit.amount)],
      ]),
      h("h2", null, "Offers"),
      data.offers,
      h("h2", null, `Deals in the last ${data.window ?? "few"} blocks`),
      dealsTable(data.deals),
    ];
  });
  return { title: `App #${id}`, el: h("section", { class: "page app-page" }, body.el) };
}
