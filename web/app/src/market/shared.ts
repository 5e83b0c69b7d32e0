/** The market history of a session, made once and kept following the best block. */

import { pastBlocks } from "../chain/legacy.js";
import type { Session } from "../chain/session.js";
import { MarketHistory } from "./history.js";

/** How many blocks before the best one the history starts with (a node keeps 256 blocks of state by default). */
export const HISTORY_WINDOW = 240;

const made = new WeakMap<Session, Promise<MarketHistory>>();

/** The session's history: the first call reads the last {@link HISTORY_WINDOW} blocks and subscribes to new ones. */
export function marketHistory(session: Session): Promise<MarketHistory> {
  let history = made.get(session);
  if (!history) {
    history = (async () => {
      const result = new MarketHistory(await pastBlocks(session.chain), HISTORY_WINDOW);
      const [best] = await session.chain.client.getBestBlocks();
      await result.scanTo(best?.number ?? 0);
      session.blocks$.subscribe((block) => void result.scanTo(block.number));
      return result;
    })();
    made.set(session, history);
  }
  return history;
}
