import { describe, expect, it } from "vitest";

import { appOrder, requestOrder } from "../src/orders/build.js";
import { checkBytes, checkExpiry, checkInteger, checkPercent, type Bounds } from "../src/input/bounds.js";
import { checkOrder } from "../src/input/orders.js";
import { InputError } from "../src/errors/errors.js";
import { formatAmount, parseAmount } from "../src/util/amount.js";
import type { Order } from "../src/chain/types.js";

const bounds: Bounds = {
  maxNameLen: 64,
  maxUrlLen: 256,
  maxDescriptionLen: 256,
  maxGroupMembers: 64,
  maxParamsLen: 1024,
  maxOrderLifetime: 1_296_000,
  maxBatch: 32,
};
const dave = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
const best = 100;

const request = (terms: Partial<Parameters<typeof requestOrder>[0]> = {}): Order => ({
  type: "Request",
  value: requestOrder({ app: 0, appMaxPrice: "1ect", workerpoolMaxPrice: "2ect", requester: dave, expires: 1_000, ...terms }),
});

function refusal(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("not refused");
}

describe("bounded fields", () => {
  it("takes text up to the bound, in UTF-8 bytes, and refuses one byte more", () => {
    expect(checkBytes("name", "x".repeat(64), bounds.maxNameLen)).toHaveLength(64);
    const error = refusal(() => checkBytes("name", "x".repeat(65), bounds.maxNameLen));
    expect(error.field).toBe("name");
    expect(error.message).toContain("65 bytes, the chain takes at most 64");
    // 22 three-byte characters are 66 bytes.
    expect(() => checkBytes("name", "€".repeat(22), bounds.maxNameLen)).toThrow(InputError);
    expect(() => checkBytes("name", "", bounds.maxNameLen)).toThrow(/must not be empty/);
    expect(checkBytes("params", "", bounds.maxParamsLen, true)).toHaveLength(0);
  });

  it("refuses numbers out of their type's range", () => {
    expect(checkInteger("volume", 0xffff_ffff)).toBe(0xffff_ffff);
    expect(() => checkInteger("volume", 0x1_0000_0000)).toThrow(InputError);
    expect(() => checkInteger("volume", -1)).toThrow(InputError);
    expect(() => checkInteger("volume", 1.5)).toThrow(InputError);
    expect(() => checkPercent("priceWeight", 101)).toThrow(InputError);
  });

  it("takes an expiry after the next block and within the order lifetime", () => {
    expect(() => checkExpiry("expires", best + 1, best, bounds)).toThrow(/expired at block 101 \(the chain is at block 100\)/);
    expect(checkExpiry("expires", best + 2, best, bounds)).toBe(best + 2);
    expect(checkExpiry("expires", best + bounds.maxOrderLifetime, best, bounds)).toBe(best + bounds.maxOrderLifetime);
    expect(() => checkExpiry("expires", best + bounds.maxOrderLifetime + 1, best, bounds)).toThrow(/more than 1296000 blocks/);
  });
});

describe("orders", () => {
  it("passes a well-formed request and offer", () => {
    expect(checkOrder(request({ params: { input: "hello" } }), bounds, best).type).toBe("Request");
    const offer: Order = { type: "App", value: appOrder({ app: 0, price: "0.5ect", volume: 10, expires: 1_000 }) };
    expect(checkOrder(offer, bounds, best)).toBe(offer);
  });

  it("refuses params beyond MaxParamsLen", () => {
    expect(checkOrder(request({ params: "p".repeat(1024) }), bounds, best).type).toBe("Request");
    const error = refusal(() => checkOrder(request({ params: "p".repeat(1025) }), bounds, best));
    expect(error.field).toBe("order.params");
  });

  it("refuses a volume of zero, bad hashes, accounts and amounts", () => {
    expect(refusal(() => checkOrder(request({ volume: 0 }), bounds, best)).field).toBe("order.volume");
    expect(refusal(() => checkOrder(request({ salt: "0x1234" }), bounds, best)).field).toBe("order.salt");
    expect(refusal(() => checkOrder(request({ tag: `0x${"zz".repeat(32)}` }), bounds, best)).field).toBe("order.tag");
    const bad = request();
    if (bad.type === "Request") bad.value.beneficiary = "not an address";
    expect(refusal(() => checkOrder(bad, bounds, best)).field).toBe("order.beneficiary");
    const overflow = request({ appMaxPrice: (1n << 128n) - 1n, volume: 2 });
    expect(refusal(() => checkOrder(overflow, bounds, best)).field).toBe("order.max prices × volume");
    const offer: Order = { type: "App", value: appOrder({ app: 0, price: 1n << 128n, expires: 1_000 }) };
    expect(refusal(() => checkOrder(offer, bounds, best)).field).toBe("order.price");
  });

  it("refuses an expired order and one expiring too far ahead", () => {
    expect(refusal(() => checkOrder(request({ expires: best }), bounds, best)).field).toBe("order.expires");
    expect(refusal(() => checkOrder(request({ expires: best + 2_000_000 }), bounds, best)).field).toBe("order.expires");
  });

  it("refuses bad params before they are encoded", () => {
    expect(() => request({ params: { encrypt_to: `0x${"00".repeat(32)}` } })).toThrow(/low-order/);
    expect(() => request({ params: { encrypt_to: "0x12" } })).toThrow(InputError);
    expect(() => request({ params: { inputs: [{ name: "input", url: "https://x/y", checksum: `0x${"00".repeat(32)}` }] } })).toThrow(/bad or repeated/);
    expect(() => request({ params: { store: "ftp://x" } })).toThrow(/http/);
  });
});

describe("amounts", () => {
  it("reads planck and ECT as the CLI does", () => {
    expect(parseAmount("1500000000000")).toBe(1_500_000_000_000n);
    expect(parseAmount("1.5ect")).toBe(1_500_000_000_000n);
    expect(parseAmount("0.000000000001ect")).toBe(1n);
    expect(() => parseAmount("0.0000000000001ect")).toThrow(/12 decimals/);
    expect(() => parseAmount("-1")).toThrow(InputError);
    expect(() => parseAmount(1.5)).toThrow(InputError);
    expect(formatAmount(1_500_000_000_000n)).toBe("1.5 ECT");
    expect(formatAmount(-2_000_000_000_000n)).toBe("-2 ECT");
  });
});
