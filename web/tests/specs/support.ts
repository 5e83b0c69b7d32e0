/** What the specs share: where things are, opening the app on the dev chain, choosing an account, screenshots. */

import { join } from "node:path";

import { expect, type Page } from "@playwright/test";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through run.ts (npm run test:browser)`);
  return value;
}

/** The built app's URL, the dev chain's RPC and where to write. */
export const APP_URL = env("ECT_WEB_URL");
export const RPC = env("ECT_RPC");
export const OUT = env("ECT_WEB_OUT");

/** What run.ts seeded. */
export const SEED = JSON.parse(env("ECT_SEED")) as { hashApp: number; appsDir: string; pauper: string };

/** The app's URL for a page (`#/market`) on the dev chain. */
export function appUrl(hash: string): string {
  return `${APP_URL}?rpc=${encodeURIComponent(RPC)}${hash}`;
}

/** Opens a page of the app and waits until it is connected. */
export async function open(page: Page, hash: string): Promise<void> {
  await page.goto(appUrl(hash));
  await expect(page.locator("#chain-status")).toContainText("block #", { timeout: 30_000 });
}

/** Chooses a dev account in the header: one of the list, or any `//path`. */
export async function chooseDevAccount(page: Page, path: string): Promise<void> {
  const select = page.locator("#account");
  const listed = await select.locator(`option[value="dev:${path}"]`).count();
  if (listed) {
    await select.selectOption(`dev:${path}`);
  } else {
    await select.selectOption("dev-other");
    await page.fill("#dev-path", path);
    await page.click("#dev-path-use");
  }
  await expect(page.locator("#balance")).toContainText("free");
}

/** Saves a full-page screenshot as `<out>/screenshots/<name>.png`. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUT, "screenshots", `${name}.png`), fullPage: true });
}
