/** An account the app signs with: a dev key on a dev chain, or a browser extension's account. */

import type { OrderSigner } from "@ect/sdk";
import type { PolkadotSigner } from "polkadot-api";

/** A signing account. */
export interface WalletAccount {
  /** Its SS58 address. */
  address: string;
  /** How it is shown: `//Alice`, or the extension's name for it. */
  label: string;
  /** Where the key is. */
  source: "dev" | "extension";
  /** A stable id to remember the choice: `dev://Alice`, `ext:<extension>:<address>`. */
  id: string;
  /** Signs its transactions. */
  signer: PolkadotSigner;
  /** Signs order hashes off chain (a dev key signs the hash; an extension `<Bytes>hash</Bytes>`). */
  orderSigner: OrderSigner;
}
