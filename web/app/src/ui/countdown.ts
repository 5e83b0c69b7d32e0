/** Deadlines counting down: one timer updates every countdown on the page each second. */

import { h } from "./dom.js";
import { duration } from "./format.js";

const live = new Set<HTMLElement>();
let timer: ReturnType<typeof setInterval> | undefined;

function paint(el: HTMLElement): void {
  const deadline = Number(el.dataset.deadline);
  const left = deadline - Date.now();
  el.textContent = left > 0 ? `in ${duration(left)}` : "passed";
  el.classList.toggle("passed", left <= 0);
}

function tick(): void {
  for (const el of live) {
    if (el.isConnected) paint(el);
    else live.delete(el);
  }
  if (live.size === 0 && timer !== undefined) {
    clearInterval(timer);
    timer = undefined;
  }
}

/** An element that counts down to `deadline` (unix ms), with the date in its title. */
export function countdown(deadline: bigint | number): HTMLElement {
  const ms = Number(deadline);
  const el = h("time", { class: "countdown", "data-deadline": ms, datetime: new Date(ms).toISOString(), title: new Date(ms).toLocaleString() });
  paint(el);
  live.add(el);
  timer ??= setInterval(tick, 1000);
  return el;
}
