/**
 * The connection of this page: the SDK's chain, what kind of chain it is
 * (dev accounts are offered only on a development or local chain), its
 * catalogue and its feed of best blocks.
 */

import { catalog, connect, type Catalog, type EctChain } from "@ect/sdk";
import type { JsonRpcProvider } from "polkadot-api";
import { getWsProvider } from "polkadot-api/ws";
import type { Observable } from "rxjs";

import { bestBlockEvents$, type BlockEvents } from "./blocks.js";

/** A connected chain and what the pages need of it. */
export interface Session {
  /** The RPC endpoint. */
  readonly url: string;
  /** The SDK's connection. */
  readonly chain: EctChain;
  /** The chain's name from its spec (`Development`). */
  readonly name: string;
  /** Whether the node says its chain is a development or local one (`system_chainType`): its well-known dev accounts may sign. */
  readonly dev: boolean;
  /** Apps, datasets, workerpools and categories (the runtime's `CatalogApi` when it has one). */
  readonly catalog: Catalog;
  /** Each new best block with its events. */
  readonly blocks$: Observable<BlockEvents>;
}

/** Why a connection did not come up in time. */
export class UnreachableError extends Error {
  constructor(url: string, seconds: number) {
    super(`no answer from ${url} within ${seconds} s: is the node running, and is this its RPC address?`);
    this.name = "UnreachableError";
  }
}

/** The chain types whose well-known dev accounts may sign: `--dev` and `--chain local`. */
const DEV_CHAIN_TYPES: readonly unknown[] = ["Development", "Local"];

/** Whether a chain of type `chainType` (the answer of `system_chainType`) offers the dev accounts. */
export function isDevChainType(chainType: unknown): boolean {
  return DEV_CHAIN_TYPES.includes(chainType);
}

/** The chain's type as the node says it (`system_chainType`), or `undefined` if it does not say. */
async function chainType(chain: EctChain): Promise<unknown> {
  try {
    return await chain.client._request<unknown>("system_chainType", []);
  } catch {
    return undefined;
  }
}

/**
 * A WebSocket provider whose connection can be cut from outside: PAPI's
 * provider retries an unreachable endpoint forever, and a connection that
 * timed out must stop doing so.
 */
function cuttableProvider(url: string): { provider: JsonRpcProvider; cut(): void } {
  const inner = getWsProvider(url);
  let connection: ReturnType<JsonRpcProvider> | undefined;
  let cut = false;
  return {
    provider: (onMessage) => {
      connection = inner(onMessage);
      if (cut) connection.disconnect();
      return connection;
    },
    cut: () => {
      cut = true;
      connection?.disconnect();
    },
  };
}

/** Connects through `provider` and reads what a session needs; destroys the client if that fails. */
async function setUp(url: string, provider: JsonRpcProvider): Promise<Session> {
  const chain = await connect(provider);
  try {
    const [spec, type, listings] = await Promise.all([chain.client.getChainSpecData(), chainType(chain), catalog(chain)]);
    return { url, chain, name: spec.name, dev: isDevChainType(type), catalog: listings, blocks$: bestBlockEvents$(chain) };
  } catch (error) {
    chain.destroy();
    throw error;
  }
}

/**
 * Connects to `url` and sets the session up; rejects with
 * {@link UnreachableError} if that takes more than `timeoutMs` (and a
 * session set up later is destroyed at once).
 */
export async function openSession(url: string, timeoutMs = 20_000): Promise<Session> {
  const { provider, cut } = cuttableProvider(url);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cut();
      reject(new UnreachableError(url, Math.round(timeoutMs / 1000)));
    }, timeoutMs);
  });
  const session = setUp(url, provider);
  try {
    return await Promise.race([session, timeout]);
  } catch (error) {
    if (error instanceof UnreachableError) session.then((late) => late.chain.destroy(), () => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
