/**
 * Sending a transaction and waiting for it in a block, with every failure
 * named: refused by the pool ({@link TransactionError}), undecodable by the
 * runtime ({@link UndecodableTransactionError}), or failed in its block
 * ({@link ChainError}, `Pallet.Error`).
 */

import type { PolkadotSigner, Transaction, TxEvent } from "polkadot-api";
import { filter, firstValueFrom, map, timeout as rxTimeout } from "rxjs";

import { chainError, submissionError } from "../errors/dispatch.js";
import { TimeoutError } from "../errors/errors.js";
import type { Hex } from "../util/hex.js";
import type { EctChain } from "./connect.js";

/** A transaction included in a block, and what it emitted. */
export interface Included {
  /** The transaction's hash. */
  txHash: Hex;
  /** The block it is in: hash, number and its index there. */
  block: { hash: Hex; number: number; index: number };
  /** Its events, in order (`{type: pallet, value: {type: event, value}}`). */
  events: Extract<TxEvent, { type: "finalized" }>["events"];
}

/** Options of {@link submit}. */
export interface SubmitOptions {
  /** Wait for the block to be finalized, not just in the best chain (default false). */
  finalized?: boolean;
  /** Give up after this many milliseconds (default 60 000). */
  timeoutMs?: number;
}

/**
 * Signs `tx` with `signer`, sends it, and resolves when it is in a best
 * block (or finalized, with `options.finalized`) and succeeded. Rejects
 * with a named {@link EctError} otherwise.
 */
export async function submit(
  chain: EctChain,
  tx: Transaction,
  signer: PolkadotSigner,
  options: SubmitOptions = {},
): Promise<Included> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const wanted = options.finalized ? "finalized" : "txBestBlocksState";
  let included: Included;
  try {
    included = await firstValueFrom(
      tx.signSubmitAndWatch(signer).pipe(
        filter((event) => event.type === wanted && (event.type === "finalized" || event.found)),
        map((event) => {
          if (event.type === "signed" || event.type === "broadcasted" || !("events" in event)) {
            throw new Error(`unexpected transaction event ${event.type}`);
          }
          if (!event.ok) throw chainError(event.dispatchError, chain.docs);
          return { txHash: event.txHash as Hex, block: event.block as Included["block"], events: event.events };
        }),
        rxTimeout({
          first: timeoutMs,
          with: () => {
            throw new TimeoutError(`the transaction was not in a block within ${timeoutMs} ms`);
          },
        }),
      ),
    );
  } catch (error) {
    throw submissionError(error);
  }
  return included;
}
