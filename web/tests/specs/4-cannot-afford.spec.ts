/** A request its requester cannot afford: the chain's error, by name, with what to do. */

import { expect, test } from "@playwright/test";

import { SEED, chooseDevAccount, open, shot } from "./support.js";

test("a request the requester cannot afford shows the chain's error and hint", async ({ page }) => {
  await open(page, `#/buy?app=${SEED.hashApp}`);
  await chooseDevAccount(page, SEED.pauper);
  await page.fill("#buy-input", "too dear");
  await page.fill("#buy-volume", "20");
  await page.check("#mode-now");
  await expect(page.locator("#buy-preflight .warn")).toContainText("the chain will refuse the match");

  await page.click("#buy-submit");
  const error = page.locator('#buy-outcome .error[data-error="Marketplace.RequesterCannotPay"]');
  await expect(error).toBeVisible({ timeout: 60_000 });
  await expect(error).toContainText("The chain refused it: Marketplace.RequesterCannotPay");
  await expect(error).toContainText("What to do:");
  await expect(error).toContainText("fund it or lower the volume");
  await shot(page, "10-cannot-afford");
});
