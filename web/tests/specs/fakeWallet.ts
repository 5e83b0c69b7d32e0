/**
 * A stand-in for a browser wallet: an object in `window.injectedWeb3` that
 * behaves as polkadot-js extensions do (`enable` → accounts and a signer
 * with `signPayload` and `signRaw`), its key held by the test process. It
 * lets the specs drive the app's extension path (PAPI's pjs-signer) with no
 * real extension: `signPayload` rebuilds the bytes a wallet signs from the
 * JSON payload, `signRaw` wraps raw bytes in `<Bytes>…</Bytes>` as wallets do.
 */

import type { Page } from "@playwright/test";

import { checksumOf, devAccount, fromHex, toHex } from "../../sdk/src/index.js";

/** The JSON payload a polkadot-js signer is given (the fields this runtime's extensions use). */
interface PayloadJson {
  method: string;
  signedExtensions: string[];
  era?: string;
  nonce?: string;
  tip?: string;
  mode?: number;
  specVersion?: string;
  transactionVersion?: string;
  genesisHash?: string;
  blockHash?: string;
  metadataHash?: string;
}

function compact(value: bigint): Uint8Array {
  if (value < 1n << 6n) return Uint8Array.of(Number(value) << 2);
  if (value < 1n << 14n) return Uint8Array.of(Number((value << 2n) & 0xffn) | 1, Number(value >> 6n));
  if (value < 1n << 30n) {
    const v = Number((value << 2n) | 2n);
    return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  }
  const bytes: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) bytes.push(Number(v & 0xffn));
  return Uint8Array.of(((bytes.length - 4) << 2) | 3, ...bytes);
}

function u32(hex: string | undefined): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, Number(hex ?? 0), true);
  return bytes;
}

/** The bytes a wallet signs for a transaction: call, extensions' extra, extensions' implicit data (hashed past 256 bytes). */
export function signingPayload(p: PayloadJson): Uint8Array {
  const extra: Uint8Array[] = [];
  const implicit: Uint8Array[] = [];
  for (const id of p.signedExtensions) {
    if (id === "CheckMortality") {
      extra.push(fromHex(p.era ?? "0x00"));
      implicit.push(fromHex(p.blockHash ?? "0x"));
    } else if (id === "CheckNonce") extra.push(compact(BigInt(p.nonce ?? 0)));
    else if (id === "ChargeTransactionPayment") extra.push(compact(BigInt(p.tip ?? 0)));
    else if (id === "CheckMetadataHash") {
      extra.push(Uint8Array.of(p.mode ?? 0));
      implicit.push(p.mode ? Uint8Array.of(1, ...fromHex(p.metadataHash ?? "0x")) : Uint8Array.of(0));
    } else if (id === "CheckSpecVersion") implicit.push(u32(p.specVersion));
    else if (id === "CheckTxVersion") implicit.push(u32(p.transactionVersion));
    else if (id === "CheckGenesis") implicit.push(fromHex(p.genesisHash ?? "0x"));
  }
  const parts = [fromHex(p.method), ...extra, ...implicit];
  const all = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((at, part) => (all.set(part, at), at + part.length), 0);
  return all.length > 256 ? fromHex(checksumOf(all)) : all;
}

const OPEN = new TextEncoder().encode("<Bytes>");
const CLOSE = new TextEncoder().encode("</Bytes>");

function wrapped(data: Uint8Array): Uint8Array {
  const starts = OPEN.every((b, i) => data[i] === b);
  return starts ? data : Uint8Array.of(...OPEN, ...data, ...CLOSE);
}

/** Installs a wallet named `name` holding the key of the dev path `uri`, shown as `label`; returns its address. */
export async function installFakeWallet(page: Page, name: string, uri: string, label: string): Promise<string> {
  const account = devAccount(uri);
  // sr25519 signatures with their MultiSignature type byte, as polkadot-js signers return them.
  const sign = (bytes: Uint8Array) => toHex(Uint8Array.of(1, ...account.sign(bytes)));
  await page.exposeFunction("__walletSignPayload", (payload: PayloadJson) => sign(signingPayload(payload)));
  await page.exposeFunction("__walletSignRaw", (data: string) => sign(wrapped(fromHex(data))));
  await page.addInitScript(
    ({ name, address, label }) => {
      const w = window as unknown as Record<string, unknown> & {
        __walletSignPayload(p: unknown): Promise<string>;
        __walletSignRaw(d: string): Promise<string>;
      };
      const accounts = [{ address, name: label, type: "sr25519" }];
      w.injectedWeb3 = {
        [name]: {
          version: "0.0.1",
          enable: async () => ({
            accounts: { get: async () => accounts, subscribe: (cb: (a: typeof accounts) => void) => (cb(accounts), () => undefined) },
            signer: {
              signPayload: async (payload: unknown) => ({ id: 1, signature: await w.__walletSignPayload(payload) }),
              signRaw: async ({ data }: { data: string }) => ({ id: 2, signature: await w.__walletSignRaw(data) }),
            },
          }),
        },
      };
    },
    { name, address: account.address, label },
  );
  return account.address;
}
