/** The best blocks as they come, each with its events: what the live views follow. */

import type { EctChain, Hex } from "@ect/sdk";
import { type Observable, concatMap, distinctUntilChanged, filter, map, share } from "rxjs";

/** The events of a block, as the typed API decodes `System.Events`. */
export type EventRecords = Awaited<ReturnType<EctChain["api"]["query"]["System"]["Events"]["getValue"]>>;

/** A best block and its events. */
export interface BlockEvents {
  number: number;
  hash: Hex;
  events: EventRecords;
}

/** Each new best block with its events (shared by every subscriber). */
export function bestBlockEvents$(chain: EctChain): Observable<BlockEvents> {
  return chain.client.bestBlocks$.pipe(
    map((blocks) => blocks[0]),
    filter((best): best is NonNullable<typeof best> => best !== undefined),
    distinctUntilChanged((a, b) => a.hash === b.hash),
    concatMap(async (best): Promise<BlockEvents | undefined> => {
      try {
        return { number: best.number, hash: best.hash as Hex, events: await chain.api.query.System.Events.getValue({ at: best.hash }) };
      } catch {
        // The block was unpinned before it could be read (a burst of blocks): the next one follows.
        return undefined;
      }
    }),
    filter((block): block is BlockEvents => block !== undefined),
    share(),
  );
}
