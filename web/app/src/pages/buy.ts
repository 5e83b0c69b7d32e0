/**
 * Buying tasks: the app, an optional dataset, the category, trust and
 * volume, the most paid to each party, how much price counts against
 * reputation, and the app's input. Bought through the order book
 * (`publish_request`, ranked by the price weight) or at once from the
 * cheapest offers (`match_orders` with a request signed off chain). Then
 * the deal's page follows it live.
 */

import { InputError, generateResultKey, toHex, type Hex, type RequestPublished, type TaskParams } from "@ect/sdk";

import type { WalletAccount } from "../accounts/account.js";
import { currentAccount, onAccountChange, requireAccount } from "../accounts/current.js";
import { buyFromBook } from "../buy/book.js";
import { buyNow } from "../buy/now.js";
import { preflight, type BuyMode } from "../buy/preflight.js";
import { mostLocked, prepareRequest, type BuyTerms } from "../buy/terms.js";
import type { Session } from "../chain/session.js";
import { rememberDeals, rememberResultKey } from "../deals/notes.js";
import { categoryName, listings, type Listings } from "../market/catalog.js";
import type { Page, PageContext } from "../router.js";
import { ectField, parseEct } from "../ui/amount.js";
import { section } from "../ui/async.js";
import { field, h, setChildren } from "../ui/dom.js";
import { errorBox } from "../ui/errors.js";
import { ect, short, text } from "../ui/format.js";
import { Lifetime } from "../ui/lifetime.js";

function wholeNumber(input: HTMLInputElement, name: string, min: number): number {
  const value = Number(input.value);
  if (!Number.isInteger(value) || value < min) throw new InputError(name, `expected a whole number of at least ${min}, got ${JSON.stringify(input.value)}`);
  return value;
}

