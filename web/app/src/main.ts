/**
 * The ECT web marketplace. It connects to the node of the `rpc` query
 * parameter (or the field in the header), then shows the page of the URL's
 * hash.
 */

import "./style.css";

import { accountPicker } from "./accounts/picker.js";
import { currentEndpoint } from "./chain/endpoint.js";
import { openSession } from "./chain/session.js";
import { appPage } from "./pages/app.js";
import { buyPage } from "./pages/buy.js";
import { datasetPage } from "./pages/dataset.js";
import { dealPage } from "./pages/deal.js";
import { dealsPage } from "./pages/deals.js";
import { marketPage } from "./pages/market.js";
import { providePage } from "./pages/provide.js";
import { storePage } from "./pages/store.js";
import { startRouter, type Route } from "./router.js";
import { shell, showInOutlet } from "./shell.js";
import { h } from "./ui/dom.js";
import { errorBox } from "./ui/errors.js";

const ROUTES: Route[] = [
  { path: /^\/market$/, make: marketPage },
  { path: /^\/store$/, make: storePage },
  { path: /^\/app\/(\d+)$/, make: appPage },
  { path: /^\/dataset\/(\d+)$/, make: datasetPage },
  { path: /^\/buy$/, make: buyPage },
  { path: /^\/deals$/, make: dealsPage },
  { path: /^\/deal\/(0x[0-9a-fA-F]{64})$/, make: dealPage },
  { path: /^\/provide$/, make: providePage },
];

async function boot(): Promise<void> {
  const url = currentEndpoint();
  const frame = shell(url);
  document.body.replaceChildren(frame.root);
  showInOutlet(frame, h("p", { class: "muted" }, `Connecting to ${url}…`));
  performance.mark("ect:connecting");
  try {
    const session = await openSession(url);
    performance.mark("ect:connected");
    frame.status.textContent = `${session.name}${session.dev ? " (dev)" : ""}`;
    frame.status.title = `genesis ${session.chain.genesisHash}; catalogue from ${session.catalog.source}`;
    session.blocks$.subscribe((block) => {
      frame.status.textContent = `${session.name}${session.dev ? " (dev)" : ""} · block #${block.number}`;
    });
    frame.account.replaceChildren(accountPicker(session));
    startRouter(frame.outlet, session, ROUTES, "#/market");
  } catch (error) {
    frame.status.textContent = "not connected";
    showInOutlet(frame, h("h1", null, "Cannot connect"), errorBox(error), h("p", null, "Give the node's RPC address in the field above (or ?rpc=ws://… in the URL)."));
  }
}

void boot();
