/** The chain's best block, and block-based expiries. */

import type { EctChain } from "./connect.js";
import type { Hex } from "../util/hex.js";

/** The best block's hash and number. */
export async function bestBlock(chain: EctChain): Promise<{ hash: Hex; number: number }> {
  const [best] = await chain.client.getBestBlocks();
  if (!best) throw new Error("the node reported no best block");
  return { hash: best.hash as Hex, number: best.number };
}

/** The block `blocks` blocks after the best one: an order expiry. */
export async function expiryIn(chain: EctChain, blocks: number): Promise<number> {
  return (await bestBlock(chain)).number + blocks;
}
