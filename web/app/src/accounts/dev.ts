/**
 * Dev accounts: the well-known keys of the dev phrase (`//Alice` …
 * `//Ferdie`, or any `//path`). Anyone can sign with them, so the app
 * offers them only on a development chain.
 */

import { devAccount } from "@ect/sdk";

import type { WalletAccount } from "./account.js";

/** The dev accounts the dev chain funds. */
export const DEV_NAMES = ["//Alice", "//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie"] as const;

/** Whether `path` is a dev derivation path: `//Name`, `//Name//more`, or `/soft` segments. */
export function isDevPath(path: string): boolean {
  return /^(\/\/?[A-Za-z0-9_.-]+)+$/.test(path);
}

/** The dev account of a path. */
export function devWalletAccount(path: string): WalletAccount {
  const account = devAccount(path);
  return {
    address: account.address,
    label: path,
    source: "dev",
    id: `dev:${path}`,
    signer: account.signer,
    orderSigner: account.orderSigner,
  };
}
