/**
 * Accounts of browser extensions that inject themselves as polkadot-js
 * does (`window.injectedWeb3`): Polkadot.js, Talisman, SubWallet, … through
 * PAPI's `pjs-signer`. Transactions are signed with the account's PAPI
 * signer; order hashes with its `signBytes`, which wraps them in
 * `<Bytes>…</Bytes>` as the runtime accepts.
 */

import { polkadotOrderSigner, type Scheme } from "@ect/sdk";
import { connectInjectedExtension, getInjectedExtensions, type InjectedPolkadotAccount } from "polkadot-api/pjs-signer";

import type { WalletAccount } from "./account.js";

/** The app's name as extensions show it when asking for access. */
export const DAPP_NAME = "ECT marketplace";

/** The extensions injected in this page. */
export function extensionNames(): string[] {
  try {
    return getInjectedExtensions();
  } catch {
    return [];
  }
}

const SCHEMES: Partial<Record<string, Scheme>> = { sr25519: "Sr25519", ed25519: "Ed25519", ecdsa: "Ecdsa" };

function toWalletAccount(extension: string, account: InjectedPolkadotAccount): WalletAccount | undefined {
  const scheme = SCHEMES[account.type ?? "sr25519"];
  if (!scheme) return undefined; // Ethereum accounts cannot sign for this chain
  return {
    address: account.address,
    label: `${account.name ?? account.address.slice(0, 8)} (${extension})`,
    source: "extension",
    id: `ext:${extension}:${account.address}`,
    signer: account.polkadotSigner,
    orderSigner: polkadotOrderSigner(account.polkadotSigner, scheme),
  };
}

/** Asks the extension `name` for access and returns its accounts that can sign here. */
export async function extensionAccounts(name: string): Promise<WalletAccount[]> {
  const extension = await connectInjectedExtension(name, DAPP_NAME);
  return extension.getAccounts().flatMap((account) => toWalletAccount(name, account) ?? []);
}
