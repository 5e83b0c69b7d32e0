/** Registering a workerpool. */

import { registerWorkerpool } from "@ect/sdk";

import type { Session } from "../chain/session.js";
import { field, h } from "../ui/dom.js";
import { needAccount, wire, type Kind } from "./common.js";

/** The form that registers a workerpool; `onDone` is told its id. */
export function poolForm(session: Session, onDone: (kind: Kind, id: number) => void): HTMLElement {
  const description = h("input", { id: "pool-description", required: true, placeholder: "my pool: 8 cores, EU", size: 40 }) as HTMLInputElement;
  const button = h("button", { id: "pool-register", type: "submit", class: "secondary" }, "Register the pool") as HTMLButtonElement;
  const outcome = h("div", { id: "pool-outcome" });
  const formEl = h(
    "form",
    { class: "provide-form" },
    h("fieldset", null, h("legend", null, "Register a workerpool"), field("Description", description, "you schedule its tasks (ect scheduler) and its workers run them"), h("div", { class: "actions" }, button), outcome),
  ) as HTMLFormElement;
  wire(formEl, button, outcome, "Signing and registering…", async () => {
    const id = await registerWorkerpool(session.chain, needAccount(session), { description: description.value });
    onDone("Workerpool", id);
    return h("p", { class: "notice", "data-outcome": "registered", "data-id": id }, `Workerpool #${id} is registered.`);
  });
  return formEl;
}

