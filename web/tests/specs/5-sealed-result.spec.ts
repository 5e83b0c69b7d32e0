/** A result sealed to a key this browser keeps: certified, opened with the key, verified. */

import { createHash } from "node:crypto";

import { expect, test } from "@playwright/test";

import { SEED, chooseDevAccount, open, shot } from "./support.js";

test("a result sealed to this browser's key is opened and verified", async ({ page }) => {
  await open(page, `#/buy?app=${SEED.hashApp}`);
  await chooseDevAccount(page, "//Eve");
  await page.fill("#buy-input", "sealed hello");
  await page.check("#buy-seal");
  await page.click("#buy-submit");
  await expect(page).toHaveURL(/#\/deal\/0x[0-9a-f]{64}$/, { timeout: 60_000 });
  await expect(page.locator(".facts")).toContainText("encrypt_to");

  const task = page.locator('[data-row="task"]').first();
  await expect(task).toHaveAttribute("data-status", "Completed", { timeout: 180_000 });
  const result = task.locator('.result[data-verified="true"]');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result).toContainText("opened with this browser's key");
  await expect(result.locator("[data-stdout]")).toHaveText(`sha256 ${createHash("sha256").update("sealed hello").digest("hex")}`);
  await shot(page, "11-sealed-result-verified");

  // The deal is listed under "My deals", its result sealed to this browser.
  await page.click('nav a[data-nav="deals"]');
  await expect(page.locator('[data-row="my-deal"]').first()).toContainText("sealed to this browser");
  await shot(page, "12-my-deals");
});
