/**
 * Registering apps, datasets and workerpools (each holds the registry's
 * asset deposit from the owner's account). Names, URLs and descriptions are
 * checked against the runtime's bounds before anything is sent.
 */

import { blake2b } from "@noble/hashes/blake2.js";

import type { EctChain } from "../chain/connect.js";
import { submit, type SubmitOptions } from "../chain/submit.js";
import type { Account, PoolPolicy, Resources } from "../chain/types.js";
import { EctError } from "../errors/errors.js";
import { checkBytes, checkPercent, readBounds } from "../input/bounds.js";
import { NO_REQUIREMENTS } from "../orders/build.js";
import { fromHex, toHex, type Hex } from "../util/hex.js";

/** The checksum the registry keeps of an app's or a dataset's bytes: blake2-256. */
export function checksumOf(bytes: Uint8Array): Hex {
  return toHex(blake2b(bytes, { dkLen: 32 }));
}

/** Where an asset's bytes are, and their checksum (given, or of the bytes). */
export interface AssetSource {
  /** A human-readable name. */
  name: string;
  /** Where workers fetch the bytes (an http(s) URL, or a path the workers can read). */
  url: string;
  /** The blake2-256 of the bytes, if `bytes` is not given. */
  checksum?: Hex;
  /** The bytes themselves, to compute the checksum from. */
  bytes?: Uint8Array;
}

function sourceChecksum(source: AssetSource): Hex {
  if (source.bytes) return checksumOf(source.bytes);
  if (source.checksum) return toHex(fromHex(source.checksum, 32, "checksum"));
  throw new EctError("input", "checksum: give the bytes or their checksum");
}

/** An app to register. */
export interface AppRegistration extends AssetSource {
  /** The least the workers' machines must offer (default nothing). */
  requirements?: Partial<Resources>;
}

/** Registers a WASI preview 1 app owned by `owner`; returns its id. */
export async function registerApp(chain: EctChain, owner: Account, app: AppRegistration, options?: SubmitOptions): Promise<number> {
  const bounds = await readBounds(chain);
  const call = chain.api.tx.Registry.register_app({
    name: checkBytes("name", app.name, bounds.maxNameLen),
    kind: { type: "WasiPreview1", value: undefined },
    multiaddr: checkBytes("url", app.url, bounds.maxUrlLen),
    checksum: sourceChecksum(app),
    mrenclave: undefined,
    requirements: { ...NO_REQUIREMENTS, ...app.requirements },
  });
  const included = await submit(chain, call, owner.signer, options);
  const [event] = chain.api.event.Registry.AppRegistered.filter(included.events);
  if (!event) throw new EctError("chain", "no Registry.AppRegistered event");
  return event.payload.app;
}

/** Registers a dataset owned by `owner`; returns its id. */
export async function registerDataset(chain: EctChain, owner: Account, dataset: AssetSource, options?: SubmitOptions): Promise<number> {
  const bounds = await readBounds(chain);
  const call = chain.api.tx.Registry.register_dataset({
    name: checkBytes("name", dataset.name, bounds.maxNameLen),
    multiaddr: checkBytes("url", dataset.url, bounds.maxUrlLen),
    checksum: sourceChecksum(dataset),
  });
  const included = await submit(chain, call, owner.signer, options);
  const [event] = chain.api.event.Registry.DatasetRegistered.filter(included.events);
  if (!event) throw new EctError("chain", "no Registry.DatasetRegistered event");
  return event.payload.dataset;
}

/** A workerpool to register. */
export interface WorkerpoolRegistration {
  /** A human-readable description. */
  description: string;
  /** Stake and reward ratios, in percent (default 30 and 1, the registry's defaults). */
  policy?: Partial<PoolPolicy>;
  /** What the pool's machines offer (default nothing promised). */
  capabilities?: Partial<Resources>;
}

/** Registers a workerpool whose owner (and scheduler) is `owner`; returns its id. */
export async function registerWorkerpool(
  chain: EctChain,
  owner: Account,
  pool: WorkerpoolRegistration,
  options?: SubmitOptions,
): Promise<number> {
  const bounds = await readBounds(chain);
  const policy = {
    worker_stake_ratio: checkPercent("policy.worker_stake_ratio", pool.policy?.worker_stake_ratio ?? 30),
    scheduler_reward_ratio: checkPercent("policy.scheduler_reward_ratio", pool.policy?.scheduler_reward_ratio ?? 1),
  };
  const call = chain.api.tx.Registry.register_workerpool({
    description: checkBytes("description", pool.description, bounds.maxDescriptionLen),
    policy,
    capabilities: { ...NO_REQUIREMENTS, ...pool.capabilities },
  });
  const included = await submit(chain, call, owner.signer, options);
  const [event] = chain.api.event.Registry.WorkerpoolRegistered.filter(included.events);
  if (!event) throw new EctError("chain", "no Registry.WorkerpoolRegistered event");
  return event.payload.workerpool;
}
