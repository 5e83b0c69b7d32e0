/**
 * Checks of an order against the chain's bounds and the rules any valid
 * order follows, before it is hashed, signed or sent: a volume of at least
 * 1, amounts and numbers that fit their types, well-formed hashes and
 * accounts, params within `MaxParamsLen`, an expiry in range.
 */

import { getSs58AddressInfo } from "polkadot-api";

import type { Order, Resources, Restriction } from "../chain/types.js";
import { InputError } from "../errors/errors.js";
import { fromHex } from "../util/hex.js";
import { checkBalance, checkBytes, checkExpiry, checkInteger, type Bounds } from "./bounds.js";

/** Checks an SS58 address. */
export function checkAddress(field: string, address: string): string {
  if (!getSs58AddressInfo(address).isValid) throw new InputError(field, `not an SS58 address: ${JSON.stringify(address)}`);
  return address;
}

function checkRestriction(field: string, restriction: Restriction): void {
  if (restriction.type === "Account") checkAddress(field, restriction.value);
  if (restriction.type === "Group") checkInteger(field, restriction.value);
}

function checkResources(field: string, resources: Resources): void {
  for (const key of ["cpu_cores", "memory_mib", "disk_mib", "gpu_memory_mib"] as const) {
    checkInteger(`${field}.${key}`, resources[key]);
  }
  checkInteger(`${field}.region`, resources.region, 0, 0xffff);
}

/**
 * Refuses an order that cannot be valid on the chain whose bounds are
 * `bounds` and best block `best`. Returns the order.
 */
export function checkOrder<O extends Order>(order: O, bounds: Bounds, best: number): O {
  const o = order.value;
  const field = (name: string) => `order.${name}`;
  checkInteger(field("volume"), o.volume, 1);
  fromHex(o.tag, 32, field("tag"));
  fromHex(o.salt, 32, field("salt"));
  checkExpiry(field("expires"), o.expires, best, bounds);
  switch (order.type) {
    case "App": {
      const v = order.value;
      checkInteger(field("app"), v.app);
      checkBalance(field("price"), v.price);
      checkRestriction(field("dataset_restrict"), v.dataset_restrict);
      checkRestriction(field("workerpool_restrict"), v.workerpool_restrict);
      checkRestriction(field("requester_restrict"), v.requester_restrict);
      break;
    }
    case "Dataset": {
      const v = order.value;
      checkInteger(field("dataset"), v.dataset);
      checkBalance(field("price"), v.price);
      checkRestriction(field("app_restrict"), v.app_restrict);
      checkRestriction(field("workerpool_restrict"), v.workerpool_restrict);
      checkRestriction(field("requester_restrict"), v.requester_restrict);
      break;
    }
    case "Workerpool": {
      const v = order.value;
      checkInteger(field("workerpool"), v.workerpool);
      checkBalance(field("price"), v.price);
      checkInteger(field("category"), v.category);
      checkInteger(field("trust"), v.trust);
      checkRestriction(field("app_restrict"), v.app_restrict);
      checkRestriction(field("dataset_restrict"), v.dataset_restrict);
      checkRestriction(field("requester_restrict"), v.requester_restrict);
      checkResources(field("capabilities"), v.capabilities);
      break;
    }
    case "Request": {
      const v = order.value;
      checkInteger(field("app"), v.app);
      if (v.dataset !== undefined) checkInteger(field("dataset"), v.dataset);
      if (v.workerpool !== undefined) checkInteger(field("workerpool"), v.workerpool);
      checkBalance(field("app_max_price"), v.app_max_price);
      checkBalance(field("dataset_max_price"), v.dataset_max_price);
      checkBalance(field("workerpool_max_price"), v.workerpool_max_price);
      checkInteger(field("category"), v.category);
      checkInteger(field("trust"), v.trust);
      checkAddress(field("requester"), v.requester);
      checkAddress(field("beneficiary"), v.beneficiary);
      checkBytes(field("params"), v.params, bounds.maxParamsLen, true);
      checkResources(field("requirements"), v.requirements);
      if (v.callback?.type === "Ethereum") fromHex(v.callback.value, 20, field("callback"));
      if (v.callback?.type === "Runtime") checkInteger(field("callback"), v.callback.value);
      const budget = (v.app_max_price + (v.dataset === undefined ? 0n : v.dataset_max_price) + v.workerpool_max_price) * BigInt(v.volume);
      checkBalance(field("max prices × volume"), budget);
      break;
    }
  }
  return order;
}
