/**
 * The browser tests of the web app, in one command (`npm run test:browser`
 * in web/):
 *
 *  1. builds the app (type check and Vite) and measures it gzipped;
 *  2. starts a dev cloud on free ports (`$ECT_NODE_BIN --dev --dev-pool 3`)
 *     and a static server for the build (app/serve.mjs);
 *  3. seeds the chain with the SDK (the example app `hash`, a poor account);
 *  4. runs the Playwright specs (specs/) in Debian's Chromium, headless:
 *     the marketplace's first render, a provider registering an app that
 *     then shows in the store, a requester buying a task and seeing it
 *     certified and its result verified, a request the requester cannot
 *     afford refused by the chain with the error's name and hint, a result
 *     sealed to the browser's key, and a purchase signed by an extension;
 *  5. prints `web: gzip_kb=<n> first_render_ms=<n>`.
 *
 * Everything it starts is stopped at the end, on failure, on Ctrl-C and at
 * the overall timeout. Screenshots and logs are kept in `$ECT_WEB_OUT`
 * (default: a new temporary directory, printed at the end).
 *
 * Environment: ECT_NODE_BIN (default $CARGO_TARGET_DIR/release/ect-node,
 * CARGO_TARGET_DIR defaulting to ~/.cache/ect/target), ECT_APPS_DIR (the
 * example apps' WASM, default $CARGO_TARGET_DIR/wasm32-wasip1/release),
 * ECT_WEB_OUT, CHROMIUM_BIN (default /usr/bin/chromium), ECT_WEB_TIMEOUT
 * (seconds, default 900).
 */

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { buildApp, gzippedSize } from "./harness/build.js";
import { startDevCloud } from "./harness/devCloud.js";
import { freePort } from "./harness/ports.js";
import { killAllNow, start, stopAll, waitFor } from "./harness/processes.js";
import { seed } from "./harness/seed.js";

const here = dirname(fileURLToPath(import.meta.url));
const webDir = resolve(here, "..");
const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache/ect/target");
const nodeBin = process.env.ECT_NODE_BIN ?? join(target, "release/ect-node");
const appsDir = process.env.ECT_APPS_DIR ?? join(target, "wasm32-wasip1/release");
const chromium = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
const timeoutS = Number(process.env.ECT_WEB_TIMEOUT ?? 900);
const out = process.env.ECT_WEB_OUT ? resolve(process.env.ECT_WEB_OUT) : mkdtempSync(join(tmpdir(), "ect-web-"));

const began = Date.now();
const say = (text: string) => console.log(`[${((Date.now() - began) / 1000).toFixed(1).padStart(6)} s] ${text}`);

function need(path: string, what: string, hint: string): void {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}: ${hint}`);
}

async function main(): Promise<number> {
  mkdirSync(join(out, "screenshots"), { recursive: true });
  need(nodeBin, "ect-node", "build it (scripts/run.sh) or set ECT_NODE_BIN");
  need(join(appsDir, "ect-app-hash.wasm"), "the example apps", "build them (scripts/run.sh) or set ECT_APPS_DIR");
  need(chromium, "Chromium", "apt-get install chromium (scripts/setup.sh does), or set CHROMIUM_BIN");

  say("building the app");
  const buildS = await buildApp(webDir, join(out, "build.log"));
  const size = gzippedSize(join(webDir, "app/dist"));
  writeFileSync(join(out, "size.json"), JSON.stringify(size, null, 2));
  say(`built in ${buildS.toFixed(1)} s; ${size.files.length} files, ${(size.bytes / 1024).toFixed(1)} KiB gzipped`);

  say(`starting a dev cloud (${nodeBin} --dev --dev-pool 3)`);
  const cloud = await startDevCloud(nodeBin, out);
  say(`dev cloud ready: ${cloud.rpc}, result store ${cloud.store}`);

  const port = await freePort();
  const server = start("serve.mjs", process.execPath, [join(webDir, "app/serve.mjs"), "--port", `${port}`], join(out, "serve.log"));
  const [, url] = await waitFor(server, /serving .* on (http:\/\/\S+)/, 10_000);
  say(`app served on ${url}`);

  say("seeding: //Alice's app 'hash' offered at 0.5 ECT, //Pauper with 5 ECT");
  const seeded = await seed(cloud.rpc, appsDir);
  say(`seeded: app #${seeded.hashApp}`);

  say("running the browser specs (Playwright, Chromium headless)");
  const playwright = start("playwright", process.execPath, [join(webDir, "node_modules/@playwright/test/cli.js"), "test", "-c", join(here, "playwright.config.ts")], join(out, "playwright.log"), {
    cwd: here,
    echo: true,
    env: { ...process.env, ECT_WEB_URL: url, ECT_RPC: cloud.rpc, ECT_WEB_OUT: out, ECT_SEED: JSON.stringify(seeded), CHROMIUM_BIN: chromium, FORCE_COLOR: "0" },
  });
  const code = await playwright.exited;
  if (finishing) return 1; // stopped by the timeout or a signal: nothing more to report

  const metricsFile = join(out, "first-render.json");
  const firstRender = existsSync(metricsFile) ? (JSON.parse(readFileSync(metricsFile, "utf8")) as { ms: number }).ms : undefined;
  console.log(`web: gzip_kb=${Math.round(size.bytes / 1024)} first_render_ms=${firstRender === undefined ? "NA" : Math.round(firstRender)}`);
  say(`screenshots in ${join(out, "screenshots")}; logs in ${out}`);
  return code === 0 && firstRender !== undefined ? 0 : 1;
}

/** Set once the run is ending (done, failed, timed out or interrupted). */
let finishing = false;
async function finish(code: number): Promise<never> {
  if (!finishing) {
    finishing = true;
    await stopAll();
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (!finishing) console.error(`\nbrowser tests: ${signal}, stopping everything (logs in ${out})`);
    void finish(130);
  });
}
process.on("exit", killAllNow);
const deadline = setTimeout(() => {
  console.error(`\nbrowser tests FAILED: timed out after ${timeoutS} s (logs in ${out})`);
  void finish(1);
}, timeoutS * 1000);

main().then(
  (code) => {
    clearTimeout(deadline);
    if (code !== 0) console.error(`browser tests FAILED (logs and screenshots in ${out})`);
    return finish(code);
  },
  (error: unknown) => {
    clearTimeout(deadline);
    console.error(`browser tests FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n(logs in ${out})`);
    return finish(1);
  },
);
