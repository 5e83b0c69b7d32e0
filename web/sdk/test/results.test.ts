import { describe, expect, it } from "vitest";

import { ResultError } from "../src/errors/errors.js";
import { decodeBundle, digestOf, encodeBundle, blake2_256 } from "../src/results/bundle.js";
import { parseResultsLink } from "../src/results/link.js";
import { generateResultKey, isSealed, openSealed, resultPublicKey, seal } from "../src/results/sealed.js";
import { verifyResult, type Certified } from "../src/results/verify.js";
import { fromHex, utf8, type Hex } from "../src/util/hex.js";
import fixtures from "./fixtures/results.json" with { type: "json" };

type Fixture = (typeof fixtures)["plain"] & { secret?: string };

function certified(fixture: Fixture, recipient?: Hex): Certified {
  return { digest: fixture.digest as Hex, link: parseResultsLink(utf8(fixture.results)), hasCallback: fixture.has_callback, recipient };
}

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ResultError);
    return (error as ResultError).problem;
  }
  throw new Error("accepted");
}

describe("a plain result from the pool's store", () => {
  const stored = fromHex(fixtures.plain.stored);

  it("verifies against the certified digest and the link", () => {
    const result = verifyResult(stored, certified(fixtures.plain));
    expect(new TextDecoder().decode(result.output.stdout)).toMatch(/^sha256 [0-9a-f]{64}\n$/);
    expect(result.output.files.map(([path]) => path)).toEqual(["callback"]);
    expect(result.encrypted).toBe(false);
    expect(result.covers).toBe("bundle");
  });

  it("refuses a changed byte, another digest, and bytes that are no bundle", () => {
    for (const at of [0, 5, stored.length - 1]) {
      const tampered = stored.slice();
      tampered[at] = (tampered[at] ?? 0) ^ 1;
      expect(problem(() => verifyResult(tampered, certified(fixtures.plain)))).toBe("bundle-hash");
    }
    const other = { ...certified(fixtures.plain), digest: `0x${"00".repeat(32)}` as Hex };
    expect(problem(() => verifyResult(stored, other))).toBe("digest");
    const junk = Uint8Array.of(0xff, 0xff);
    const junkLink = { ...certified(fixtures.plain), link: { location: "x", bundle: blake2_256(junk) } };
    expect(problem(() => verifyResult(junk, junkLink))).toBe("malformed");
  });

  it("decodes and re-encodes to the same bytes", () => {
    expect(encodeBundle(decodeBundle(stored))).toEqual(stored);
  });
});

describe("a result of a deal with a callback", () => {
  it("has the callback's digest, not the bundle's", () => {
    const stored = fromHex(fixtures.callback.stored);
    const result = verifyResult(stored, certified(fixtures.callback));
    expect(result.covers).toBe("callback");
    expect(digestOf(result.output, true)).toBe(fixtures.callback.digest);
    expect(digestOf(result.output, false)).not.toBe(fixtures.callback.digest);
    expect(problem(() => verifyResult(stored, { ...certified(fixtures.callback), hasCallback: false }))).toBe("digest");
  });

  it("vouches for the callback file only: another stdout under the same callback still verifies", () => {
    const output = decodeBundle(fromHex(fixtures.callback.stored));
    const forged = encodeBundle({ ...output, stdout: utf8("not what the app wrote\n") });
    const link = { location: "x", bundle: blake2_256(forged) };
    const result = verifyResult(forged, { ...certified(fixtures.callback), link });
    expect(result.covers).toBe("callback");
    expect(new TextDecoder().decode(result.output.stdout)).toBe("not what the app wrote\n");
  });
});

describe("a result sealed to the requester's key by a worker", () => {
  const fixture = fixtures.sealed as Fixture;
  const stored = fromHex(fixture.stored);
  const secret = fromHex(fixture.secret ?? "");
  const recipient = resultPublicKey(secret);

  it("opens with the key and verifies", () => {
    expect(isSealed(stored)).toBe(true);
    const result = verifyResult(stored, certified(fixture, recipient), secret);
    expect(new TextDecoder().decode(result.output.stdout)).toMatch(/^sha256 /);
    expect(result.encrypted).toBe(true);
    expect(result.covers).toBe("bundle");
  });

  it("is refused without the key, with another key, and changed", () => {
    expect(problem(() => verifyResult(stored, certified(fixture, recipient)))).toBe("encrypted");
    expect(problem(() => verifyResult(stored, certified(fixture, recipient), generateResultKey().secret))).toBe("wrong-key");
    const tampered = stored.slice();
    tampered[stored.length - 1] = (tampered[stored.length - 1] ?? 0) ^ 1;
    expect(problem(() => openSealed(secret, tampered))).toBe("corrupted");
    expect(problem(() => openSealed(secret, stored.slice(0, 80)))).toBe("corrupted");
  });
});

describe("sealing here", () => {
  it("round-trips, with the callback in clear", () => {
    const key = generateResultKey();
    const bundle = encodeBundle({ stdout: utf8("42\n"), files: [["callback", utf8("cb")]] });
    const sealed = seal(fromHex(key.publicKey), bundle, utf8("cb"));
    expect(openSealed(key.secret, sealed)).toEqual(bundle);
    expect(new TextDecoder().decode(sealed)).toContain("cb");
  });
});

describe("results links", () => {
  it("are refused when they are not a link", () => {
    expect(problem(() => parseResultsLink(utf8("not json")))).toBe("bad-link");
    expect(problem(() => parseResultsLink(utf8('{"location": 1}')))).toBe("bad-link");
  });
});
