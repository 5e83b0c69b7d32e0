/**
 * The little SCALE the SDK reads and writes itself: compact lengths,
 * byte vectors and UTF-8 strings (a result bundle is
 * `(Vec<u8>, Vec<(String, Vec<u8>)>)`).
 */

/** Reads SCALE values from bytes, front to back. */
export class ScaleReader {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Whether every byte was read. */
  get done(): boolean {
    return this.at === this.bytes.length;
  }

  private take(count: number): Uint8Array {
    if (count < 0 || this.at + count > this.bytes.length) throw new RangeError("SCALE: unexpected end of input");
    const out = this.bytes.subarray(this.at, this.at + count);
    this.at += count;
    return out;
  }

  /** A compact-encoded integer (lengths: at most 2^53 - 1). */
  compact(): number {
    const first = this.take(1)[0] ?? 0;
    switch (first & 3) {
      case 0:
        return first >>> 2;
      case 1:
        return ((first | ((this.take(1)[0] ?? 0) << 8)) >>> 2) & 0x3fff;
      case 2: {
        const rest = this.take(3);
        return (first | ((rest[0] ?? 0) << 8) | ((rest[1] ?? 0) << 16) | ((rest[2] ?? 0) << 24)) >>> 2;
      }
      default: {
        const length = (first >>> 2) + 4;
        const bytes = this.take(length);
        let value = 0n;
        for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
        if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("SCALE: length too large");
        return Number(value);
      }
    }
  }

  /** A `Vec<u8>`. */
  byteVec(): Uint8Array {
    return this.take(this.compact());
  }

  /** A `String` (valid UTF-8 only, as Rust requires). */
  string(): string {
    return new TextDecoder("utf-8", { fatal: true }).decode(this.byteVec());
  }
}

/** The compact encoding of a length. */
export function encodeCompact(value: number): Uint8Array {
  if (value < 1 << 6) return Uint8Array.of(value << 2);
  if (value < 1 << 14) return Uint8Array.of(((value << 2) | 1) & 0xff, value >>> 6);
  if (value < 1 << 30) {
    const v = (value << 2) | 2;
    return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  }
  const bytes: number[] = [];
  for (let v = BigInt(value); v > 0n; v >>= 8n) bytes.push(Number(v & 0xffn));
  return Uint8Array.of(((bytes.length - 4) << 2) | 3, ...bytes);
}
