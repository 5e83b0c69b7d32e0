/**
 * Writes the unit tests' fixtures from a running dev cloud (`ect-node --dev
 * --dev-pool 3`), so that they hold what the Rust code computed:
 *
 * - `test/fixtures/order-hashes.json`: the genesis hash and the chain's
 *   hash (`MarketplaceApi.order_hash`) of each order of `test/fixtures/orders.ts`;
 * - `test/fixtures/results.json`: a plain and a sealed result as the pool's
 *   store served them, with the digest and link the chain certified (and
 *   the result key of the sealed one), and one of a deal with a callback
 *   (to this chain's inbox), whose digest is the callback's.
 *
 * Usage: tsx scripts/make-fixtures.ts --url ws://127.0.0.1:9944 [--apps DIR]
 */

import { readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

import { WebSocket } from "ws";

import {
  appOrder,
  connect,
  devAccount,
  expiryIn,
  generateResultKey,

  orderHash,
  parseResultsLink,
  publishOffer,
  registerApp,
  requestTasks,
  toHex,
  watchTask,
  type EctChain,
  type Hex,
} from "../src/index.js";
import { ORDERS } from "../test/fixtures/orders.js";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const url = flag("--url") ?? "ws://127.0.0.1:9944";
const apps = flag("--apps") ?? join(process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache/ect/target"), "wasm32-wasip1/release");
const fixtures = new URL("../test/fixtures/", import.meta.url);

async function result(chain: EctChain, task: Hex, secret?: Uint8Array) {
  const record = await watchTask(chain, task, { timeoutMs: 120_000 });
  const link = parseResultsLink(record.results);
  for (let attempt = 0; attempt < 10; attempt++) {
    const response = await fetch(link.location);
    if (response.ok) {
      const deal = await chain.api.apis.MarketplaceApi.deal(record.deal, { at: "best" });
      return {
        task,
        digest: record.digest,
        results: new TextDecoder().decode(record.results),
        has_callback: deal?.callback !== undefined,
        stored: toHex(new Uint8Array(await response.arrayBuffer())),
        ...(secret ? { secret: toHex(secret) } : {}),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`cannot download ${link.location}`);
}

const chain = await connect(url, { websocketClass: WebSocket });
try {
  const hashes: Record<string, Hex> = {};
  for (const [name, order] of Object.entries(ORDERS)) hashes[name] = await orderHash(chain, order);
  const note = "computed by MarketplaceApi.order_hash on a dev node (scripts/make-fixtures.ts)";
  writeFileSync(new URL("order-hashes.json", fixtures), `${JSON.stringify({ note, genesis: chain.genesisHash, hashes }, null, 2)}\n`);

  const alice = devAccount("//Alice");
  const dave = devAccount("//Dave");
  const wasmPath = join(apps, "ect-app-hash.wasm");
  const app = await registerApp(chain, alice, { name: "hash", url: wasmPath, bytes: new Uint8Array(readFileSync(wasmPath)) });
  await publishOffer(chain, alice, { type: "App", value: appOrder({ app, price: "0.5ect", volume: 10, expires: await expiryIn(chain, 1000) }) });
  const terms = { app, appMaxPrice: "1ect", workerpoolMaxPrice: "2ect" };
  const plainTask = (await requestTasks(chain, dave, { ...terms, params: { input: "hello ECT" } })).deals[0]?.tasks[0];
  const key = generateResultKey();
  const sealedTask = (await requestTasks(chain, dave, { ...terms, params: { input: "sealed hello", encrypt_to: key.publicKey } })).deals[0]?.tasks[0];
  const callback = { type: "Runtime", value: 0 } as const; // this chain's inbox
  const callbackTask = (await requestTasks(chain, dave, { ...terms, params: { input: "called back" }, callback })).deals[0]?.tasks[0];
  if (!plainTask || !sealedTask || !callbackTask) throw new Error("a request was not matched");
  const plain = await result(chain, plainTask);
  const sealed = await result(chain, sealedTask, key.secret);
  const withCallback = await result(chain, callbackTask);
  const resultsNote = "served by the dev pool's result store for tasks of the example app 'hash' (scripts/make-fixtures.ts)";
  writeFileSync(new URL("results.json", fixtures), `${JSON.stringify({ note: resultsNote, plain, sealed, callback: withCallback }, null, 2)}\n`);
  console.log("fixtures written");
} finally {
  chain.destroy();
}
