/**
 * The account picker of the header: dev accounts on a dev chain (and any
 * `//path` of the dev phrase), the accounts of an injected extension once
 * the user connects it, and the chosen account's free balance.
 */

import type { Session } from "../chain/session.js";
import { h, setChildren } from "../ui/dom.js";
import { errorBox } from "../ui/errors.js";
import { ect } from "../ui/format.js";
import type { WalletAccount } from "./account.js";
import { chooseAccount, currentAccount, onAccountChange, rememberedAccountId } from "./current.js";
import { DEV_NAMES, devWalletAccount, isDevPath } from "./dev.js";
import { extensionAccounts, extensionNames } from "./extension.js";

/** The picker's element. */
export function accountPicker(session: Session): HTMLElement {
  const known = new Map<string, WalletAccount>();
  const select = h("select", { id: "account", "aria-label": "account" }) as HTMLSelectElement;
  const balance = h("span", { class: "balance", id: "balance" });
  const message = h("div", { class: "picker-message" });
  const pathInput = h("input", { id: "dev-path", placeholder: "//Name", size: 10, "aria-label": "dev path" }) as HTMLInputElement;
  const usePath = h("button", { id: "dev-path-use", type: "button" }, "Use");
  const pathRow = h("span", { class: "dev-path", hidden: true }, pathInput, usePath);

  const fill = () => {
    const chosen = currentAccount()?.id ?? "";
    const groups: HTMLElement[] = [h("option", { value: "" }, "— choose an account —")];
    const dev = [...known.values()].filter((a) => a.source === "dev");
    const ext = [...known.values()].filter((a) => a.source === "extension");
    if (session.dev) {
      groups.push(h("optgroup", { label: "Dev accounts (dev chain)" }, dev.map((a) => h("option", { value: a.id }, a.label)), h("option", { value: "dev-other" }, "another //path…")));
    }
    if (ext.length) groups.push(h("optgroup", { label: "Extension accounts" }, ext.map((a) => h("option", { value: a.id }, a.label))));
    setChildren(select, groups);
    select.value = chosen;
  };
  const remember = (account: WalletAccount) => known.set(account.id, account);

  if (session.dev) for (const name of DEV_NAMES) remember(devWalletAccount(name));

  select.addEventListener("change", () => {
    pathRow.hidden = select.value !== "dev-other";
    if (select.value === "dev-other") {
      pathInput.focus();
      return;
    }
    chooseAccount(known.get(select.value));
  });
  const useDevPath = () => {
    const path = pathInput.value.trim();
    if (!isDevPath(path)) {
      setChildren(message, h("span", { class: "warn" }, "A dev path is //Name (letters, digits, . _ -)."));
      return;
    }
    const account = devWalletAccount(path);
    remember(account);
    setChildren(message);
    pathRow.hidden = true;
    chooseAccount(account);
  };
  usePath.addEventListener("click", useDevPath);
  pathInput.addEventListener("keydown", (e) => e.key === "Enter" && useDevPath());

  const connectButtons = extensionNames().map((name) =>
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        onclick: async () => {
          try {
            const accounts = await extensionAccounts(name);
            for (const account of accounts) remember(account);
            setChildren(message, accounts.length ? null : h("span", { class: "warn" }, `${name} shares no account that can sign here.`));
            const again = accounts.find((a) => a.id === rememberedAccountId());
            if (again && !currentAccount()) chooseAccount(again);
            fill();
          } catch (error) {
            setChildren(message, errorBox(error));
          }
        },
      },
      `Connect ${name}`,
    ),
  );

  // The account of last time, if it is a dev one (extensions ask before they answer).
  const remembered = rememberedAccountId();
  if (remembered?.startsWith("dev:") && session.dev) {
    const path = remembered.slice(4);
    if (isDevPath(path)) {
      const account = devWalletAccount(path);
      remember(account);
      chooseAccount(account);
    }
  }
  fill();

  const showBalance = async () => {
    const account = currentAccount();
    if (!account) {
      balance.textContent = session.dev
        ? ""
        : extensionNames().length
          ? "connect your extension to sign"
          : "no wallet extension in this browser: install one (Polkadot.js, Talisman, SubWallet…) to sign";
      return;
    }
    try {
      const info = await session.chain.api.query.System.Account.getValue(account.address, { at: "best" });
      balance.textContent = `${ect(info.data.free)} free`;
      balance.title = account.address;
    } catch {
      balance.textContent = "";
    }
  };
  onAccountChange(() => {
    fill();
    void showBalance();
  });
  session.blocks$.subscribe(() => void showBalance());
  void showBalance();

  return h("div", { class: "picker" }, select, pathRow, connectButtons, balance, message);
}
