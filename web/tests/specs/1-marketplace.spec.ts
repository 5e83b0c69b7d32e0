/** The marketplace against the dev chain: time to the first pool row, and what the page shows. */

import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect, test } from "@playwright/test";

import { OUT, appUrl, shot } from "./support.js";

test("the marketplace shows the dev pool, its offers and the open orders", async ({ page }) => {
  // Records when the first pool or app row is in the page and painted, in ms from the navigation's start.
  await page.addInitScript(() => {
    const w = window as unknown as { __firstRow?: number };
    const seen = () => {
      if (w.__firstRow === undefined && document.querySelector('[data-row="pool"], [data-row="app"]')) {
        const inserted = performance.now();
        requestAnimationFrame(() => (w.__firstRow ??= Math.max(inserted, performance.now())));
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(seen);
    observer.observe(document, { childList: true, subtree: true });
  });
  await page.goto(appUrl("#/market"));
  const firstPool = page.locator('[data-row="pool"]').first();
  await expect(firstPool).toBeVisible({ timeout: 60_000 });
  const ms = await page.waitForFunction(() => (window as unknown as { __firstRow?: number }).__firstRow).then((h) => h.jsonValue());
  // Where the time went: the page and its scripts, the connection (metadata, catalogue), the rows.
  const phases = await page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime;
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    return { html: nav?.responseEnd, scripts: at("ect:connecting"), connected: at("ect:connected") };
  });
  writeFileSync(join(OUT, "first-render.json"), JSON.stringify({ ms, phases }));
  const r = (v: number | undefined) => (v === undefined ? "?" : Math.round(v));
  console.log(`first pool row visible ${r(ms as number)} ms after the navigation started (page ${r(phases.html)} ms, scripts run ${r(phases.scripts)} ms, connected ${r(phases.connected)} ms)`);

  // The listings come from the runtime's CatalogApi.
  await expect(page.locator("#chain-status")).toHaveAttribute("title", /catalogue from runtime-api/);
  // The dev pool: its description, a price by category, its record.
  await expect(firstPool).toContainText("1 ECT");
  await expect(page.locator('[data-row="order"]').first()).toBeVisible();
  await expect(page.locator(".chart")).toBeVisible();
  await shot(page, "01-marketplace");
});
