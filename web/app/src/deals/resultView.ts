/** A verified result as shown: what was checked, the output, and links to save it. */

import type { FetchedResult } from "@ect/sdk";

import { h } from "../ui/dom.js";
import { short } from "../ui/format.js";

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** A link that saves `bytes` as `name`. */
function saveLink(name: string, bytes: Uint8Array, type = "application/octet-stream"): HTMLAnchorElement {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  return h("a", { href: url, download: name, class: "button secondary small" }, `Save ${name}`);
}

/** The view of a verified result. */
export function resultView(result: FetchedResult): HTMLElement {
  const stdout = utf8.decode(result.output.stdout);
  const id = result.task.slice(2, 10);
  return h(
    "div",
    { class: "result", "data-verified": "true" },
    h(
      "p",
      { class: "verified" },
      h("span", { class: "badge ok" }, "✓ verified"),
      ` The stored bundle hashes to the certified link's ${short(result.link.bundle, 6)}`,
      result.encrypted ? ", opened with this browser's key," : "",
      ` and its digest is the certified digest ${short(result.digest, 6)}.`,
    ),
    h("pre", { class: "stdout", "data-stdout": "" }, stdout || "(no standard output)"),
    result.output.files.length
      ? h("ul", { class: "plain" }, result.output.files.map(([path, bytes]) => h("li", null, saveLink(path, bytes), ` ${bytes.length} bytes`)))
      : null,
    h("div", { class: "actions" }, saveLink(`stdout-${id}.txt`, result.output.stdout, "text/plain"), saveLink(`result-${id}.bundle`, result.bundle), h("a", { href: result.link.location, class: "muted small", target: "_blank", rel: "noopener" }, "stored at the pool's store")),
  );
}
