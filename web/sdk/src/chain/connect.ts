/**
 * A connection to an ECT node: PAPI's client, the API typed from the
 * runtime's metadata, and what the SDK reads once (the genesis hash, the
 * runtime's error documentation).
 */

import { ect } from "@polkadot-api/descriptors";
import { createClient, type JsonRpcProvider, type PolkadotClient, type TypedApi } from "polkadot-api";
import { getWsProvider, type WebSocketClass } from "polkadot-api/ws";

import { errorDocs, noDocs, type ErrorDocs } from "../errors/docs.js";
import { EctError } from "../errors/errors.js";
import type { Hex } from "../util/hex.js";

/** The API typed from the ECT runtime's metadata. */
export type EctApi = TypedApi<typeof ect>;

/** A connected chain: what every SDK function takes first. */
export interface EctChain {
  /** PAPI's client (blocks, raw requests, unsafe API). */
  readonly client: PolkadotClient;
  /** The typed API (storage, calls, constants, runtime APIs, events). */
  readonly api: EctApi;
  /** The chain's genesis hash: order hashes and signatures are bound to it. */
  readonly genesisHash: Hex;
  /** The running runtime's documentation of its errors. */
  readonly docs: ErrorDocs;
  /** Closes the connection. */
  destroy(): void;
}

/** Options of {@link connect}. */
export interface ConnectOptions {
  /** Read the error documentation from the runtime's metadata (default true). */
  errorDocs?: boolean;
  /**
   * The WebSocket class for a URL endpoint, where there is no global one
   * (Node.js before 22: pass `WebSocket` of the `ws` package).
   */
  websocketClass?: WebSocketClass | (new (url: string, protocols?: string | string[]) => unknown);
}

/**
 * Connects to an ECT node by its WebSocket URL (`ws://127.0.0.1:9944`) or
 * through any PAPI JSON-RPC provider (a light client, a worker, …).
 */
export async function connect(endpoint: string | JsonRpcProvider, options: ConnectOptions = {}): Promise<EctChain> {
  const { websocketClass } = options;
  if (typeof endpoint === "string" && !websocketClass && typeof globalThis.WebSocket === "undefined") {
    throw new EctError("input", "no WebSocket class here", "on Node.js before 22, pass websocketClass: WebSocket from the ws package");
  }
  const provider =
    typeof endpoint === "string" ? getWsProvider(endpoint, websocketClass ? { websocketClass: websocketClass as WebSocketClass } : {}) : endpoint;
  const client = createClient(provider);
  try {
    const api = client.getTypedApi(ect);
    const spec = await client.getChainSpecData();
    let docs: ErrorDocs = noDocs;
    if (options.errorDocs ?? true) {
      const finalized = await client.getFinalizedBlock();
      docs = errorDocs(await client.getMetadata(finalized.hash));
    }
    return {
      client,
      api,
      genesisHash: spec.genesisHash as Hex,
      docs,
      destroy: () => client.destroy(),
    };
  } catch (error) {
    client.destroy();
    throw error;
  }
}
