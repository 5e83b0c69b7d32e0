/** The frame of every page: the header (navigation, endpoint, chain status, account) and the outlet. */

import { isEndpoint, switchEndpoint } from "./chain/endpoint.js";
import { h, setChildren, type Child } from "./ui/dom.js";

/** The frame's parts that the boot fills in. */
export interface Shell {
  root: HTMLElement;
  /** Where pages go. */
  outlet: HTMLElement;
  /** The chain's name and best block. */
  status: HTMLElement;
  /** Where the account picker goes. */
  account: HTMLElement;
}

const NAV: Array<[string, string, string]> = [
  ["market", "#/market", "Marketplace"],
  ["store", "#/store", "DApp store"],
  ["buy", "#/buy", "Buy a task"],
  ["deals", "#/deals", "My deals"],
  ["provide", "#/provide", "Providers"],
];

/** Builds the frame for the endpoint `url`. */
export function shell(url: string): Shell {
  const input = h("input", { id: "rpc", value: url, size: 26, "aria-label": "RPC endpoint", spellcheck: "false" }) as HTMLInputElement;
  const form = h(
    "form",
    {
      class: "endpoint",
      onsubmit: (event: Event) => {
        event.preventDefault();
        if (isEndpoint(input.value)) switchEndpoint(input.value);
        else input.setCustomValidity("a ws:// or wss:// URL");
        input.reportValidity();
      },
    },
    input,
    h("button", { type: "submit", class: "secondary" }, "Connect"),
  );
  input.addEventListener("input", () => input.setCustomValidity(""));
  const status = h("span", { class: "status", id: "chain-status" }, "connecting…");
  const account = h("div", { class: "account" });
  const outlet = h("main", { id: "page" });
  const root = h(
    "div",
    { class: "app" },
    h(
      "header",
      null,
      h("div", { class: "brand" }, h("a", { href: "#/market" }, "ECT"), h("small", null, "decentralized compute market")),
      h("nav", null, NAV.map(([key, href, label]) => h("a", { href, "data-nav": key }, label))),
      h("div", { class: "connection" }, form, status),
      account,
    ),
    outlet,
  );
  return { root, outlet, status, account };
}

/** Shows `content` in the outlet (before the router runs: connecting, or why it failed). */
export function showInOutlet(s: Shell, ...content: Child[]): void {
  setChildren(s.outlet, h("section", null, content));
}
