/** A requester buys a task and follows it to a certified, verified result. */

import { createHash } from "node:crypto";

import { expect, test } from "@playwright/test";

import { SEED, chooseDevAccount, open, shot } from "./support.js";

test("a requester buys a task, sees it certified and its result verified", async ({ page }) => {
  await open(page, `#/buy?app=${SEED.hashApp}`);
  await chooseDevAccount(page, "//Dave");
  await expect(page.locator("#buy-app")).toHaveValue(String(SEED.hashApp));
  await page.fill("#buy-input", "hello ECT");
  await page.locator("#buy-weight").fill("70");
  await expect(page.locator("#buy-preflight")).toContainText("locks at most");
  await shot(page, "05-buy-form");

  await page.click("#buy-submit");
  await expect(page).toHaveURL(/#\/deal\/0x[0-9a-f]{64}$/, { timeout: 60_000 });
  const task = page.locator('[data-row="task"]').first();
  await expect(task).toBeVisible();
  await shot(page, "06-deal-started");

  await expect(task).toHaveAttribute("data-status", "Completed", { timeout: 180_000 });
  const result = task.locator('.result[data-verified="true"]');
  await expect(result).toBeVisible({ timeout: 60_000 });
  const expected = `sha256 ${createHash("sha256").update("hello ECT").digest("hex")}`;
  await expect(result.locator("[data-stdout]")).toHaveText(expected);
  await expect(page.locator(".timeline")).toContainText("certified");
  await shot(page, "07-deal-certified-verified");

  // The market saw it: the pool's record, the workers that contributed (one, or two when the
  // pool's spot check drew the task), the deal in the chart.
  await page.click('nav a[data-nav="market"]');
  const pool = page.locator('[data-row="pool"]').first();
  await expect(pool).toContainText("1 ✓ / 0 ✗");
  await expect(pool).toContainText("100%");
  await expect(pool.locator("details summary")).toHaveText(/^[12] seen$/);
  await expect(page.locator(".chart-box")).toContainText("1 deal(s), 1 task(s)");
  await shot(page, "08-marketplace-after-the-task");

  // And the store: the app's record and its category.
  await page.click('nav a[data-nav="store"]');
  const app = page.locator(`[data-row="app"][data-app="${SEED.hashApp}"]`);
  await expect(app).toContainText("1 ✓ / 0 ✗");
  await expect(app).toContainText("XS");
  await shot(page, "09-store-after-the-task");
});
