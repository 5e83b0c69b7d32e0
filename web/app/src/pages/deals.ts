/** The deals bought in this browser on this chain. */

import { dealNotes, resultKeyOf, resultKeys } from "../deals/notes.js";
import type { Page, PageContext } from "../router.js";
import { h } from "../ui/dom.js";
import { short } from "../ui/format.js";
import { table } from "../ui/table.js";

/** `#/deals`. */
export function dealsPage({ session }: PageContext): Page {
  const notes = dealNotes(session.chain.genesisHash);
  const keys = resultKeys(session.chain.genesisHash);
  const rows = notes.map((n) => ({
    attrs: { "data-row": "my-deal" },
    cells: [
      h("a", { href: `#/deal/${n.deal}` }, h("code", null, short(n.deal, 8))),
      h("a", { href: `#/app/${n.app}` }, `app #${n.app}`),
      String(n.volume),
      h("span", { title: n.requester }, short(n.requester)),
      `#${n.block}`,
      new Date(n.at).toLocaleString(),
      resultKeyOf(keys, n) ? "sealed to this browser" : "plain",
    ],
  }));
  const el = h(
    "section",
    { class: "page deals" },
    h("h1", null, "My deals"),
    h("p", { class: "muted" }, "The deals bought from this browser on this chain. A finished deal leaves the chain after its retention period (a minute on a dev chain, a day by default)."),
    table(["deal", "app", "tasks", "requester", "block", "bought", "result"], rows, h("span", null, "None yet: ", h("a", { href: "#/buy" }, "buy a task"), ".")),
  );
  return { title: "My deals", el };
}
