import { Subject } from "rxjs";
import { describe, expect, it } from "vitest";

import { Lifetime } from "../src/ui/lifetime.js";

describe("a page's lifetime", () => {
  it("stops what it started when the page is left, once", () => {
    const life = new Lifetime();
    const source = new Subject<number>();
    const seen: number[] = [];
    let stopped = 0;
    life.follow(source, (n) => seen.push(n));
    life.add(() => stopped++);
    source.next(1);
    life.dispose();
    life.dispose();
    source.next(2);
    expect(seen).toEqual([1]);
    expect(stopped).toBe(1);
    expect(source.observed).toBe(false);
  });

  it("subscribes to nothing once the page was left, and stops at once what is added late", () => {
    const life = new Lifetime();
    const source = new Subject<number>();
    life.dispose();
    life.follow(source, () => undefined);
    expect(source.observed).toBe(false);
    let stopped = false;
    life.add(() => (stopped = true));
    expect(stopped).toBe(true);
    expect(life.disposed).toBe(true);
  });
});