function form(session: Session, data: Listings, query: URLSearchParams): { el: HTMLElement; dispose: () => void } {
  const option = (value: string, label: string) => h("option", { value }, label);
  const app = h("select", { id: "buy-app" }, data.apps.map((a) => option(String(a.id), `#${a.id} ${text(a.app.name)} — ${a.offers.lowest_price === undefined ? "no offer" : ect(a.offers.lowest_price)}`))) as HTMLSelectElement;
  const dataset = h("select", { id: "buy-dataset" }, option("", "none"), data.datasets.map((d) => option(String(d.id), `#${d.id} ${text(d.dataset.name)} — ${ect(d.offers.lowest_price)}`))) as HTMLSelectElement;
  const category = h("select", { id: "buy-category" }, data.categories.map((c) => option(String(c.id), categoryName(data.categories, c.id)))) as HTMLSelectElement;
  const pool = h("select", { id: "buy-pool" }, option("", "any pool"), data.workerpools.map((p) => option(String(p.id), `#${p.id} ${text(p.workerpool.description)}`))) as HTMLSelectElement;
  const trust = h("input", { id: "buy-trust", type: "number", min: 1, value: 1 }) as HTMLInputElement;
  const volume = h("input", { id: "buy-volume", type: "number", min: 1, value: 1 }) as HTMLInputElement;
  const appMax = h("input", { id: "buy-app-max", inputmode: "decimal", value: "1" }) as HTMLInputElement;
  const datasetMax = h("input", { id: "buy-dataset-max", inputmode: "decimal", value: "0" }) as HTMLInputElement;
  const cheapestPool = data.workerpools.reduce<bigint | undefined>((min, p) => (p.offers.lowest_price !== undefined && (min === undefined || p.offers.lowest_price < min) ? p.offers.lowest_price : min), undefined);
  const poolMax = h("input", { id: "buy-pool-max", inputmode: "decimal", value: cheapestPool === undefined ? "2" : ectField(cheapestPool * 2n) }) as HTMLInputElement;
  const weight = h("input", { id: "buy-weight", type: "range", min: 0, max: 100, step: 5, value: 100 }) as HTMLInputElement;
  const weightText = h("output", { for: "buy-weight" });
  const input = h("textarea", { id: "buy-input", rows: 3, placeholder: "the content of /in/input" }) as HTMLTextAreaElement;
  const args = h("input", { id: "buy-args", placeholder: "arguments, separated by spaces" }) as HTMLInputElement;
  const seal = h("input", { id: "buy-seal", type: "checkbox" }) as HTMLInputElement;
  const modeBook = h("input", { id: "mode-book", type: "radio", name: "mode", value: "book", checked: true }) as HTMLInputElement;
  const modeNow = h("input", { id: "mode-now", type: "radio", name: "mode", value: "now" }) as HTMLInputElement;
  const preflightBox = h("div", { id: "buy-preflight", class: "preflight" });
  const outcome = h("div", { id: "buy-outcome" });
  const submit = h("button", { id: "buy-submit", type: "submit" }, "Buy") as HTMLButtonElement;

  const fromQuery = (name: string, select: HTMLSelectElement) => {
    const value = query.get(name);
    if (value !== null && [...select.options].some((o) => o.value === value)) select.value = value;
  };
  fromQuery("app", app);
  fromQuery("dataset", dataset);
  const priceOf = (list: Array<{ id: number; offers: { lowest_price: bigint | undefined } }>, id: string) => list.find((x) => String(x.id) === id)?.offers.lowest_price;
  const followPrices = () => {
    const a = priceOf(data.apps, app.value);
    if (a !== undefined) appMax.value = ectField(a);
    const d = priceOf(data.datasets, dataset.value);
    datasetMax.value = d === undefined ? "0" : ectField(d);
  };
  followPrices();

  const mode = (): BuyMode => (modeNow.checked ? "now" : "book");
  const terms = (): BuyTerms => {
    const params: TaskParams = {};
    if (input.value) params.input = input.value;
    const list = args.value.trim().split(/\s+/).filter(Boolean);
    if (list.length) params.args = list;
    if (app.value === "") throw new InputError("app", "no app is registered yet", "register one on the Providers page");
    return {
      app: Number(app.value),
      dataset: dataset.value === "" ? undefined : Number(dataset.value),
      workerpool: pool.value === "" ? undefined : Number(pool.value),
      category: Number(category.value),
      trust: wholeNumber(trust, "trust", 1),
      volume: wholeNumber(volume, "volume", 1),
      appMaxPrice: parseEct(appMax.value, "app max price"),
      datasetMaxPrice: parseEct(datasetMax.value || "0", "dataset max price"),
      workerpoolMaxPrice: parseEct(poolMax.value, "workerpool max price"),
      priceWeight: Number(weight.value),
      params,
    };
  };

  let checking = 0;
  const check = async () => {
    const w = Number(weight.value);
    weightText.textContent = `price ${w}% · reputation ${100 - w}%`;
    const account = currentAccount();
    const ticket = ++checking;
    let t: BuyTerms;
    try {
      t = terms();
    } catch (error) {
      setChildren(preflightBox, errorBox(error));
      return;
    }
    if (!account) {
      setChildren(preflightBox, h("p", null, `It locks at most ${ect(mostLocked(t))}. Choose an account in the header to buy.`));
      return;
    }
    const free = (await session.chain.api.query.System.Account.getValue(account.address, { at: "best" })).data.free;
    if (ticket !== checking) return;
    const verdict = preflight(t, account.label, free, mode());
    setChildren(preflightBox, h("p", { class: verdict.short ? "warn" : "" }, verdict.text));
  };

  const finish = (bought: { deals: RequestPublished["deals"]; block?: number }, t: BuyTerms, account: string) => {
    const notes = bought.deals.map((d) => ({ deal: d.deal, request: d.request, app: t.app, volume: d.volume, requester: account, block: bought.block ?? 0, at: Date.now() }));
    rememberDeals(session.chain.genesisHash, notes);
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setChildren(outcome);
    let account: WalletAccount;
    let t: BuyTerms;
    try {
      account = requireAccount(session.dev);
      t = terms();
    } catch (error) {
      setChildren(outcome, errorBox(error));
      return;
    }
    let sealedKey: Hex | undefined;
    if (seal.checked) {
      const key = generateResultKey();
      t.params.encrypt_to = key.publicKey;
      sealedKey = toHex(key.secret);
    }
    submit.disabled = true;
    setChildren(outcome, h("p", { class: "muted" }, mode() === "book" ? "Signing and publishing the request…" : "Choosing offers, signing the request and matching…"));
    try {
      const request = await prepareRequest(session, account.address, t);
      // Kept by the request's hash before it is submitted: deals made later, from the book, find it too.
      if (sealedKey) rememberResultKey(session.chain.genesisHash, request.hash, sealedKey);
      if (mode() === "book") {
        const published = await buyFromBook(session, account, request, t.priceWeight);
        finish({ deals: published.deals, block: published.included.block.number }, t, account.address);
        const first = published.deals[0];
        if (first) {
          location.hash = `#/deal/${first.deal}`;
          return;
        }
        setChildren(
          outcome,
          h("div", { class: "notice", "data-outcome": "resting" }, h("strong", null, "Published, not matched yet."), ` Request ${short(published.hash, 6)}: ${published.remaining} task(s) rest in the book${published.restingUntil ? ` until block #${published.restingUntil}` : ""}; an offer that fits will match it.${sealedKey ? " This browser keeps the key its results are sealed to." : ""}`),
        );
      } else {
        const bought = await buyNow(session, account, t, request);
        const [best] = await session.chain.client.getBestBlocks();
        finish({ deals: bought.deals, block: best?.number ?? 0 }, t, account.address);
        const first = bought.deals[0];
        if (first) location.hash = `#/deal/${first.deal}`;
        else setChildren(outcome, h("p", { class: "warn" }, "The match made no deal."));
      }
    } catch (error) {
      setChildren(outcome, errorBox(error));
    } finally {
      submit.disabled = false;
    }
  };

  for (const control of [app, dataset, category, pool, trust, volume, appMax, datasetMax, poolMax, weight, args, modeBook, modeNow]) {
    control.addEventListener("input", () => void check());
    control.addEventListener("change", () => void check());
  }
  app.addEventListener("change", followPrices);
  dataset.addEventListener("change", followPrices);
  const stop = onAccountChange(() => void check());
  void check();

  const el = h(
    "form",
    { class: "buy-form", onsubmit: (e: Event) => void onSubmit(e) },
    h(
      "fieldset",
      null,
      h("legend", null, "What to run"),
      field("App", app),
      field("Dataset", dataset),
      field("Input", input, "given to the app as /in/input"),
      field("Arguments", args),
      h("label", { class: "check" }, seal, " Seal the result to a key kept in this browser (only this browser can read it)"),
    ),
    h(
      "fieldset",
      null,
      h("legend", null, "Terms"),
      field("Category", category, "the deadlines are multiples of its time reference"),
      field("Trust", trust, "1: one worker's result suffices; more asks for agreeing replicas"),
      field("Volume", volume, "how many tasks"),
      field("Workerpool", pool),
    ),
    h(
      "fieldset",
      null,
      h("legend", null, "Price limits, per task (ECT)"),
      field("App at most", appMax),
      field("Dataset at most", datasetMax),
      field("Pool at most", poolMax),
      field("Price vs reputation", weight, weightText),
    ),
    h(
      "fieldset",
      null,
      h("legend", null, "How"),
      h("label", { class: "check" }, modeBook, " Through the order book: the chain ranks the pools by price and reputation (publish_request); what it cannot match rests"),
      h("label", { class: "check" }, modeNow, " Now, from the cheapest open offers: your request is signed off chain and matched (match_orders), or refused with the reason"),
    ),
    preflightBox,
    h("div", { class: "actions" }, submit),
    outcome,
  );
  return { el, dispose: () => void stop() };
}

/** `#/buy`, `#/buy?app=3`. */
export function buyPage({ session, query }: PageContext): Page {
  const life = new Lifetime();
  const body = section(
    () => listings(session),
    (data) => {
      const made = form(session, data, query);
      life.add(made.dispose);
      return made.el;
    },
    "Loading the catalogue…",
  );
  return {
    title: "Buy a task",
    el: h("section", { class: "page buy" }, h("h1", null, "Buy a task"), body.el),
    dispose: () => life.dispose(),
  };
}
