/** Amounts typed by people: ECT with up to 12 decimals (`1.5`), and back. */

import { InputError, UNIT, parseAmount } from "@ect/sdk";

/** Planck from what was typed: `1.5`, `1.5 ECT` or `1.5ect`. */
export function parseEct(typed: string, field: string): bigint {
  const value = typed.trim().toLowerCase().replace(/\s*ect$/, "");
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InputError(field, `expected an amount of ECT such as 1.5, got ${JSON.stringify(typed)}`);
  return parseAmount(`${value}ect`, field);
}

/** Planck as the plain ECT number a field shows: `1.5`. */
export function ectField(planck: bigint): string {
  const whole = planck / UNIT;
  const fraction = (planck % UNIT).toString().padStart(12, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
