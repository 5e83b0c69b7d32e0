/** What the app and dataset pages share: their offers and the recent deals that used them. */

import { openOrders, type AssetRef } from "@ect/sdk";

import type { Session } from "../chain/session.js";
import type { DealSeen } from "../market/history.js";
import { h } from "../ui/dom.js";
import { ect, short } from "../ui/format.js";
import { table } from "../ui/table.js";

/** The offers of an asset in the book, as a table. */
export async function offersTable(session: Session, asset: AssetRef): Promise<HTMLElement> {
  const offers = (await openOrders(session.chain, asset)).filter((o) => o.order.type !== "Request");
  return table(
    ["price / task", "left", "expires", "hash"],
    offers.map((o) => ({
      attrs: { "data-row": "offer" },
      cells: [o.order.type === "Request" ? "" : ect(o.order.value.price), String(o.remaining), `#${o.order.value.expires}`, h("code", { title: o.hash }, short(o.hash, 6))],
    })),
    "No open offer: it cannot be bought until its owner publishes one.",
  );
}

/** Recent deals, newest first, as a table. */
export function dealsTable(deals: DealSeen[]): HTMLElement {
  return table(
    ["block", "deal", "tasks", "price / task", "pool", "requester"],
    [...deals].reverse().map((d) => ({
      cells: [
        `#${d.block}`,
        h("a", { href: `#/deal/${d.deal}` }, short(d.deal, 6)),
        String(d.volume),
        ect(d.price),
        `#${d.workerpool}`,
        h("span", { title: d.requester }, short(d.requester)),
      ],
    })),
    "No deal in the recent blocks.",
  );
}

/** A definition list of label/value pairs. */
export function facts(pairs: Array<[string, Node | string]>): HTMLElement {
  return h("dl", { class: "facts" }, pairs.map(([label, value]) => [h("dt", null, label), h("dd", null, value)]));
}
