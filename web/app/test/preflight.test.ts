import { describe, expect, it } from "vitest";

import { preflight } from "../src/buy/preflight.js";
import type { BuyTerms } from "../src/buy/terms.js";

const UNIT = 10n ** 12n;
const terms = (volume: number, dataset?: number): BuyTerms => ({
  app: 0,
  dataset,
  workerpool: undefined,
  category: 0,
  trust: 1,
  volume,
  appMaxPrice: UNIT / 2n,
  datasetMaxPrice: UNIT,
  workerpoolMaxPrice: 2n * UNIT,
  priceWeight: 100,
  params: {},
});

describe("the preflight", () => {
  it("counts volume × the max prices, the dataset's only with a dataset", () => {
    expect(preflight(terms(20), "//Pauper", 5n * UNIT, "now").most).toBe(50n * UNIT);
    expect(preflight(terms(2, 0), "//Dave", 0n, "book").most).toBe(7n * UNIT);
  });

  it("warns when the account cannot cover it, saying what each way will do", () => {
    const now = preflight(terms(20), "//Pauper", 5n * UNIT, "now");
    expect(now.short).toBe(true);
    expect(now.text).toContain("the chain will refuse the match");
    expect(preflight(terms(20), "//Pauper", 5n * UNIT, "book").text).toContain("rest in the book");
    const fine = preflight(terms(1), "//Dave", 10n * UNIT, "book");
    expect(fine.short).toBe(false);
    expect(fine.text).toBe("It locks at most 2.5 ECT (1 × the max prices) from //Dave, which has 10 ECT free.");
  });
});
