/**
 * The whole life of a task through the SDK, against a dev cloud
 * (`ect-node --dev --dev-pool 3`: the embedded pool of //Ferdie with 3
 * workers and its standing workerpool offers):
 *
 *  1. Alice registers the example app `hash`, signing as a generic or
 *     hardware wallet does (`CheckMetadataHash` enabled, RFC 78), and
 *     offers it in the book.
 *  2. Dave requests a task; the book matches it with the dev pool's offer.
 *  3. The task is watched until certified; its result is fetched from the
 *     pool's store and verified against the certified digest.
 *  4. Orders signed off chain: Alice signs a second app offer over the
 *     bare 32-byte hash (as `ect order sign` does), Dave a request whose
 *     result is sealed to his x25519 key as a browser extension's `signRaw`
 *     signs (`<Bytes>` ++ hash ++ `</Bytes>`); Eve matches them with the
 *     pool's published offer. The result is fetched, opened and verified.
 *  5. Settlement: what the requester paid and holds; claiming a completed
 *     task is refused by name.
 *  6. Refusals: input beyond the chain's bounds is refused before sending;
 *     a transaction the runtime cannot decode is a named error; one signed
 *     with a wrong metadata hash is refused (`Invalid.BadProof`).
 *  7. Governance (sudo, on a dev chain) lists the app in the app store;
 *     the runtime's `CatalogApi` lists it with its record, its offers
 *     (count, volume left, lowest price) and the curation.
 *
 * Usage: tsx scripts/task-life.ts [--url ws://127.0.0.1:9944] [--apps DIR]
 *        [--timeout SECONDS] [--node PATH_TO_ECT_NODE]
 * With --node it starts its own dev cloud on free ports (and stops it).
 * Prints each step; exits 0 on success, 1 on any failure or the timeout.
 */

import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

import { WebSocket } from "ws";

import {
  ChainError,
  InputError,
  TransactionError,
  ResultError,
  UndecodableTransactionError,
  appOrder,
  catalog,
  chainMetadataHash,
  chainToken,
  checksumOf,
  claimTask,
  connect,
  devAccount,
  expiryIn,
  fetchResult,
  formatAmount,
  generateResultKey,
  matchOrders,
  metadataHashSigner,
  openOrders,
  parseAmount,
  polkadotOrderSigner,
  publishOffer,
  registerApp,
  requestOrder,
  requestTasks,
  signOrder,
  submit,
  watchTask,
  withCheckMetadataHash,
  type EctChain,
  type Hex,
  type KeypairAccount,
  type MatchedDeal,
  type MultiSignature,
  type SignedOrder,
  type WorkerpoolOrder,
} from "../src/index.js";
import { freePair, freePort } from "./ports.js";

interface Options {
  url: string;
  apps: string;
  timeoutS: number;
  node: string | undefined;
}

function options(): Options {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache/ect/target");
  return {
    url: value("--url") ?? process.env.ECT_URL ?? "ws://127.0.0.1:9944",
    apps: value("--apps") ?? process.env.ECT_APPS_DIR ?? join(target, "wasm32-wasip1/release"),
    timeoutS: Number(value("--timeout") ?? 300),
    node: value("--node"),
  };
}

const started = Date.now();
const clock = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;
const step = (text: string) => console.log(`\n[${clock()}] == ${text}`);
const say = (text: string) => console.log(`[${clock()}]    ${text}`);

function fail(text: string): never {
  throw new Error(text);
}

/** Starts a dev cloud; resolves with its URL once the dev pool runs. */
async function startNode(binary: string): Promise<{ url: string; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "ect-sdk-life-"));
  const [rpc, p2p, prometheus] = [await freePort(), await freePort(), await freePort()];
  const pool = await freePair(); // the result store listens on the pool port + 1
  const args = ["--dev", "--tmp", "--no-mdns", "--no-telemetry", "--dev-pool", "3", "--rpc-port", `${rpc}`,
    "--dev-pool-port", `${pool}`, "--port", `${p2p}`, "--prometheus-port", `${prometheus}`];
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (/dev pool .*workers/.test(log)) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`ect-node exited (${code}):\n${log.slice(-2000)}`)));
  });
  await ready;
  return { url: `ws://127.0.0.1:${rpc}`, child, dir };
}

/** Stops the dev cloud: SIGTERM, then SIGKILL after 10 s. */
async function stopNode(node: { child: ChildProcess; dir: string }): Promise<void> {
  const { child } = node;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
  }
  rmSync(node.dir, { recursive: true, force: true });
}

/** Free balance of an account at the best block. */
async function free(chain: EctChain, who: KeypairAccount): Promise<bigint> {
  return (await chain.api.query.System.Account.getValue(who.address, { at: "best" })).data.free;
}

