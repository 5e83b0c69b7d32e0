/**
 * What this browser remembers per chain (by genesis hash): the deals it
 * bought, so that "My deals" lists them, and the x25519 secrets of the keys
 * results are sealed to, kept here and nowhere else. A secret is stored by
 * the hash of its request before the request is submitted, so that a request
 * resting in the book and matched later still finds it by its deals'
 * `request`. Secrets are never dropped.
 */

import type { Hex } from "@ect/sdk";

/** What this browser remembers of a deal it bought. */
export interface DealNote {
  deal: Hex;
  /** The request the deal serves (absent in notes written before it was recorded). */
  request?: Hex;
  app: number;
  volume: number;
  requester: string;
  /** The block the deal was made in. */
  block: number;
  /** When it was bought (unix ms). */
  at: number;
  /** The secret of the key its results are sealed to, in notes written before secrets were kept by request. */
  resultKey?: Hex;
}

/** The secrets kept on one chain, by the hash of the request whose results they open. */
export type ResultKeys = Record<string, Hex>;

/** The most deal notes kept that hold no secret (those that hold one are all kept). */
export const MAX_NOTES = 200;

const dealsKey = (genesis: string) => `ect.deals.${genesis}`;
const keysKey = (genesis: string) => `ect.result-keys.${genesis}`;

/** The JSON value stored under `key`, if it is what `valid` accepts. */
function stored<T>(key: string, valid: (value: unknown) => value is T): T | undefined {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? "null");
    return valid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const isKeys = (value: unknown): value is ResultKeys => typeof value === "object" && value !== null && !Array.isArray(value);

/** The deals bought on the chain `genesis`, newest first. */
export function dealNotes(genesis: string): DealNote[] {
  return stored(dealsKey(genesis), (value): value is DealNote[] => Array.isArray(value)) ?? [];
}

/** The note of one deal, if this browser bought it. */
export function dealNote(genesis: string, deal: string): DealNote | undefined {
  return dealNotes(genesis).find((n) => n.deal === deal);
}

/** The newest {@link MAX_NOTES} notes without a secret and every note with one, in their order. */
export function pruneNotes(notes: DealNote[]): DealNote[] {
  let keyless = 0;
  return notes.filter((n) => n.resultKey !== undefined || ++keyless <= MAX_NOTES);
}

/** Remembers deals just bought. */
export function rememberDeals(genesis: string, notes: DealNote[]): void {
  const kept = dealNotes(genesis).filter((n) => !notes.some((m) => m.deal === n.deal));
  localStorage.setItem(dealsKey(genesis), JSON.stringify(pruneNotes([...notes, ...kept])));
}

/** The secrets kept on the chain `genesis`. */
export function resultKeys(genesis: string): ResultKeys {
  return stored(keysKey(genesis), isKeys) ?? {};
}

/** Keeps `secret`, the key the results of `request` are sealed to: call it before the request is submitted. */
export function rememberResultKey(genesis: string, request: Hex, secret: Hex): void {
  localStorage.setItem(keysKey(genesis), JSON.stringify({ ...resultKeys(genesis), [request]: secret }));
}

/** The secret a deal's results are sealed to, if this browser keeps it: by the deal's request, else in its note (older notes). */
export function resultKeyOf(keys: ResultKeys, deal: Pick<DealNote, "request" | "resultKey">): Hex | undefined {
  return (deal.request && keys[deal.request]) || deal.resultKey;
}
