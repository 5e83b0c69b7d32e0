/** Tables of rows. */

import { h, type Attrs, type Child } from "./dom.js";

/** A table row: its cells, and attributes of the `<tr>` (e.g. `data-row`). */
export interface Row {
  cells: Child[];
  attrs?: Attrs;
}

/** A table with a header; `empty` is shown when there is no row. */
export function table(headers: string[], rows: Row[], empty: Child = "Nothing yet."): HTMLElement {
  if (rows.length === 0) return h("p", { class: "muted empty" }, empty);
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      null,
      h("thead", null, h("tr", null, headers.map((title) => h("th", null, title)))),
      h("tbody", null, rows.map((row) => h("tr", row.attrs ?? null, row.cells.map((cell) => h("td", null, cell))))),
    ),
  );
}
