/**
 * What the chain holds before the browser tests start, made with the SDK:
 * //Alice's app `hash` (the example app) offered at 0.5 ECT a task, and
 * //Pauper, an account with only 5 ECT (enough for fees, not for 20 tasks).
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";

import { WebSocket } from "ws";

import { appOrder, connect, devAccount, expiryIn, parseAmount, publishOffer, registerApp, submit } from "../../sdk/src/index.js";

/** What the specs are told of the seed. */
export interface Seed {
  /** The id of //Alice's `hash` app. */
  hashApp: number;
  /** Where the example apps' WASM files are. */
  appsDir: string;
  /** The dev path of the poor requester. */
  pauper: string;
}

/** The poor requester's dev path, and what it is given. */
export const PAUPER = "//Pauper";
const PAUPER_FUNDS = "5ect";

/** Seeds the chain at `rpc`. */
export async function seed(rpc: string, appsDir: string): Promise<Seed> {
  const chain = await connect(rpc, { websocketClass: WebSocket });
  try {
    const alice = devAccount("//Alice");
    const wasmPath = join(appsDir, "ect-app-hash.wasm");
    const app = await registerApp(chain, alice, { name: "hash", url: wasmPath, bytes: new Uint8Array(readFileSync(wasmPath)) });
    await publishOffer(chain, alice, { type: "App", value: appOrder({ app, price: "0.5ect", volume: 100, expires: await expiryIn(chain, 10_000) }) });
    const pauper = devAccount(PAUPER);
    await submit(chain, chain.api.tx.Balances.transfer_keep_alive({ dest: { type: "Id", value: pauper.address }, value: parseAmount(PAUPER_FUNDS) }), alice.signer);
    return { hashApp: app, appsDir, pauper: PAUPER };
  } finally {
    chain.destroy();
  }
}
