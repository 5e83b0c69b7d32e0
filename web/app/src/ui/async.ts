/** A part of a page that loads asynchronously, shows its error if it fails, and can reload. */

import { h, setChildren, type Child } from "./dom.js";
import { errorBox } from "./errors.js";

/** A loading section. */
export interface Section {
  el: HTMLElement;
  /** Loads again; the old content stays until the new one is ready. A reload asked during one runs after it. */
  refresh(): Promise<void>;
}

/** A section that shows `render(await load())`, or the error. */
export function section<T>(load: () => Promise<T>, render: (value: T) => Child, loadingText = "Loading…"): Section {
  const el = h("div", { class: "section", "aria-busy": "true" }, h("p", { class: "muted" }, loadingText));
  let running: Promise<void> | undefined;
  let again = false;
  const run = async (): Promise<void> => {
    try {
      const value = await load();
      setChildren(el, render(value));
    } catch (error) {
      setChildren(el, errorBox(error));
    }
    el.setAttribute("aria-busy", "false");
  };
  const refresh = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = run().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        void refresh();
      }
    });
    return running;
  };
  void refresh();
  return { el, refresh };
}
