import { InputError, UNIT } from "@ect/sdk";
import { describe, expect, it } from "vitest";

import { ectField, parseEct } from "../src/ui/amount.js";
import { duration, ect, percent, short } from "../src/ui/format.js";

describe("amounts typed and shown", () => {
  it("reads ECT with or without the unit", () => {
    expect(parseEct("1.5", "price")).toBe(UNIT + UNIT / 2n);
    expect(parseEct(" 2 ECT ", "price")).toBe(2n * UNIT);
    expect(parseEct("0.000000000001", "price")).toBe(1n);
  });

  it("refuses what is not an amount, naming the field", () => {
    expect(() => parseEct("-1", "app max price")).toThrow(InputError);
    expect(() => parseEct("1,5", "app max price")).toThrow(/app max price/);
    expect(() => parseEct("0.0000000000001", "price")).toThrow(/12 decimals/);
  });

  it("shows planck as the field's ECT and round-trips", () => {
    for (const planck of [0n, 1n, UNIT, 1_234_567_890_123n]) expect(parseEct(ectField(planck), "x")).toBe(planck);
  });

  it("formats for reading", () => {
    expect(ect(1_500_000_000_000_000n)).toBe("1,500 ECT");
    expect(ect(UNIT / 4n)).toBe("0.25 ECT");
    expect(ect(1n)).toBe("<0.0001 ECT");
    expect(ect(undefined)).toBe("—");
    expect(percent(1, 3)).toBe("33.3%");
    expect(percent(0, 0)).toBe("—");
    expect(duration(3_723_000)).toBe("1h 02m");
    expect(duration(65_000)).toBe("1m 05s");
    expect(duration(-1)).toBe("passed");
    expect(short("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY")).toBe("5Grw…utQY");
  });
});
