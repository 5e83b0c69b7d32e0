import { describe, expect, it } from "vitest";

import { isDevChainType } from "../src/chain/session.js";

describe("the dev accounts", () => {
  it("are offered on a development or local chain only, as the node says it", () => {
    expect(isDevChainType("Development")).toBe(true);
    expect(isDevChainType("Local")).toBe(true);
    expect(isDevChainType("Live")).toBe(false);
    expect(isDevChainType({ Custom: "dev" })).toBe(false);
    expect(isDevChainType(undefined)).toBe(false);
  });
});
