import type { Hex } from "@ect/sdk";
import { describe, expect, it } from "vitest";

import { claimOf } from "../src/deals/resultView.js";

const checked = (covers: "bundle" | "callback", encrypted = false) => ({
  covers,
  encrypted,
  digest: `0x${"d1".repeat(32)}` as Hex,
  link: { location: "http://store/bundles/0x00", bundle: `0x${"b0".repeat(32)}` },
});

describe("what a verified result is said to be", () => {
  it("is the whole output when the digest covers the bundle", () => {
    const claim = claimOf(checked("bundle"));
    expect(claim.badge).toBe("✓ verified");
    expect(claim.uncovered).toBeUndefined();
  });

  it("is the callback file only for a deal with a callback, the rest said not to be covered", () => {
    const claim = claimOf(checked("callback", true));
    expect(claim.badge).toBe("✓ callback verified");
    expect(claim.checked).toContain("callback file");
    expect(claim.checked).toContain("opened with this browser's key");
    expect(claim.uncovered).toMatch(/standard output and the other files .* not by the workers' consensus/);
  });
});
