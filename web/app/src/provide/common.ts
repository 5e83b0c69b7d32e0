/** What the providers' forms share: the signing account, running a form's action, the account's assets. */

import type { AssetRef } from "@ect/sdk";

import type { WalletAccount } from "../accounts/account.js";
import { requireAccount } from "../accounts/current.js";
import type { Session } from "../chain/session.js";
import type { Listings } from "../market/catalog.js";
import { h, setChildren } from "../ui/dom.js";
import { errorBox } from "../ui/errors.js";
import { text } from "../ui/format.js";

/** An asset kind. */
export type Kind = AssetRef["type"];

/** The account in the header, or an error saying how to choose one. */
export function needAccount(session: Session): WalletAccount {
  return requireAccount(session.dev);
}

/** Runs `action` for a form: busy button, outcome or error. */
export function wire(formEl: HTMLFormElement, button: HTMLButtonElement, outcome: HTMLElement, busy: string, action: () => Promise<Node>): void {
  formEl.addEventListener("submit", (event) => {
    event.preventDefault();
    button.disabled = true;
    setChildren(outcome, h("p", { class: "muted" }, busy));
    action()
      .then((node) => setChildren(outcome, node))
      .catch((error: unknown) => setChildren(outcome, errorBox(error)))
      .finally(() => (button.disabled = false));
  });
}

/** The ids and names of the current account's assets of `kind`. */
export function ownAssets(data: Listings, kind: Kind, owner: string | undefined): Array<[number, string]> {
  if (kind === "App") return data.apps.filter((a) => a.app.owner === owner).map((a) => [a.id, text(a.app.name)]);
  if (kind === "Dataset") return data.datasets.filter((d) => d.dataset.owner === owner).map((d) => [d.id, text(d.dataset.name)]);
  return data.workerpools.filter((p) => p.workerpool.owner === owner || p.operator === owner).map((p) => [p.id, text(p.workerpool.description)]);
}

