/**
 * A page's lifetime: what it started and must stop when it is left. A page
 * often subscribes after an await; if it was left meanwhile, nothing is
 * started any more, and what is added is stopped at once.
 */

import type { Observable } from "rxjs";

/** What a page started, stopped together when the page is left. */
export class Lifetime {
  private readonly stops: Array<() => void> = [];
  private left = false;

  /** Whether the page was left. */
  get disposed(): boolean {
    return this.left;
  }

  /** Runs `stop` when the page is left, or now if it was left already. */
  add(stop: () => void): void {
    if (this.left) stop();
    else this.stops.push(stop);
  }

  /** Calls `next` with each value of `source$` until the page is left; subscribes to nothing once it was left. */
  follow<T>(source$: Observable<T>, next: (value: T) => void): void {
    if (this.left) return;
    const subscription = source$.subscribe(next);
    this.add(() => subscription.unsubscribe());
  }

  /** Stops everything added (once). */
  dispose(): void {
    if (this.left) return;
    this.left = true;
    for (const stop of this.stops.splice(0)) stop();
  }
}
