/**
 * The few DOM helpers the app is built with: `h` makes an element from a
 * tag, attributes and children, `svg` the same in the SVG namespace.
 */

/** What may be a child: nodes, text, numbers, nothing, or lists of them. */
export type Child = Node | string | number | bigint | null | undefined | false | Child[];

/** Attributes: strings and numbers are set, `true` sets an empty attribute, `on*` functions are listeners. */
export type Attrs = Record<string, string | number | boolean | ((event: Event) => void) | null | undefined>;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
  } else if (child instanceof Node) {
    parent.appendChild(child);
  } else {
    parent.appendChild(document.createTextNode(String(child)));
  }
}

function apply(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "value" && "value" in el) {
      (el as HTMLInputElement).value = String(value);
    } else if (name === "checked" && el instanceof HTMLInputElement) {
      el.checked = Boolean(value);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

/** An HTML element: `h("a", { href: "#/store" }, "The store")`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** Replaces the children of `el`. */
export function setChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A labelled form row: `<label>text <control></label>` with an optional note. */
export function field(label: string, control: HTMLElement, note?: Child): HTMLLabelElement {
  return h("label", { class: "field" }, h("span", { class: "field-label" }, label), control, note ? h("small", { class: "note" }, note) : null);
}
