/**
 * Reading past blocks by number. PAPI's typed API reads the blocks the node
 * keeps pinned for it (the unfinalized ones and the last finalized); the
 * market's history needs the few hundred blocks before, so it goes through
 * the node's legacy JSON-RPC (`chain_getBlockHash`, `state_getStorage`,
 * `state_call`) and decodes with codecs built from the runtime's metadata.
 * A node keeps the state of its last 256 blocks by default: older blocks
 * read as missing.
 */

import { toHex, type Deal, type EctChain, type Hex } from "@ect/sdk";
import { getDynamicBuilder, getLookupFn } from "@polkadot-api/metadata-builders";
import { decAnyMetadata, unifyMetadata } from "@polkadot-api/substrate-bindings";

/** A decoded event record: `{ event: { type: pallet, value: { type: name, value: payload } } }`. */
export interface RawEvent {
  event: { type: string; value: { type: string; value: unknown } };
}

/** Reads of past blocks. */
export interface PastBlocks {
  /** The hashes of blocks by number (`undefined` beyond the best block). */
  hashes(numbers: number[]): Promise<Array<Hex | undefined>>;
  /** The events of a block (`undefined` when its state is pruned). */
  events(hash: Hex): Promise<RawEvent[] | undefined>;
  /** A deal as it was at a block (deals leave the state some time after they finish). */
  dealAt(deal: Hex, hash: Hex): Promise<Deal | undefined>;
}

const readers = new WeakMap<EctChain, Promise<PastBlocks>>();

/** The reader of a connection, made once with codecs from the finalized runtime's metadata. */
export function pastBlocks(chain: EctChain): Promise<PastBlocks> {
  let reader = readers.get(chain);
  if (!reader) {
    reader = makeReader(chain);
    reader.catch(() => readers.delete(chain));
    readers.set(chain, reader);
  }
  return reader;
}

async function makeReader(chain: EctChain): Promise<PastBlocks> {
  const finalized = await chain.client.getFinalizedBlock();
  const metadata = unifyMetadata(decAnyMetadata(await chain.client.getMetadata(finalized.hash)));
  const builder = getDynamicBuilder(getLookupFn(metadata));
  const eventsEntry = builder.buildStorage("System", "Events");
  const eventsKey = eventsEntry.keys.enc();
  const dealCall = builder.buildRuntimeCall("MarketplaceApi", "deal");
  const request = <T>(method: string, params: unknown[]) => chain.client._request<T>(method, params);

  return {
    async hashes(numbers) {
      if (numbers.length === 0) return [];
      const hashes = await request<Array<string | null>>("chain_getBlockHash", [numbers]);
      return hashes.map((hash) => (hash ? (hash as Hex) : undefined));
    },
    async events(hash) {
      try {
        const raw = await request<string | null>("state_getStorage", [eventsKey, hash]);
        return raw ? (eventsEntry.value.dec(raw) as RawEvent[]) : [];
      } catch {
        return undefined;
      }
    },
    async dealAt(deal, hash) {
      try {
        const raw = await request<string>("state_call", ["MarketplaceApi_deal", toHex(dealCall.args.enc([deal])), hash]);
        return dealCall.value.dec(raw) as Deal | undefined;
      } catch {
        return undefined;
      }
    },
  };
}
