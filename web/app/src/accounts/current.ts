/**
 * The account the user acts as, remembered in this browser. Pages read it
 * with {@link currentAccount} and follow changes with {@link onAccountChange}.
 */

import { InputError } from "@ect/sdk";

import type { WalletAccount } from "./account.js";

const STORAGE_KEY = "ect.account";

let current: WalletAccount | undefined;
const listeners = new Set<(account: WalletAccount | undefined) => void>();

/** The account chosen, if any. */
export function currentAccount(): WalletAccount | undefined {
  return current;
}

/** Chooses `account` (or none), remembers the choice and tells the listeners. */
export function chooseAccount(account: WalletAccount | undefined): void {
  current = account;
  if (account) localStorage.setItem(STORAGE_KEY, account.id);
  for (const listener of listeners) listener(account);
}

/** The id of the account chosen last time (`dev://Alice`, `ext:…`). */
export function rememberedAccountId(): string | undefined {
  return localStorage.getItem(STORAGE_KEY) ?? undefined;
}

/** Calls `listener` on each change of account; returns the unsubscribe function. */
export function onAccountChange(listener: (account: WalletAccount | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The account chosen, or an {@link InputError} saying how to choose one (`dev`: on a dev chain). */
export function requireAccount(dev: boolean): WalletAccount {
  if (current) return current;
  throw new InputError("account", "no account is chosen", dev ? "choose a dev account or connect an extension in the header" : "connect an extension in the header");
}
