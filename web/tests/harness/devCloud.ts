/** A dev cloud on free ports: `ect-node --dev --dev-pool 3 --tmp` (scheduler //Ferdie and 3 workers, result store on the pool port + 1). */

import { join } from "node:path";

import { freePair, freePort } from "./ports.js";
import { start, waitFor, type Started } from "./processes.js";

/** A running dev cloud. */
export interface DevCloud {
  /** Its JSON-RPC WebSocket URL. */
  rpc: string;
  /** The dev pool's result store. */
  store: string;
  process: Started;
}

/** Starts the node `binary` and resolves once its dev pool runs (within `timeoutMs`). */
export async function startDevCloud(binary: string, outDir: string, timeoutMs = 120_000): Promise<DevCloud> {
  const rpc = await freePort();
  const p2p = await freePort();
  const prometheus = await freePort();
  const pool = await freePair(); // the result store listens on the pool port + 1
  const args = ["--dev", "--tmp", "--no-mdns", "--no-telemetry", "--dev-pool", "3",
    "--rpc-port", `${rpc}`, "--port", `${p2p}`, "--prometheus-port", `${prometheus}`, "--dev-pool-port", `${pool}`];
  const node = start("ect-node", binary, args, join(outDir, "ect-node.log"));
  await waitFor(node, /dev pool .*workers/, timeoutMs);
  return { rpc: `ws://127.0.0.1:${rpc}`, store: `http://127.0.0.1:${pool + 1}`, process: node };
}
