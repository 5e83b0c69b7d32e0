/**
 * Accounts whose keys the dapp holds: sr25519 keys derived from a secret
 * phrase and a path (`//Alice` is the dev phrase's `//Alice`, as the `ect`
 * CLI's `--key` takes them). A browser dapp signs through an extension
 * instead (`polkadot-api/pjs-signer` and {@link extensionOrderSigner}).
 */

import { sr25519CreateDerive } from "@polkadot-labs/hdkd";
import { DEV_PHRASE, mnemonicToMiniSecret, parseSuri, ss58Address } from "@polkadot-labs/hdkd-helpers";
import { getPolkadotSigner } from "polkadot-api/signer";

import type { Account } from "../chain/types.js";
import { InputError } from "../errors/errors.js";
import { rawOrderSigner, type OrderSigner } from "../orders/sign.js";
import { fromHex, toHex, type Hex } from "../util/hex.js";

/** The chain's SS58 prefix (42, the generic Substrate one). */
export const SS58_PREFIX = 42;

/** An account with its key in hand: it signs transactions and order hashes. */
export interface KeypairAccount extends Account {
  /** Its public key. */
  publicKey: Hex;
  /** Signs order hashes with the key itself (the 32 bytes, no wrapping). */
  orderSigner: OrderSigner;
  /** Signs raw bytes. */
  sign(message: Uint8Array): Uint8Array;
}

/**
 * The sr25519 account of a secret URI: `//Alice` (the dev phrase and a
 * path), `<12 words>//path`, or `0x<32-byte seed>//path`.
 */
export function keypairAccount(uri: string): KeypairAccount {
  // A bare path is the dev phrase's.
  const { phrase, paths, password } = parseSuri(uri.startsWith("/") ? `${DEV_PHRASE}${uri}` : uri);
  let seed: Uint8Array;
  if (!phrase) {
    throw new InputError("key", "not a secret phrase, a 0x seed or a dev name such as //Alice");
  } else if (phrase.startsWith("0x")) {
    seed = fromHex(phrase, 32, "key seed");
  } else {
    try {
      seed = mnemonicToMiniSecret(phrase, password);
    } catch {
      throw new InputError("key", "not a secret phrase, a 0x seed or a dev name such as //Alice");
    }
  }
  const pair = sr25519CreateDerive(seed)(paths ?? "");
  const sign = (message: Uint8Array) => pair.sign(message);
  return {
    address: ss58Address(pair.publicKey, SS58_PREFIX),
    publicKey: toHex(pair.publicKey),
    signer: getPolkadotSigner(pair.publicKey, "Sr25519", sign),
    orderSigner: rawOrderSigner(sign, "Sr25519"),
    sign,
  };
}

/** A dev account: `//Alice`, `//Bob`, … `//Ferdie`, or any path of the dev phrase. */
export function devAccount(name: string): KeypairAccount {
  return keypairAccount(name.startsWith("//") ? name : `//${name}`);
}
