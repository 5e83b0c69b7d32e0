/**
 * A verified result as shown: what was checked and what the certified
 * digest covers, the output, and links to save it.
 */

import type { FetchedResult } from "@ect/sdk";

import { h } from "../ui/dom.js";
import { short } from "../ui/format.js";

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** What the page says a verified result is. */
export interface Claim {
  /** The badge: what was verified. */
  badge: string;
  /** The checks made. */
  checked: string;
  /** What the certified digest does not vouch for, if anything. */
  uncovered: string | undefined;
}

/** What the checks of `result` establish, said no more strongly than its certified digest allows. */
export function claimOf(result: Pick<FetchedResult, "covers" | "encrypted" | "link" | "digest">): Claim {
  const stored = `The stored bundle hashes to ${short(result.link.bundle, 6)}, the hash in the results link on chain${result.encrypted ? ", and opened with this browser's key" : ""}`;
  const digest = short(result.digest, 6);
  if (result.covers === "bundle") {
    return { badge: "✓ verified", checked: `${stored}; its digest is the certified digest ${digest}.`, uncovered: undefined };
  }
  return {
    badge: "✓ callback verified",
    checked: `${stored}; its callback file hashes to the certified digest ${digest}.`,
    uncovered: "The deal has a callback, so the certified digest covers the callback file only: the standard output and the other files are vouched for by the results link the scheduler wrote, not by the workers' consensus.",
  };
}

/** A link that saves `bytes` as `name`. */
function saveLink(name: string, bytes: Uint8Array, type = "application/octet-stream"): HTMLAnchorElement {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  return h("a", { href: url, download: name, class: "button secondary small" }, `Save ${name}`);
}

/** The view of a verified result. */
export function resultView(result: FetchedResult): HTMLElement {
  const stdout = utf8.decode(result.output.stdout);
  const id = result.task.slice(2, 10);
  const claim = claimOf(result);
  return h(
    "div",
    { class: "result", "data-verified": "true", "data-covers": result.covers },
    h("p", { class: "verified" }, h("span", { class: "badge ok" }, claim.badge), ` ${claim.checked}`),
    claim.uncovered ? h("p", { class: "warn small", "data-uncovered": "" }, claim.uncovered) : null,
    h("pre", { class: "stdout", "data-stdout": "" }, stdout || "(no standard output)"),
    result.output.files.length
      ? h("ul", { class: "plain" }, result.output.files.map(([path, bytes]) => h("li", null, saveLink(path, bytes), ` ${bytes.length} bytes`)))
      : null,
    h("div", { class: "actions" }, saveLink(`stdout-${id}.txt`, result.output.stdout, "text/plain"), saveLink(`result-${id}.bundle`, result.bundle), h("a", { href: result.link.location, class: "muted small", target: "_blank", rel: "noopener" }, "stored at the pool's store")),
  );
}
