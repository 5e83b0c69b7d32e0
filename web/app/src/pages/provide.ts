/**
 * Providers: register an app, a dataset or a workerpool, publish an offer
 * for an asset of yours, and see your assets and their open offers (and
 * take an offer out of the book).
 */

import { onAccountChange } from "../accounts/current.js";
import { listings, type Listings } from "../market/catalog.js";
import { assetForm } from "../provide/assetForm.js";
import type { Kind } from "../provide/common.js";
import { offerForm } from "../provide/offerForm.js";
import { poolForm } from "../provide/poolForm.js";
import { yourAssets } from "../provide/yourAssets.js";
import type { Page, PageContext } from "../router.js";
import { section } from "../ui/async.js";
import { h } from "../ui/dom.js";

/** `#/provide`, `#/provide?kind=App&asset=3`. */
export function providePage({ session, query }: PageContext): Page {
  let data: Listings | undefined;
  let offers: ReturnType<typeof offerForm> | undefined;
  const mine = section(async () => yourAssets(session, (data = await listings(session))), (el) => el, "Loading your assets…");
  const afterRegistration = async (kind: Kind, id: number) => {
    data = await listings(session);
    offers?.refill(kind, id);
    void mine.refresh();
  };
  const forms = section(
    async () => (data = await listings(session)),
    (loaded) => {
      offers = offerForm(session, () => data ?? loaded, query);
      return h("div", { class: "provide-grid" }, assetForm(session, "App", (k, id) => void afterRegistration(k, id)), assetForm(session, "Dataset", (k, id) => void afterRegistration(k, id)), offers.el, poolForm(session, (k, id) => void afterRegistration(k, id)));
    },
    "Loading…",
  );
  const stop = onAccountChange(() => {
    offers?.refill();
    void mine.refresh();
  });
  const el = h("section", { class: "page provide" }, h("h1", null, "Providers"), forms.el, h("h2", null, "Your assets"), mine.el);
  return { title: "Providers", el, dispose: stop };
}
