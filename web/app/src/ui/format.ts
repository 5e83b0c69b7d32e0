/** Formatting chain values for people: amounts, ratios, addresses, bytes, resources, durations. */

import { UNIT } from "@ect/sdk";
import type { Resources, TaskRecord } from "@ect/sdk";

/** An amount in planck as ECT, at most 4 decimals shown: `1.5 ECT`. */
export function ect(planck: bigint | undefined): string {
  if (planck === undefined) return "—";
  const sign = planck < 0n ? "-" : "";
  const magnitude = planck < 0n ? -planck : planck;
  const whole = magnitude / UNIT;
  const fraction = (magnitude % UNIT).toString().padStart(12, "0").slice(0, 4).replace(/0+$/, "");
  const small = whole === 0n && fraction === "" && magnitude > 0n;
  return small ? `${sign}<0.0001 ECT` : `${sign}${whole.toLocaleString("en")}${fraction ? `.${fraction}` : ""} ECT`;
}

/** An amount in planck as a plain ECT number (for chart axes). */
export function ectNumber(planck: bigint): number {
  return Number(planck) / Number(UNIT);
}

/** A share in percent: `97.5%`, or `—` with nothing to divide. */
export function percent(part: number, whole: number): string {
  if (whole === 0) return "—";
  const value = (100 * part) / whole;
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/** A task record as `completed ✓ / failed ✗`. */
export function recordText(record: TaskRecord): string {
  return `${record.completed} ✓ / ${record.failed} ✗`;
}

/** The success ratio of a task record. */
export function successRatio(record: TaskRecord): string {
  return percent(record.completed, record.completed + record.failed);
}

/** An address shortened for tables: `5Grw…utQY`. */
export function short(address: string, keep = 4): string {
  return address.length <= 2 * keep + 1 ? address : `${address.slice(0, keep + (address.startsWith("0x") ? 2 : 0))}…${address.slice(-keep)}`;
}

const utf8 = new TextDecoder();

/** Bytes as text (names, URLs, descriptions are UTF-8 on chain). */
export function text(bytes: Uint8Array | string): string {
  return typeof bytes === "string" ? bytes : utf8.decode(bytes);
}

/** Machine resources as a short list; `any` when nothing is asked or promised. */
export function resources(r: Resources): string {
  const parts: string[] = [];
  if (r.cpu_cores) parts.push(`${r.cpu_cores} cores`);
  if (r.memory_mib) parts.push(`${r.memory_mib} MiB RAM`);
  if (r.disk_mib) parts.push(`${r.disk_mib} MiB disk`);
  if (r.gpu_memory_mib) parts.push(`${r.gpu_memory_mib} MiB GPU`);
  if (r.cpu_arch.type !== "Any") parts.push(r.cpu_arch.type);
  if (r.region) parts.push(`region ${r.region}`);
  return parts.length ? parts.join(", ") : "any";
}

/** A duration in milliseconds as `1h 02m`, `3m 20s` or `12s`; negative ones as `passed`. */
export function duration(ms: number): string {
  if (ms <= 0) return "passed";
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(sec).padStart(2, "0")}s`;
  return `${sec}s`;
}
