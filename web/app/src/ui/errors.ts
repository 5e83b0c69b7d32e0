/**
 * Errors as people read them: what failed, by name when the chain named it
 * (`Marketplace.RequesterCannotPay`), the runtime's own words, and what to
 * do (the SDK's hints).
 */

import { ChainError, EctError, InputError, ResultError, TransactionError, UndecodableTransactionError } from "@ect/sdk";

import { h } from "./dom.js";

/** What an error says, in parts. */
export interface Explained {
  /** A short title: who refused and the error's name. */
  title: string;
  /** The error's name as the chain or the SDK gives it, if any. */
  name: string | undefined;
  /** What happened, in a sentence. */
  detail: string | undefined;
  /** What to do about it. */
  hint: string | undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Splits any error the app meets into title, name, detail and hint. */
export function explain(error: unknown): Explained {
  if (error instanceof ChainError) {
    const name = `${error.key}${error.detail ? `(${error.detail})` : ""}`;
    return { title: `The chain refused it: ${name}`, name, detail: error.docs, hint: error.hint };
  }
  if (error instanceof TransactionError) {
    return { title: `The node refused the transaction: ${error.kind}`, name: error.kind, detail: undefined, hint: error.hint };
  }
  if (error instanceof UndecodableTransactionError) {
    return { title: "The runtime cannot decode the transaction", name: undefined, detail: messageOf(error).replace(/ \(.*\)$/, ""), hint: error.hint };
  }
  if (error instanceof InputError) {
    const detail = error.hint ? messageOf(error).slice(0, -(error.hint.length + 3)) : messageOf(error);
    return { title: `Check “${error.field}”`, name: undefined, detail, hint: error.hint };
  }
  if (error instanceof ResultError) {
    const detail = error.hint ? messageOf(error).slice(0, -(error.hint.length + 3)) : messageOf(error);
    return { title: `The result is not usable (${error.problem})`, name: undefined, detail, hint: error.hint };
  }
  if (error instanceof EctError) {
    const detail = error.hint ? messageOf(error).slice(0, -(error.hint.length + 3)) : messageOf(error);
    return { title: `It failed (${error.code})`, name: undefined, detail, hint: error.hint };
  }
  return { title: "It failed", name: undefined, detail: messageOf(error), hint: undefined };
}

/** A box that shows an error: its title, name, detail and what to do. */
export function errorBox(error: unknown): HTMLElement {
  const e = explain(error);
  return h(
    "div",
    { class: "error", role: "alert", "data-error": e.name ?? "" },
    h("strong", null, e.title),
    e.detail ? h("p", { class: "error-detail" }, e.detail) : null,
    e.hint ? h("p", { class: "error-hint" }, h("b", null, "What to do: "), e.hint) : null,
  );
}
