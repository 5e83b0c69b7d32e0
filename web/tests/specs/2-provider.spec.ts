/** A provider registers an app and offers it; it then shows in the store. */

import { join } from "node:path";

import { expect, test } from "@playwright/test";

import { SEED, chooseDevAccount, open, shot } from "./support.js";

test("a provider registers an app that then appears in the store", async ({ page }) => {
  const wasm = join(SEED.appsDir, "ect-app-wordcount.wasm");
  await open(page, "#/provide");
  await chooseDevAccount(page, "//Bob");

  await page.fill("#app-name", "wordcount");
  await page.fill("#app-url", wasm);
  await page.setInputFiles("#app-file", wasm);
  await expect(page.locator("#app-checksum")).toHaveValue(/^0x[0-9a-f]{64}$/);
  await page.click("#app-register");
  const registered = page.locator('#app-outcome [data-outcome="registered"]');
  await expect(registered).toBeVisible({ timeout: 60_000 });
  const id = await registered.getAttribute("data-id");
  expect(id).not.toBeNull();

  // The new app is preselected in the offer form.
  await expect(page.locator("#offer-asset")).toHaveValue(id as string);
  await page.fill("#offer-price", "0.25");
  await page.fill("#offer-volume", "10");
  await page.click("#offer-publish");
  await expect(page.locator('#offer-outcome [data-outcome="published"]')).toBeVisible({ timeout: 60_000 });
  await shot(page, "02-provider-registered");

  await page.goto(page.url().replace(/#.*$/, "#/store"));
  const row = page.locator(`[data-row="app"][data-app="${id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText("wordcount");
  await expect(row).toContainText("0.25 ECT");
  await shot(page, "03-store");

  await row.locator("a").first().click();
  await expect(page.locator("h1")).toContainText("wordcount");
  await expect(page.locator(".facts")).toContainText("0.25 ECT");
  await shot(page, "04-app-page");
});
