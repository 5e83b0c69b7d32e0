/** The moments of a deal's life, from the events of its blocks. */

import type { Hex } from "@ect/sdk";

import { short } from "../ui/format.js";

/** An event record in either decoding (typed API or metadata codecs): `{ event: { type, value: { type, value } } }`. */
interface AnyEvent {
  event: { type: string; value: { type: string; value: unknown } };
}

/** One moment: a block and what happened. */
export interface Moment {
  block: number;
  /** The event's index in its block. */
  order: number;
  /** The event's name, e.g. `Poco.Contributed`. */
  kind: string;
  text: string;
}

/** What the events of `block` say about `deal` and its tasks (`index` gives a task's index in the deal). */
export function momentsOf(block: number, events: AnyEvent[], deal: Hex, index: Map<string, number>): Moment[] {
  const moments: Moment[] = [];
  for (const [order, record] of events.entries()) {
    const pallet = record.event.type;
    const name = record.event.value.type;
    const e = record.event.value.value as Record<string, unknown> | undefined;
    if (!e) continue;
    const kind = `${pallet}.${name}`;
    if (kind === "Marketplace.DealCreated" && e.deal === deal) {
      moments.push({ block, order, kind, text: `deal made: ${String(e.volume)} task(s), scheduler ${short(String(e.scheduler))}` });
      continue;
    }
    if (pallet !== "Poco" || typeof e.task !== "string" || !index.has(e.task)) continue;
    const task = `task #${index.get(e.task)}`;
    const who = typeof e.worker === "string" ? short(e.worker) : "";
    const texts: Record<string, string> = {
      TaskInitialized: `${task} opened for contributions`,
      Contributed: `${task}: contribution by worker ${who} (result hash ${short(String(e.result_hash), 6)})`,
      ConsensusReached: `${task}: consensus on ${short(String(e.result_hash), 6)}, revealing`,
      Revealed: `${task}: worker ${who} revealed digest ${short(String(e.digest), 6)}`,
      TaskReopened: `${task}: nobody revealed in time, reopened`,
      TaskFinalized: `${task} certified: digest ${short(String(e.digest), 6)}, ${String(e.winners)} winner(s) paid`,
      TaskClaimed: `${task} failed and was claimed: the requester was refunded`,
      SpotChecked: `${task} drawn for a spot check: another worker replicates it`,
    };
    const text = texts[name];
    if (text) moments.push({ block, order, kind, text });
  }
  return moments;
}
