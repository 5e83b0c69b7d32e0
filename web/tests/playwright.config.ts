/**
 * Playwright's configuration for the browser specs: Debian's Chromium
 * (no browser download), headless, one worker, the specs in file order
 * (they share one dev cloud), bounded in time. Run through run.ts, which
 * starts what the specs need and sets ECT_WEB_URL, ECT_RPC, ECT_WEB_OUT
 * and ECT_SEED.
 */

import { join } from "node:path";

import { defineConfig } from "@playwright/test";

const out = process.env.ECT_WEB_OUT ?? "test-results";

export default defineConfig({
  testDir: "specs",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 240_000,
  globalTimeout: 780_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  outputDir: join(out, "playwright"),
  use: {
    headless: true,
    viewport: { width: 1280, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