/** Watches a task and prints each change. */
async function follow(chain: EctChain, task: Hex, timeoutMs: number) {
  return watchTask(chain, task, {
    timeoutMs,
    onProgress: (p) =>
      say(`block ${p.block.number}: task ${task.slice(0, 10)}… ${p.status}, ${p.contributions} contribution(s)${p.consensus ? `, consensus ${p.consensus.slice(0, 10)}…` : ""}`),
  });
}

/** Fetches a result, retrying while the worker's upload may still be on its way (about a block). */
async function fetchVerified(chain: EctChain, task: Hex, resultKey?: Uint8Array) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchResult(chain, task, resultKey ? { resultKey } : {});
    } catch (error) {
      if (attempt >= 10 || !(error instanceof Error && "problem" in error && error.problem === "download")) throw error;
      say(`result not downloadable yet (${error.message}); retrying`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Expects `promise` to reject with an error of class `kind`; returns it. */
async function refused<E extends Error>(promise: Promise<unknown>, kind: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof kind) return error;
    throw error;
  }
  return fail(`expected a ${kind.name}, but it went through`);
}

async function life(chain: EctChain, opts: Options): Promise<void> {
  const alice = devAccount("//Alice");
  const dave = devAccount("//Dave");
  const eve = devAccount("//Eve");
  const ferdie = devAccount("//Ferdie");
  const watchMs = opts.timeoutS * 1000;

  step("the dev pool's standing offer");
  const pools = await (await catalog(chain)).workerpools(0, 100);
  const pool = pools.items.find((listing) => listing.workerpool.owner === ferdie.address) ?? fail("no workerpool of //Ferdie: is this a dev cloud (--dev-pool)?");
  const poolOffers = await openOrders(chain, { type: "Workerpool", value: pool.id });
  const poolOffer = poolOffers.find((o) => o.order.type === "Workerpool" && o.order.value.category === 0) ?? fail("the dev pool has no offer in category 0");
  say(`workerpool ${pool.id} (${new TextDecoder().decode(pool.workerpool.description)}), ${poolOffers.length} open offer(s), category 0 at ${formatAmount((poolOffer.order.value as WorkerpoolOrder).price)}`);

  step("Alice registers the app 'hash' as a hardware wallet signs (CheckMetadataHash enabled) and offers it at 0.5 ECT a task");
  const wasmPath = join(opts.apps, "ect-app-hash.wasm");
  const wasm = new Uint8Array(readFileSync(wasmPath));
  const token = await chainToken(chain);
  say(`the runtime's metadata hash for ${token.tokenSymbol} with ${token.decimals} decimals: ${await chainMetadataHash(chain)}`);
  const aliceWallet = { ...alice, signer: await metadataHashSigner(chain, alice.signer) };
  const app = await registerApp(chain, aliceWallet, { name: "hash", url: wasmPath, bytes: wasm });
  say(`app ${app} registered (checksum ${checksumOf(wasm)}) by a transaction signed with mode 1 and Some(that hash): accepted`);
  const offer = await publishOffer(chain, alice, { type: "App", value: appOrder({ app, price: "0.5ect", volume: 100, expires: await expiryIn(chain, 1000) }) });
  say(`app order ${offer.hash} published in block ${offer.included.block.number}`);

  step("Dave requests one task: the hash of 'hello ECT'");
  const before = { dave: await free(chain, dave), alice: await free(chain, alice), ferdie: await free(chain, ferdie) };
  const request = await requestTasks(chain, dave, {
    app,
    appMaxPrice: "1ect",
    workerpoolMaxPrice: "2ect",
    category: 0,
    trust: 1,
    params: { input: "hello ECT" },
  });
  const deal: MatchedDeal = request.deals[0] ?? fail(`the request was not matched (remaining ${request.remaining})`);
  const task = deal.tasks[0] ?? fail("the deal has no task");
  say(`request ${request.hash}: deal ${deal.deal} (scheduler ${deal.scheduler}), task ${task}`);

  step("watching the task until it is certified");
  const record = await follow(chain, task, watchMs);
  say(`certified: digest ${record.digest}, results ${new TextDecoder().decode(record.results)}`);

  step("fetching the result from the pool's store and verifying it");
  const result = await fetchVerified(chain, task);
  const stdout = new TextDecoder().decode(result.output.stdout);
  say(`${result.link.location}: bundle hash and digest verified (the digest covers the ${result.covers}); stdout: ${JSON.stringify(stdout.trim())}`);
  const expected = `sha256 ${createHash("sha256").update("hello ECT").digest("hex")}`;
  if (stdout.trim() !== expected) fail(`the hash app printed ${JSON.stringify(stdout)}, expected ${JSON.stringify(expected)}`);

  step("settlement: who paid and was paid (free balances, fees included)");
  const funds = await chain.api.apis.MarketplaceApi.funds(dave.address, { at: "best" });
  say(`Dave  ${formatAmount((await free(chain, dave)) - before.dave)} (still held as payments: ${formatAmount(funds.payment)})`);
  say(`Alice ${formatAmount((await free(chain, alice)) - before.alice)} (app owner, her fees included)`);
  say(`Ferdie ${formatAmount((await free(chain, ferdie)) - before.ferdie)} (scheduler)`);
  if (funds.payment !== 0n) fail(`Dave still has ${formatAmount(funds.payment)} held after the task was certified`);
  const claim = await refused(claimTask(chain, dave, deal.deal, deal.firstIndex), ChainError);
  say(`nothing to claim: the chain refuses by name: ${claim.message}`);
  if (claim.key !== "Poco.TaskFinished") fail(`expected Poco.TaskFinished, got ${claim.key}`);

  step("orders signed off chain, matched by Eve; the result sealed to Dave's key");
  const resultKey = generateResultKey();
  const appTerms = appOrder({ app, price: "0.5ect", volume: 1, expires: await expiryIn(chain, 1000) });
  const signedApp = await signOrder(chain, { type: "App", value: appTerms }, alice.orderSigner);
  say(`Alice signed app order ${signedApp.hash} with her key over the bare 32-byte hash`);
  const sealedTerms = requestOrder({
    app,
    appMaxPrice: "1ect",
    workerpoolMaxPrice: "2ect",
    requester: dave.address,
    params: { input: "sealed hello", encrypt_to: resultKey.publicKey },
    expires: await expiryIn(chain, 1000),
  });
  const workerpool: SignedOrder<WorkerpoolOrder> = { order: poolOffer.order.value as WorkerpoolOrder, signature: undefined };
  const match = async (request: { signature: MultiSignature }) =>
    matchOrders(chain, eve, {
      app: { order: appTerms, signature: signedApp.signature },
      workerpool,
      request: { order: sealedTerms, signature: request.signature },
    });
  // Dave signs as a browser extension's signRaw does: <Bytes> ++ hash ++ </Bytes>.
  const wrapped = await signOrder(chain, { type: "Request", value: sealedTerms }, polkadotOrderSigner(dave.signer));
  const deals: MatchedDeal[] = await match(wrapped);
  say(`Dave signed request ${wrapped.hash} as an extension does (<Bytes>hash</Bytes>): accepted`);
  const sealedDeal = deals[0] ?? fail("match_orders made no deal");
  const sealedTask = sealedDeal.tasks[0] ?? fail("the deal has no task");
  say(`deal ${sealedDeal.deal}, task ${sealedTask}`);
  await follow(chain, sealedTask, watchMs);
  const sealedResult = await fetchVerified(chain, sealedTask, resultKey.secret);
  say(`sealed result opened with Dave's key and verified; stdout: ${JSON.stringify(new TextDecoder().decode(sealedResult.output.stdout).trim())}`);
  const withoutKey = await refused(fetchResult(chain, sealedTask), ResultError);
  if (withoutKey.problem !== "encrypted") fail(`expected the result to be refused as encrypted, got ${withoutKey.problem}`);
  say(`without the key: ${withoutKey.message}`);

  step("refusals: bad input never reaches the chain");
  const { constants } = await chain.api.getStaticApis();
  const longName = "x".repeat(constants.Registry.MaxNameLen + 1);
  const tooLong = await refused(registerApp(chain, alice, { name: longName, url: wasmPath, bytes: wasm }), InputError);
  say(`registerApp: ${tooLong.message}`);
  const bigParams = "p".repeat(constants.Marketplace.MaxParamsLen + 1);
  const badRequest = await refused(requestTasks(chain, dave, { app, appMaxPrice: "1ect", workerpoolMaxPrice: "2ect", params: bigParams }), InputError);
  say(`requestTasks: ${badRequest.message}`);
  const unknownApp = await refused(requestTasks(chain, dave, { app: 999_999, appMaxPrice: "1ect", workerpoolMaxPrice: "2ect" }), InputError);
  say(`requestTasks: ${unknownApp.message}`);
  // The same over-long name sent around the SDK's checks: the runtime cannot decode it.
  const raw = chain.api.tx.Registry.register_app({
    name: new TextEncoder().encode(longName),
    kind: { type: "WasiPreview1", value: undefined },
    multiaddr: new TextEncoder().encode(wasmPath),
    checksum: checksumOf(wasm),
    mrenclave: undefined,
    requirements: { cpu_cores: 0, memory_mib: 0, disk_mib: 0, gpu_memory_mib: 0, cpu_arch: { type: "Any", value: undefined }, region: 0 },
  });
  const undecodable = await refused(submit(chain, raw, alice.signer, { timeoutMs: 30_000 }), UndecodableTransactionError);
  say(`sent anyway: ${undecodable.message}`);
  // A wallet that hashes the metadata with the wrong decimals signs another payload than the runtime checks.
  const wrongWallet = withCheckMetadataHash(alice.signer, { tokenSymbol: token.tokenSymbol, decimals: token.decimals + 6 });
  const remark = chain.api.tx.System.remark({ remark: new TextEncoder().encode("signed with a wrong metadata hash") });
  const badProof = await refused(submit(chain, remark, wrongWallet, { timeoutMs: 30_000 }), TransactionError);
  say(`a wrong metadata hash (${token.decimals + 6} decimals): ${badProof.message}`);
  if (badProof.kind !== "Invalid.BadProof") fail(`expected Invalid.BadProof, got ${badProof.kind}`);

  step("the catalogue, from the runtime's CatalogApi");
  const listings = await catalog(chain);
  const appListing = async () => (await listings.apps(app, 1)).items[0] ?? fail(`app ${app} is not in the catalogue`);
  const uncurated = await appListing();
  if (uncurated.curation !== undefined) fail(`app ${app} is curated already: ${JSON.stringify(uncurated.curation)}`);
  const listed = await submit(chain, chain.api.tx.Sudo.sudo({ call: chain.api.tx.Registry.list_app({ app }).decodedCall }), alice.signer);
  say(`governance (sudo on the dev chain) listed app ${app} in the app store in block ${listed.block.number}`);
  const listing = await appListing();
  const name = new TextDecoder().decode(listing.app.name);
  const lowest = listing.offers.lowest_price;
  say(`app ${listing.id} '${name}': ${listing.record.completed} completed, ${listing.record.failed} failed; ${listing.offers.open} open offer(s), ${listing.offers.remaining} task(s) left, lowest ${lowest === undefined ? "none" : formatAmount(lowest)}; curation ${listing.curation?.type ?? "none"}`);
  if (name !== "hash") fail(`expected the app's name 'hash', got '${name}'`);
  if (listing.record.completed !== 2 || listing.record.failed !== 0) fail(`expected 2 completed and 0 failed tasks in the app's record, got ${JSON.stringify(listing.record)}`);
  if (listing.curation?.type !== "Listed") fail(`expected the app listed in the app store, got ${JSON.stringify(listing.curation)}`);
  // Its offers as the order book has them (MarketplaceApi.open_orders): Alice's published offer, one task of 100 taken.
  const book = (await openOrders(chain, { type: "App", value: app })).filter((o) => o.order.type === "App");
  const bookLowest = book.reduce<bigint | undefined>((low, o) => (o.order.type === "App" && (low === undefined || o.order.value.price < low) ? o.order.value.price : low), undefined);
  const bookRemaining = book.reduce((sum, o) => sum + o.remaining, 0);
  if (listing.offers.open !== book.length || listing.offers.remaining !== bookRemaining || lowest !== bookLowest) {
    fail(`the catalogue's offers ${JSON.stringify({ ...listing.offers, lowest_price: String(lowest) })} differ from the book's (${book.length} open, ${bookRemaining} left, lowest ${bookLowest})`);
  }
  if (listing.offers.open !== 1 || listing.offers.remaining !== 99 || lowest !== parseAmount("0.5ect")) {
    fail(`expected 1 open offer with 99 tasks left at 0.5 ECT, got ${listing.offers.open}, ${listing.offers.remaining}, ${lowest}`);
  }
  const categories = await listings.categories(0, 10);
  say(`categories: ${categories.items.map((c) => new TextDecoder().decode(c.category.name)).join(", ")}`);
  if (categories.items.length === 0) fail("the catalogue lists no category");
}

async function main(): Promise<number> {
  const opts = options();
  let node: Awaited<ReturnType<typeof startNode>> | undefined;
  let chain: EctChain | undefined;
  const deadline = setTimeout(() => {
    console.error(`\n[${clock()}] task life FAILED: timed out after ${opts.timeoutS} s`);
    chain?.destroy();
    void (node ? stopNode(node) : Promise.resolve()).then(() => process.exit(1));
  }, opts.timeoutS * 1000);
  try {
    if (opts.node) {
      step(`starting a dev cloud (${opts.node} --dev --dev-pool 3)`);
      node = await startNode(opts.node);
      opts.url = node.url;
      say(`ready on ${node.url}`);
    }
    step(`connecting to ${opts.url}`);
    chain = await connect(opts.url, { websocketClass: WebSocket });
    say(`genesis ${chain.genesisHash}`);
    await life(chain, opts);
    console.log(`\n[${clock()}] task life: every step passed`);
    return 0;
  } catch (error) {
    console.error(`\n[${clock()}] task life FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    clearTimeout(deadline);
    chain?.destroy();
    if (node) await stopNode(node);
  }
}

process.exit(await main());
