/**
 * A buyer signing with a browser extension (a stand-in that behaves as
 * polkadot-js extensions do): the transaction through PAPI's pjs-signer,
 * the request order as `<Bytes>hash</Bytes>` (the extension's signRaw),
 * matched at once with the offers, certified and verified.
 */

import { createHash } from "node:crypto";

import { expect, test } from "@playwright/test";

import { installFakeWallet } from "./fakeWallet.js";
import { SEED, open, shot } from "./support.js";

test("an extension's account buys a task, its request signed as <Bytes>hash</Bytes>", async ({ page }) => {
  const address = await installFakeWallet(page, "test-wallet", "//Charlie", "Charlie's wallet");
  await open(page, `#/buy?app=${SEED.hashApp}`);
  await page.getByRole("button", { name: "Connect test-wallet" }).click();
  await page.locator("#account").selectOption(`ext:test-wallet:${address}`);
  await expect(page.locator("#balance")).toContainText("free");

  await page.fill("#buy-input", "signed by an extension");
  await page.check("#mode-now");
  await page.click("#buy-submit");
  await expect(page).toHaveURL(/#\/deal\/0x[0-9a-f]{64}$/, { timeout: 60_000 });
  await expect(page.locator(".facts")).toContainText(address);

  const task = page.locator('[data-row="task"]').first();
  await expect(task).toHaveAttribute("data-status", "Completed", { timeout: 180_000 });
  const result = task.locator('.result[data-verified="true"]');
  await expect(result.locator("[data-stdout]")).toHaveText(`sha256 ${createHash("sha256").update("signed by an extension").digest("hex")}`, { timeout: 60_000 });
  await shot(page, "13-extension-deal-verified");
});
