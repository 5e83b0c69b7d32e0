/** The account's assets and their open offers, each of which it can take out of the book. */

import { openOrders, unpublishOrder, type AssetRef } from "@ect/sdk";

import { currentAccount } from "../accounts/current.js";
import type { Session } from "../chain/session.js";
import type { Listings } from "../market/catalog.js";
import { h, setChildren } from "../ui/dom.js";
import { errorBox } from "../ui/errors.js";
import { ect } from "../ui/format.js";
import { table } from "../ui/table.js";
import { ownAssets } from "./common.js";

/** The table of the current account's assets. */
export function yourAssets(session: Session, data: Listings): Promise<HTMLElement> {
  const owner = currentAccount()?.address;
  const assets: Array<{ ref: AssetRef; name: string }> = [
    ...ownAssets(data, "App", owner).map(([id, name]) => ({ ref: { type: "App", value: id } as AssetRef, name })),
    ...ownAssets(data, "Dataset", owner).map(([id, name]) => ({ ref: { type: "Dataset", value: id } as AssetRef, name })),
    ...ownAssets(data, "Workerpool", owner).map(([id, name]) => ({ ref: { type: "Workerpool", value: id } as AssetRef, name })),
  ];
  return Promise.all(
    assets.map(async ({ ref, name }) => {
      const offers = (await openOrders(session.chain, ref)).filter((o) => o.order.type === ref.type);
      return { ref, name, offers };
    }),
  ).then((rows) =>
    table(
      ["asset", "name", "open offers"],
      rows.map(({ ref, name, offers }) => ({
        attrs: { "data-row": "my-asset" },
        cells: [
          `${ref.type.toLowerCase()} #${ref.value}`,
          name,
          offers.length
            ? h(
                "ul",
                { class: "plain" },
                offers.map((o) => {
                  const out = h("span");
                  return h(
                    "li",
                    null,
                    `${o.order.type === "Request" ? "" : ect(o.order.value.price)} · ${o.remaining} left `,
                    h(
                      "button",
                      {
                        type: "button",
                        class: "secondary small",
                        onclick: () => {
                          const account = currentAccount();
                          if (!account) return;
                          unpublishOrder(session.chain, account, o.hash).then(
                            () => setChildren(out, " taken out of the book"),
                            (error: unknown) => setChildren(out, errorBox(error)),
                          );
                        },
                      },
                      "Unpublish",
                    ),
                    out,
                  );
                }),
              )
            : h("span", { class: "muted" }, "none"),
        ],
      })),
      owner ? "This account owns no app, dataset or workerpool yet." : "Choose an account in the header.",
    ),
  );
}

