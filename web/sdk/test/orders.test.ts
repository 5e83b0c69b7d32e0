import { sr25519 } from "@polkadot-labs/hdkd-helpers";
import { describe, expect, it } from "vitest";

import { keypairAccount } from "../src/keys/keypair.js";
import { localOrderHash, orderHashOfEncoded, encodeOrder } from "../src/orders/hash.js";
import {
  extensionOrderSigner,
  polkadotOrderSigner,
  rawOrderSigner,
  signOrderHash,
  signedMessage,
  toMultiSignature,
  wrapBytes,
  type SignRaw,
} from "../src/orders/sign.js";
import { dealId, taskId, taskIds } from "../src/tasks/ids.js";
import { fromHex, toHex, type Hex } from "../src/util/hex.js";
import vector from "./fixtures/order-hashes.json" with { type: "json" };
import { ORDERS } from "./fixtures/orders.js";

const alice = keypairAccount("//Alice");
const hash = vector.hashes.request as Hex;

/** Verifies a MultiSignature's sr25519 bytes over `message` by Alice. */
const verifies = (signature: { value: string }, message: Uint8Array) =>
  sr25519.verify(fromHex(signature.value), message, fromHex(alice.publicKey));

describe("order hashes", () => {
  it("match the chain's MarketplaceApi.order_hash for every kind", async () => {
    for (const [name, order] of Object.entries(ORDERS)) {
      expect(await localOrderHash(order, vector.genesis as Hex), name).toBe(vector.hashes[name as keyof typeof vector.hashes]);
    }
  });

  it("bind the genesis hash and every field", async () => {
    const order = ORDERS.app!;
    const other = `0x${"ab".repeat(32)}` as Hex;
    expect(await localOrderHash(order, other)).not.toBe(vector.hashes.app);
    const encoded = await encodeOrder(order);
    expect(encoded[0]).toBe(0); // the kind: App
    const changed = encoded.slice();
    changed[1] = (changed[1] ?? 0) ^ 1;
    expect(orderHashOfEncoded(changed, vector.genesis as Hex)).not.toBe(vector.hashes.app);
  });
});

describe("order signatures", () => {
  it("dev keys are the well-known ones", () => {
    expect(alice.address).toBe("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    expect(keypairAccount("//Ferdie").address).toBe("5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL");
    expect(keypairAccount("bottom drive obey lake curtain smoke basket hold race lonely fit walk//Alice").address).toBe(alice.address);
  });

  it("a raw keypair signs the 32-byte hash itself", async () => {
    const signature = await signOrderHash(hash, rawOrderSigner(alice.sign));
    expect(signature.type).toBe("Sr25519");
    expect(verifies(signature, fromHex(hash))).toBe(true);
    expect(verifies(signature, wrapBytes(fromHex(hash)))).toBe(false);
  });

  it("the wrapped form is the runtime's: 3c42797465733e (<Bytes>) ++ hash ++ 3c2f42797465733e (</Bytes>), 47 bytes", () => {
    const wrapped = signedMessage(hash, "bytes");
    expect(wrapped).toHaveLength(7 + 32 + 8);
    expect(toHex(wrapped)).toBe(`0x3c42797465733e${hash.slice(2)}3c2f42797465733e`);
    expect(signedMessage(hash, "none")).toEqual(fromHex(hash));
  });

  it("a PAPI signer's signBytes signs <Bytes>hash</Bytes>", async () => {
    const signature = await signOrderHash(hash, polkadotOrderSigner(alice.signer));
    expect(verifies(signature, wrapBytes(fromHex(hash)))).toBe(true);
    expect(verifies(signature, fromHex(hash))).toBe(false);
  });

  it("an extension's signRaw signs <Bytes>hash</Bytes>", async () => {
    // As polkadot-js extensions do: wrap the data unless it is wrapped already.
    const seen: string[] = [];
    const signRaw: SignRaw = async ({ address, data, type }) => {
      expect(address).toBe(alice.address);
      expect(type).toBe("bytes");
      seen.push(data);
      const bytes = fromHex(data);
      const text = new TextDecoder().decode(bytes);
      const wrapped = text.startsWith("<Bytes>") && text.endsWith("</Bytes>") ? bytes : wrapBytes(bytes);
      return { signature: toHex(alice.sign(wrapped)) };
    };
    const signature = await signOrderHash(hash, extensionOrderSigner(alice.address, signRaw));
    expect(verifies(signature, wrapBytes(fromHex(hash)))).toBe(true);
    expect(seen).toEqual([toHex(signedMessage(hash, "bytes"))]);
  });

  it("takes signatures with their MultiSignature index in front, and refuses wrong lengths", () => {
    const raw = new Uint8Array(64).fill(7);
    expect(toMultiSignature(Uint8Array.of(1, ...raw), "Sr25519").value).toBe(toHex(raw));
    expect(() => toMultiSignature(new Uint8Array(63), "Sr25519")).toThrow(/64 bytes/);
    expect(toMultiSignature(new Uint8Array(65), "Ecdsa").type).toBe("Ecdsa");
  });
});

describe("deal and task ids", () => {
  it("are blake2-256 of (hash, u32 little endian)", () => {
    const request = `0x${"11".repeat(32)}` as Hex;
    const deal = dealId(request, 0);
    expect(deal).toMatch(/^0x[0-9a-f]{64}$/);
    expect(dealId(request, 1)).not.toBe(deal);
    expect(taskIds(deal, 5, 3)).toEqual([taskId(deal, 5), taskId(deal, 6), taskId(deal, 7)]);
  });
});
