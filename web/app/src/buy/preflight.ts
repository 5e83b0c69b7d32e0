/** What a purchase may lock against what the account has: said before anything is signed. */

import { ect } from "../ui/format.js";
import { mostLocked, type BuyTerms } from "./terms.js";

/** How the purchase is made: through the book, or at once from the offers. */
export type BuyMode = "book" | "now";

/** The preflight's verdict. */
export interface Preflight {
  /** The most the purchase can lock. */
  most: bigint;
  /** Whether the account's free balance is below it. */
  short: boolean;
  /** The sentence shown. */
  text: string;
}

/** Compares what `terms` may lock with `free`, the balance of the account `label`. */
export function preflight(terms: BuyTerms, label: string, free: bigint, mode: BuyMode): Preflight {
  const most = mostLocked(terms);
  const short = free < most;
  const consequence = !short
    ? ""
    : mode === "book"
      ? " That is more than it has: no deal will be made, the request will rest in the book."
      : " That is more than it has: the chain will refuse the match.";
  return { most, short, text: `It locks at most ${ect(most)} (${terms.volume} × the max prices) from ${label}, which has ${ect(free)} free.${consequence}` };
}
