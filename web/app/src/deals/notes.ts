/**
 * The deals bought in this browser, per chain (by genesis hash), so that
 * "My deals" lists them and a sealed result's key is at hand: the x25519
 * secret of a result sealed to this browser is kept here, and nowhere else.
 */

import type { Hex } from "@ect/sdk";

/** What this browser remembers of a deal it bought. */
export interface DealNote {
  deal: Hex;
  app: number;
  volume: number;
  requester: string;
  /** The block the deal was made in. */
  block: number;
  /** When it was bought (unix ms). */
  at: number;
  /** The secret of the key its results are sealed to, if they are. */
  resultKey?: Hex;
}

const key = (genesis: string) => `ect.deals.${genesis}`;

/** The deals bought on the chain `genesis`, newest first. */
export function dealNotes(genesis: string): DealNote[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(key(genesis)) ?? "[]") as unknown;
    return Array.isArray(parsed) ? (parsed as DealNote[]) : [];
  } catch {
    return [];
  }
}

/** The note of one deal, if this browser bought it. */
export function dealNote(genesis: string, deal: string): DealNote | undefined {
  return dealNotes(genesis).find((n) => n.deal === deal);
}

/** Remembers deals just bought. */
export function rememberDeals(genesis: string, notes: DealNote[]): void {
  const kept = dealNotes(genesis).filter((n) => !notes.some((m) => m.deal === n.deal));
  localStorage.setItem(key(genesis), JSON.stringify([...notes, ...kept].slice(0, 200)));
}
