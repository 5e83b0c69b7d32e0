/**
 * A deal, live: its terms, each task moving through its states with its
 * deadlines counting down, the moments of its life block by block, and
 * each certified result downloaded and verified in the browser.
 */

import { fromHex, getDeal, getTask, taskIds, type Deal, type Hex } from "@ect/sdk";

import { pastBlocks } from "../chain/legacy.js";
import type { Session } from "../chain/session.js";
import { dealTasks$, MAX_FOLLOWED } from "../deals/follow.js";
import { dealNote, resultKeyOf, resultKeys } from "../deals/notes.js";
import { fetchVerified } from "../deals/result.js";
import { resultView } from "../deals/resultView.js";
import { taskRow, type TaskRow } from "../deals/taskRow.js";
import { momentsOf, type Moment } from "../deals/timeline.js";
import type { Page, PageContext } from "../router.js";
import { h, setChildren } from "../ui/dom.js";
import { errorBox } from "../ui/errors.js";
import { ect, short, text } from "../ui/format.js";
import { Lifetime } from "../ui/lifetime.js";
import { facts } from "./asset.js";

/** The names of a deal's app, dataset, pool and category, from the catalogue. */
interface Names {
  app?: string;
  dataset?: string;
  workerpool?: string;
  category?: string;
}

async function namesOf(session: Session, deal: Deal): Promise<Names> {
  const { catalog } = session;
  const first = async <T>(page: Promise<{ items: T[] }>) => (await page.catch(() => ({ items: [] as T[] }))).items[0];
  const [app, dataset, pool, category] = await Promise.all([
    first(catalog.apps(deal.app.id, 1)),
    deal.dataset ? first(catalog.datasets(deal.dataset.id, 1)) : undefined,
    first(catalog.workerpools(deal.workerpool.id, 1)),
    first(catalog.categories(deal.category, 1)),
  ]);
  return {
    app: app && text(app.app.name),
    dataset: dataset && text(dataset.dataset.name),
    workerpool: pool && text(pool.workerpool.description),
    category: category && `${text(category.category.name)} (${category.category.work_clock_time_ref} s)`,
  };
}

function terms(deal: Deal, names: Names): HTMLElement {
  const perTask = deal.app.price + (deal.dataset?.price ?? 0n) + deal.workerpool.price;
  const named = (id: number, name: string | undefined) => `#${id}${name ? ` ${name}` : ""}`;
  return facts([
    ["app", h("a", { href: `#/app/${deal.app.id}` }, named(deal.app.id, names.app))],
    ["dataset", deal.dataset ? h("a", { href: `#/dataset/${deal.dataset.id}` }, named(deal.dataset.id, names.dataset)) : "none"],
    ["workerpool", named(deal.workerpool.id, names.workerpool)],
    ["price / task", `${ect(perTask)} (app ${ect(deal.app.price)}${deal.dataset ? ` + dataset ${ect(deal.dataset.price)}` : ""} + pool ${ect(deal.workerpool.price)})`],
    ["tasks", String(deal.volume)],
    ["category", names.category ?? `#${deal.category}`],
    ["trust", String(deal.trust)],
    ["requester", h("code", null, deal.requester)],
    ["started", new Date(Number(deal.start)).toLocaleString()],
    ["params", h("code", { class: "wrap" }, text(deal.params) || "(none)")],
  ]);
}

/** Reads the moments of the blocks from `from` to the best one (the deal's past, before the page opened). */
async function pastMoments(session: Session, deal: Hex, index: Map<string, number>, from: number, to: number): Promise<Moment[]> {
  const past = await pastBlocks(session.chain);
  const numbers = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  const hashes = await past.hashes(numbers);
  const lists = await Promise.all(
    numbers.map(async (number, i) => {
      const hash = hashes[i];
      const events = hash ? await past.events(hash) : undefined;
      return events ? momentsOf(number, events, deal, index) : [];
    }),
  );
  return lists.flat();
}

