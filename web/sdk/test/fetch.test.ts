import { afterEach, describe, expect, it, vi } from "vitest";

import type { Deal, Task } from "../src/chain/types.js";
import { ResultError } from "../src/errors/errors.js";
import { fetchResultFromRecords, httpLoader, loadLimits, type TaskRecords } from "../src/results/fetch.js";
import { fromHex, utf8, type Hex } from "../src/util/hex.js";
import fixtures from "./fixtures/results.json" with { type: "json" };

type Fixture = (typeof fixtures)["plain"];

/** The records of a fixture's task and deal, as the chain would give them. */
function records(fixture: Fixture, status = "Completed"): TaskRecords {
  const task = { status: { type: status }, digest: fixture.digest, results: utf8(fixture.results) } as unknown as Task;
  const deal = { params: new Uint8Array(), callback: fixture.has_callback ? { type: "Runtime", value: 0 } : undefined } as unknown as Deal;
  return { task, deal };
}

/** A response streaming `chunks` of `size` bytes, counting how many were pulled. */
function streamed(chunks: number, size: number, headers: Record<string, string> = {}): { response: Response; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) {
        controller.close();
        return;
      }
      pulled++;
      controller.enqueue(new Uint8Array(size));
    },
  });
  return { response: new Response(body, { headers }), pulled: () => pulled };
}

async function problem(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResultError);
  return (error as ResultError).problem;
}

const LOCATION = "http://store.test/bundles/0x00";

/** A response with `bytes` as its body. */
const respond = (bytes: Uint8Array) => new Response(bytes as Uint8Array<ArrayBuffer>);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("downloading a result with a size cap", () => {
  it("stops reading past the cap", async () => {
    const { response, pulled } = streamed(1000, 1024);
    vi.stubGlobal("fetch", async () => response);
    expect(await problem(() => httpLoader(LOCATION, loadLimits({ maxBytes: 4096 })))).toBe("too-large");
    expect(pulled()).toBeLessThan(10);
  });

  it("refuses a declared length past the cap without reading", async () => {
    const { response, pulled } = streamed(1000, 1024, { "content-length": String(1000 * 1024) });
    vi.stubGlobal("fetch", async () => response);
    expect(await problem(() => httpLoader(LOCATION, loadLimits({ maxBytes: 4096 })))).toBe("too-large");
    expect(pulled()).toBeLessThan(10);
  });

  it("reads a body within the cap whole", async () => {
    vi.stubGlobal("fetch", async () => streamed(4, 1024).response);
    expect((await httpLoader(LOCATION, loadLimits({ maxBytes: 4096 }))).length).toBe(4096);
  });

  it("caps what any loader returns", async () => {
    const loader = async () => new Uint8Array(5000);
    expect(await problem(() => fetchResultFromRecords(fixtures.plain.task as Hex, records(fixtures.plain), { loader, maxBytes: 4096 }))).toBe("too-large");
  });
});

describe("downloading a result with a time limit", () => {
  it("gives up when the limit passes", async () => {
    const hanging = (_location: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        signal?.addEventListener("abort", () => reject(signal.reason));
      });
    vi.stubGlobal("fetch", hanging);
    expect(await problem(() => fetchResultFromRecords(fixtures.plain.task as Hex, records(fixtures.plain), { timeoutMs: 20 }))).toBe("timeout");
  });
});

describe("fetching a result from its records", () => {
  it("verifies a plain result, the digest covering the whole bundle", async () => {
    vi.stubGlobal("fetch", async () => respond(fromHex(fixtures.plain.stored)));
    const result = await fetchResultFromRecords(fixtures.plain.task as Hex, records(fixtures.plain));
    expect(result.covers).toBe("bundle");
    expect(result.digest).toBe(fixtures.plain.digest);
  });

  it("says that the digest of a callback deal covers the callback only", async () => {
    vi.stubGlobal("fetch", async () => respond(fromHex(fixtures.callback.stored)));
    const result = await fetchResultFromRecords(fixtures.callback.task as Hex, records(fixtures.callback));
    expect(result.covers).toBe("callback");
  });

  it("refuses a task that is not completed", async () => {
    expect(await problem(() => fetchResultFromRecords(fixtures.plain.task as Hex, records(fixtures.plain, "Active")))).toBe("not-completed");
  });
});
