/**
 * Amounts: planck (the chain's unit, a bigint) and ECT (12 decimals), the
 * same notation as the `ect` CLI (`1500000000000` or `1.5ect`).
 */

import { InputError } from "../errors/errors.js";

/** ECT has 12 decimals: one ECT is 10^12 planck. */
export const DECIMALS = 12;
/** One ECT in planck. */
export const UNIT = 10n ** BigInt(DECIMALS);

/**
 * An amount in planck from a bigint, a whole number, or a string: planck
 * digits (`"1500000000000"`) or ECT with the `ect` suffix (`"1.5ect"`).
 */
export function parseAmount(amount: bigint | number | string, field = "amount"): bigint {
  if (typeof amount === "bigint") {
    if (amount < 0n) throw new InputError(field, "an amount cannot be negative");
    return amount;
  }
  if (typeof amount === "number") {
    if (!Number.isSafeInteger(amount) || amount < 0) {
      throw new InputError(field, `expected a whole number of planck, got ${amount}`);
    }
    return BigInt(amount);
  }
  const text = amount.trim().toLowerCase();
  const ect = /^(\d+)(?:\.(\d+))?\s*ect$/.exec(text);
  if (ect) {
    const whole = ect[1] ?? "0";
    const fraction = ect[2] ?? "";
    if (fraction.length > DECIMALS) {
      throw new InputError(field, `at most ${DECIMALS} decimals of ECT, got ${JSON.stringify(amount)}`);
    }
    return BigInt(whole) * UNIT + BigInt(fraction.padEnd(DECIMALS, "0"));
  }
  if (/^\d+$/.test(text)) return BigInt(text);
  throw new InputError(field, `expected planck digits or ECT such as "1.5ect", got ${JSON.stringify(amount)}`);
}

/** An amount in planck as ECT: `1.5 ECT`. */
export function formatAmount(planck: bigint): string {
  const sign = planck < 0n ? "-" : "";
  const magnitude = planck < 0n ? -planck : planck;
  const whole = magnitude / UNIT;
  const fraction = (magnitude % UNIT).toString().padStart(DECIMALS, "0").replace(/0+$/, "");
  return `${sign}${whole}${fraction ? `.${fraction}` : ""} ECT`;
}
