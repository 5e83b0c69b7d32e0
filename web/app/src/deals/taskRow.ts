/**
 * One task of a deal as it moves: its step (waiting → contributions →
 * consensus and reveal → certified), contributions, consensus, deadlines
 * counting down, and its verified result once certified.
 */

import { getContributions, type EctChain, type Hex } from "@ect/sdk";

import { countdown } from "../ui/countdown.js";
import { h, setChildren } from "../ui/dom.js";
import { short } from "../ui/format.js";
import type { TaskView } from "./follow.js";

const STEPS = ["waiting", "contributions", "reveal", "certified"] as const;

const STEP_OF: Record<TaskView["status"]["type"], number> = { Unset: 0, Active: 1, Revealing: 2, Completed: 3, Failed: -1 };

const LABEL: Record<TaskView["status"]["type"], string> = {
  Unset: "waiting for a worker",
  Active: "taking contributions",
  Revealing: "consensus reached: revealing",
  Completed: "certified",
  Failed: "failed (claimed)",
};

/** A task's row and how to update it. */
export interface TaskRow {
  row: HTMLTableRowElement;
  /** Where the result goes once certified. */
  result: HTMLElement;
  /** Shows the task as `view` says. */
  update(view: TaskView): void;
}

function steps(status: TaskView["status"]["type"]): HTMLElement {
  const at = STEP_OF[status];
  return h(
    "ol",
    { class: "steps" },
    STEPS.map((name, i) => h("li", { class: at < 0 ? "failed" : i < at ? "done" : i === at ? "now" : "" }, name)),
  );
}

function deadlines(view: TaskView): HTMLElement {
  const status = view.status.type;
  if (status === "Completed" || status === "Failed") return h("span", { class: "muted" }, "done");
  return h(
    "ul",
    { class: "plain deadlines" },
    status !== "Revealing" ? h("li", null, "contributions close ", countdown(view.contribution_deadline)) : null,
    status === "Revealing" ? h("li", null, "reveals close ", countdown(view.reveal_deadline)) : null,
    h("li", null, "claimable ", countdown(view.final_deadline)),
  );
}

/** The row of task `index` (`task` its id). */
export function taskRow(chain: EctChain, index: number, task: Hex): TaskRow {
  const status = h("td", { class: "status" });
  const contributions = h("td");
  const consensus = h("td");
  const times = h("td");
  const result = h("div", { class: "result-box" });
  const row = h(
    "tr",
    { "data-row": "task", "data-task": task, "data-status": "Unset" },
    h("td", null, `#${index}`, h("br"), h("code", { title: task }, short(task, 6))),
    status,
    contributions,
    consensus,
    times,
    h("td", null, result),
  ) as HTMLTableRowElement;
  let last: TaskView | undefined;

  const showContributions = async (count: number) => {
    if (count === 0) {
      setChildren(contributions, h("span", { class: "muted" }, "none yet"));
      return;
    }
    try {
      const list = await getContributions(chain, task);
      setChildren(
        contributions,
        h("ul", { class: "plain" }, list.map(({ worker, contribution }) => h("li", { title: worker }, `${short(worker)} · weight ${contribution.weight} · ${contribution.status.type.toLowerCase()}`))),
      );
    } catch {
      setChildren(contributions, `${count}`);
    }
  };

  return {
    row,
    result,
    update(view) {
      const changed = !last || last.status.type !== view.status.type || last.contributions !== view.contributions || last.consensus !== view.consensus;
      if (!changed) return;
      const type = view.status.type;
      row.dataset.status = type;
      setChildren(status, h("span", { class: `badge status-${type.toLowerCase()}` }, LABEL[type]), steps(type));
      if (!last || last.contributions !== view.contributions) void showContributions(view.contributions);
      setChildren(consensus, view.consensus ? h("code", { title: view.consensus }, short(view.consensus, 6)) : h("span", { class: "muted" }, "—"));
      if (!last || last.status.type !== type) setChildren(times, deadlines(view));
      last = view;
    },
  };
}