/** `#/deal/0x…`. */
export function dealPage({ session, params }: PageContext): Page {
  const id = params[0] as Hex;
  const { genesisHash } = session.chain;
  const note = dealNote(genesisHash, id);
  const head = h("div", null, h("p", { class: "muted" }, "Loading the deal…"));
  const body = h("tbody");
  const tasksNote = h("p", { class: "muted" });
  const moments = h("ol", { class: "timeline", reversed: true });
  const life = new Lifetime();
  const rows = new Map<string, TaskRow>();
  const fetching = new Set<string>();
  /** The secret the deal's results are sealed to, if this browser keeps it (known once the deal is read). */
  let resultKey: Uint8Array | undefined;

  const seen = new Map<string, Moment>();
  const addMoments = (list: Moment[]) => {
    if (list.length === 0) return;
    for (const m of list) seen.set(`${m.block}:${m.order}`, m);
    const newest = [...seen.values()].sort((a, b) => b.block - a.block || b.order - a.order);
    setChildren(moments, newest.map((m) => h("li", { "data-kind": m.kind }, h("b", null, `#${m.block} `), m.text)));
  };

  const verify = async (task: Hex, row: TaskRow) => {
    if (fetching.has(task)) return;
    fetching.add(task);
    setChildren(row.result, h("span", { class: "muted" }, "downloading and verifying the result…"));
    try {
      const [record, deal] = await Promise.all([getTask(session.chain, task), getDeal(session.chain, id)]);
      const certified = record && deal ? { task: record, deal } : undefined;
      setChildren(row.result, resultView(await fetchVerified(session, task, { resultKey, certified })));
    } catch (error) {
      setChildren(row.result, errorBox(error), h("button", { type: "button", class: "secondary small", onclick: () => void verify(task, row) }, "Try again"));
      fetching.delete(task);
    }
  };

  void (async () => {
    const deal = await getDeal(session.chain, id);
    if (life.disposed) return;
    if (!deal) {
      setChildren(
        head,
        h("p", { class: "warn" }, note ? "This deal is no longer on chain: it finished, and the chain dropped it after its retention period." : "No deal has this id on this chain (or it finished and was dropped after its retention period)."),
      );
      return;
    }
    // Kept by the deal's request: a request that rested in the book finds its key too.
    const secret = resultKeyOf(resultKeys(genesisHash), { request: deal.request as Hex, resultKey: note?.resultKey });
    resultKey = secret ? fromHex(secret, 32, "result key") : undefined;
    setChildren(head, terms(deal, {}));
    if (deal.volume > MAX_FOLLOWED) tasksNote.textContent = `Following the first ${MAX_FOLLOWED} of its ${deal.volume} tasks.`;
    void namesOf(session, deal).then((names) => setChildren(head, terms(deal, names)));
    const ids = taskIds(id, deal.first_index, Math.min(deal.volume, MAX_FOLLOWED));
    const index = new Map(ids.map((task, i) => [task as string, deal.first_index + i]));
    ids.forEach((task, i) => {
      const row = taskRow(session.chain, deal.first_index + i, task);
      rows.set(task, row);
      body.append(row.row);
    });
    life.follow(dealTasks$(session.chain, session.blocks$, id, deal.volume), (views) => {
      for (const view of views) {
        const row = rows.get(view.task);
        if (!row) continue;
        row.update(view);
        if (view.status.type === "Completed") void verify(view.task as Hex, row);
      }
    });
    life.follow(session.blocks$, (block) => addMoments(momentsOf(block.number, block.events, id, index)));
    const [best] = await session.chain.client.getBestBlocks();
    const to = best?.number ?? 0;
    addMoments(await pastMoments(session, id, index, Math.max(note?.block ?? to - 30, to - 200), to));
  })().catch((error: unknown) => setChildren(head, errorBox(error)));

  const el = h(
    "section",
    { class: "page deal-page" },
    h("h1", null, "Deal ", h("code", { title: id }, short(id, 8))),
    head,
    h("h2", null, "Tasks"),
    tasksNote,
    h("div", { class: "table-wrap" }, h("table", null, h("thead", null, h("tr", null, ["task", "state", "contributions", "consensus", "deadlines", "result"].map((t) => h("th", null, t)))), body)),
    h("h2", null, "Its life, block by block"),
    moments,
  );
  return { title: `Deal ${short(id, 6)}`, el, dispose: () => life.dispose() };
}
