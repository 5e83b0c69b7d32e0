/** Publishing an offer for an asset of the account: price, volume, expiry, and for a pool its category and trust. */

import { InputError, appOrder, datasetOrder, expiryIn, publishOffer, workerpoolOrder, type Offer } from "@ect/sdk";

import { currentAccount } from "../accounts/current.js";
import type { Session } from "../chain/session.js";
import { categoryName, type Listings } from "../market/catalog.js";
import { parseEct } from "../ui/amount.js";
import { field, h, setChildren } from "../ui/dom.js";
import { ect, short } from "../ui/format.js";
import { needAccount, ownAssets, wire, type Kind } from "./common.js";

/** The offer form; `refill` shows the account's assets again (of `kind`, with `id` chosen). */
export function offerForm(session: Session, getData: () => Listings, query: URLSearchParams): { el: HTMLElement; refill(kind?: Kind, id?: number): void } {
  const kind = h("select", { id: "offer-kind" }, ["App", "Dataset", "Workerpool"].map((k) => h("option", { value: k }, k.toLowerCase()))) as HTMLSelectElement;
  const asset = h("select", { id: "offer-asset" }) as HTMLSelectElement;
  const price = h("input", { id: "offer-price", inputmode: "decimal", value: "0.5", required: true }) as HTMLInputElement;
  const volume = h("input", { id: "offer-volume", type: "number", min: 1, value: 100 }) as HTMLInputElement;
  const expires = h("input", { id: "offer-expires", type: "number", min: 2, value: 302_400 }) as HTMLInputElement;
  const category = h("select", { id: "offer-category" }) as HTMLSelectElement;
  const trust = h("input", { id: "offer-trust", type: "number", min: 1, value: 1 }) as HTMLInputElement;
  const poolOnly = h("div", { hidden: true }, field("Category", category), field("Highest trust accepted", trust));
  const button = h("button", { id: "offer-publish", type: "submit" }, "Publish the offer") as HTMLButtonElement;
  const outcome = h("div", { id: "offer-outcome" });

  const refill = (k?: Kind, id?: number) => {
    if (k) kind.value = k;
    const data = getData();
    const mine = ownAssets(data, kind.value as Kind, currentAccount()?.address);
    setChildren(asset, mine.length ? mine.map(([n, label]) => h("option", { value: n }, `#${n} ${label}`)) : h("option", { value: "" }, "— none of yours —"));
    if (id !== undefined && mine.some(([n]) => n === id)) asset.value = String(id);
    setChildren(category, data.categories.map((c) => h("option", { value: c.id }, categoryName(data.categories, c.id))));
    poolOnly.hidden = kind.value !== "Workerpool";
  };
  kind.addEventListener("change", () => refill());
  const preKind = query.get("kind");
  refill(preKind === "App" || preKind === "Dataset" || preKind === "Workerpool" ? preKind : undefined, Number(query.get("asset") ?? NaN));

  const formEl = h(
    "form",
    { class: "provide-form" },
    h(
      "fieldset",
      null,
      h("legend", null, "Publish an offer"),
      field("Kind", kind),
      field("Asset", asset, "yours, as the account in the header"),
      field("Price per task (ECT)", price),
      field("Volume (tasks)", volume),
      field("Expires in (blocks)", expires, "2-second blocks: 302 400 is 7 days"),
      poolOnly,
      h("div", { class: "actions" }, button),
      outcome,
    ),
  ) as HTMLFormElement;
  wire(formEl, button, outcome, "Signing and publishing…", async () => {
    const account = needAccount(session);
    if (asset.value === "") throw new InputError("asset", `${account.label} owns no ${kind.value.toLowerCase()}`, "register one first, or choose the owner's account");
    const id = Number(asset.value);
    const common = { price: parseEct(price.value, "price"), volume: Number(volume.value), expires: await expiryIn(session.chain, Number(expires.value)) };
    const offer: Offer =
      kind.value === "App"
        ? { type: "App", value: appOrder({ app: id, ...common }) }
        : kind.value === "Dataset"
          ? { type: "Dataset", value: datasetOrder({ dataset: id, ...common }) }
          : { type: "Workerpool", value: workerpoolOrder({ workerpool: id, category: Number(category.value), trust: Number(trust.value), ...common }) };
    const published = await publishOffer(session.chain, account, offer);
    return h(
      "p",
      { class: "notice", "data-outcome": "published" },
      `Offer ${short(published.hash, 6)} is in the book (block #${published.included.block.number}) at ${ect(common.price)} a task.`,
      published.deals.length ? ` It matched ${published.deals.length} resting request(s) at once.` : "",
    );
  });
  return { el: formEl, refill };
}

