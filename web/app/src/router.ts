/** Pages by the URL's hash: `#/market`, `#/app/3`, `#/buy?app=3`, … */

import type { Session } from "./chain/session.js";
import { h, setChildren } from "./ui/dom.js";
import { errorBox } from "./ui/errors.js";

/** What a page is made from: the session, the path's captured parts and the hash's query. */
export interface PageContext {
  session: Session;
  params: string[];
  query: URLSearchParams;
}

/** A page: its title, its element, and what to stop when it is left. */
export interface Page {
  title: string;
  el: HTMLElement;
  dispose?: () => void;
}

/** A route: a path pattern (its groups are the params) and the page it makes. */
export interface Route {
  path: RegExp;
  make: (ctx: PageContext) => Page;
}

/** The hash's path and query: `#/buy?app=3` → `/buy`, `app=3`. */
export function parseHash(hash: string): { path: string; query: URLSearchParams } {
  const raw = hash.replace(/^#/, "") || "/";
  const at = raw.indexOf("?");
  return at < 0 ? { path: raw, query: new URLSearchParams() } : { path: raw.slice(0, at), query: new URLSearchParams(raw.slice(at + 1)) };
}

/** Shows the page of the current hash in `outlet`, and the next one on each change. */
export function startRouter(outlet: HTMLElement, session: Session, routes: Route[], home: string): void {
  let current: Page | undefined;
  const show = () => {
    const { path, query } = parseHash(location.hash);
    const route = routes.find((r) => r.path.test(path));
    if (!route) {
      location.replace(home);
      return;
    }
    current?.dispose?.();
    const params = (route.path.exec(path) ?? []).slice(1).map((p) => decodeURIComponent(p ?? ""));
    try {
      current = route.make({ session, params, query });
      document.title = `${current.title} · ECT`;
      setChildren(outlet, current.el);
    } catch (error) {
      current = undefined;
      setChildren(outlet, h("section", null, errorBox(error)));
    }
    const top = path.split("/")[1] ?? "";
    for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a[data-nav]")) {
      link.classList.toggle("active", link.dataset.nav === top);
    }
    window.scrollTo(0, 0);
  };
  window.addEventListener("hashchange", show);
  show();
}
