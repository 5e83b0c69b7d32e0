/** A deal's tasks now and at each new best block, with their status, contributions and deadlines (`PocoApi.tasks_of_deal`). */

import type { EctChain, Hex } from "@ect/sdk";
import { type Observable, concatMap, filter, map, merge, of } from "rxjs";

import type { BlockEvents } from "../chain/blocks.js";

/** A task as `PocoApi.tasks_of_deal` shows it. */
export type TaskView = Awaited<ReturnType<EctChain["api"]["apis"]["PocoApi"]["tasks_of_deal"]>>[number];

/** The most tasks of a deal the page follows. */
export const MAX_FOLLOWED = 50;

/** The deal's first tasks (up to {@link MAX_FOLLOWED}) at the best block now, then at each block of `blocks$`. */
export function dealTasks$(chain: EctChain, blocks$: Observable<BlockEvents>, deal: Hex, volume: number): Observable<TaskView[]> {
  const count = Math.min(volume, MAX_FOLLOWED);
  return merge(of<string>("best"), blocks$.pipe(map((block): string => block.hash))).pipe(
    concatMap(async (at) => {
      try {
        return await chain.api.apis.PocoApi.tasks_of_deal(deal, 0, count, { at });
      } catch {
        return undefined;
      }
    }),
    filter((tasks): tasks is TaskView[] => tasks !== undefined),
  );
}
