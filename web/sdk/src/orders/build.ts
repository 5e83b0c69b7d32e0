/**
 * Building orders from a few terms, with the `ect` CLI's defaults: no tag,
 * anyone may use them, no machine requirement, a fresh random salt.
 */

import type { SS58String } from "polkadot-api";

import type {
  AppOrder,
  CallbackTarget,
  DatasetOrder,
  RequestOrder,
  Resources,
  Restriction,
  WorkerpoolOrder,
} from "../chain/types.js";
import { parseAmount } from "../util/amount.js";
import { toHex, type Hex } from "../util/hex.js";
import { encodeParams, type TaskParams } from "./params.js";

/** An amount in planck (bigint or digits) or ECT (`"1.5ect"`). */
export type Amount = bigint | number | string;

/** The default lifetime of a new order: 7 days of 2-second blocks, as the CLI's `--expires-in`. */
export const DEFAULT_ORDER_LIFETIME = 302_400;

/** No feature required: the all-zero tag. */
export const NO_TAG: Hex = `0x${"00".repeat(32)}`;

/** No restriction. */
export const ANYONE: Restriction = { type: "Anyone", value: undefined } as Restriction;

/** No machine requirement (or capability). */
export const NO_REQUIREMENTS: Resources = {
  cpu_cores: 0,
  memory_mib: 0,
  disk_mib: 0,
  gpu_memory_mib: 0,
  cpu_arch: { type: "Any", value: undefined },
  region: 0,
};

/** 32 random bytes: makes otherwise equal orders distinct. */
export function freshSalt(): Hex {
  return toHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

/** What is common to offers. */
interface OfferTerms {
  /** Price per task. */
  price: Amount;
  /** How many tasks the order may be used for (default 1). */
  volume?: number;
  /** Features (default none). */
  tag?: Hex;
  /** The block from which the order is void. */
  expires: number;
  /** Default: a fresh random salt. */
  salt?: Hex;
  /** Who may buy it (default anyone). */
  requesterRestrict?: Restriction;
}

/** The fields every offer has, from its terms and the defaults. */
function offerFields(terms: OfferTerms) {
  return {
    price: parseAmount(terms.price, "price"),
    volume: terms.volume ?? 1,
    tag: terms.tag ?? NO_TAG,
    requester_restrict: terms.requesterRestrict ?? ANYONE,
    salt: terms.salt ?? freshSalt(),
    expires: terms.expires,
  };
}

/** Terms of an app order. */
export interface AppOrderTerms extends OfferTerms {
  app: number;
  datasetRestrict?: Restriction;
  workerpoolRestrict?: Restriction;
}

/** An app owner's offer. */
export function appOrder(terms: AppOrderTerms): AppOrder {
  return {
    ...offerFields(terms),
    app: terms.app,
    dataset_restrict: terms.datasetRestrict ?? ANYONE,
    workerpool_restrict: terms.workerpoolRestrict ?? ANYONE,
  };
}

/** Terms of a dataset order. */
export interface DatasetOrderTerms extends OfferTerms {
  dataset: number;
  appRestrict?: Restriction;
  workerpoolRestrict?: Restriction;
}

/** A dataset owner's offer. */
export function datasetOrder(terms: DatasetOrderTerms): DatasetOrder {
  return {
    ...offerFields(terms),
    dataset: terms.dataset,
    app_restrict: terms.appRestrict ?? ANYONE,
    workerpool_restrict: terms.workerpoolRestrict ?? ANYONE,
  };
}

/** Terms of a workerpool order. */
export interface WorkerpoolOrderTerms extends OfferTerms {
  workerpool: number;
  /** The task category (default 0). */
  category?: number;
  /** The highest trust accepted (default 1). */
  trust?: number;
  appRestrict?: Restriction;
  datasetRestrict?: Restriction;
  /** What the pool's machines offer (default nothing promised). */
  capabilities?: Partial<Resources>;
}

/** A workerpool's offer. */
export function workerpoolOrder(terms: WorkerpoolOrderTerms): WorkerpoolOrder {
  return {
    ...offerFields(terms),
    workerpool: terms.workerpool,
    category: terms.category ?? 0,
    trust: terms.trust ?? 1,
    app_restrict: terms.appRestrict ?? ANYONE,
    dataset_restrict: terms.datasetRestrict ?? ANYONE,
    capabilities: { ...NO_REQUIREMENTS, ...terms.capabilities },
  };
}

/** Terms of a request: what to buy, and at most at what prices (per task). */
export interface RequestTerms {
  /** The app to run. */
  app: number;
  /** The most paid to the app's owner per task. */
  appMaxPrice: Amount;
  /** The dataset the app reads, if any. */
  dataset?: number;
  /** The most paid to the dataset's owner per task (default 0). */
  datasetMaxPrice?: Amount;
  /** The only workerpool allowed (default any). */
  workerpool?: number;
  /** The most paid to the workerpool per task. */
  workerpoolMaxPrice: Amount;
  /** Who pays and owns the request. */
  requester: SS58String;
  /** Who receives the results (default the requester). */
  beneficiary?: SS58String;
  /** How many tasks (default 1). */
  volume?: number;
  /** The task category (default 0). */
  category?: number;
  /** The trust wanted (default 1: one contribution suffices). */
  trust?: number;
  /** Features the tasks need (default none). */
  tag?: Hex;
  /** Where the certified results' callback bytes go (default none). */
  callback?: CallbackTarget;
  /** The task parameters: text, raw bytes, or a {@link TaskParams} object (encoded as JSON). */
  params?: string | Uint8Array | TaskParams;
  /** The least the machines must offer (default nothing). */
  requirements?: Partial<Resources>;
  /** The block from which the order is void. */
  expires: number;
  /** Default: a fresh random salt. */
  salt?: Hex;
}

/** A requester's request order. */
export function requestOrder(terms: RequestTerms): RequestOrder {
  return {
    app: terms.app,
    app_max_price: parseAmount(terms.appMaxPrice, "appMaxPrice"),
    dataset: terms.dataset,
    dataset_max_price: parseAmount(terms.datasetMaxPrice ?? 0n, "datasetMaxPrice"),
    workerpool: terms.workerpool,
    workerpool_max_price: parseAmount(terms.workerpoolMaxPrice, "workerpoolMaxPrice"),
    requester: terms.requester,
    volume: terms.volume ?? 1,
    tag: terms.tag ?? NO_TAG,
    category: terms.category ?? 0,
    trust: terms.trust ?? 1,
    beneficiary: terms.beneficiary ?? terms.requester,
    callback: terms.callback,
    params: encodeParams(terms.params ?? ""),
    salt: terms.salt ?? freshSalt(),
    requirements: { ...NO_REQUIREMENTS, ...terms.requirements },
    expires: terms.expires,
  };
}
