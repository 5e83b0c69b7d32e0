import { readFileSync } from "node:fs";

import { sr25519 } from "@polkadot-labs/hdkd-helpers";
import { merkleizeMetadata } from "@polkadot-api/merkleize-metadata";
import { Blake2256, compact, decAnyMetadata, u32, unifyMetadata } from "@polkadot-api/substrate-bindings";
import type { PolkadotSigner } from "polkadot-api";
import { describe, expect, it } from "vitest";

import type { EctChain } from "../src/chain/connect.js";
import { EctError } from "../src/errors/errors.js";
import { devAccount } from "../src/keys/keypair.js";
import { CHECK_METADATA_HASH, chainToken, metadataHash, metadataHashExtension, withCheckMetadataHash } from "../src/keys/metadata-hash.js";
import { concatBytes, fromHex, toHex } from "../src/util/hex.js";

/** The runtime's metadata the descriptors come from. */
const metadata = new Uint8Array(readFileSync(new URL("../.papi/metadata/ect.scale", import.meta.url)));
const ECT = { tokenSymbol: "ECT", decimals: 12 };
/** The extensions' identifiers, in the runtime's order (the order of the signed payload). */
const identifiers = unifyMetadata(decAnyMetadata(metadata)).extrinsic.signedExtensions[0]!.map((e) => e.identifier);

const genesis = fromHex(`0x${"ab".repeat(32)}`);
/** The extensions as PAPI hands them to a signer: an immortal transaction, nonce 7, no tip, CheckMetadataHash disabled. */
function papiExtensions(): Record<string, { identifier: string; value: Uint8Array; additionalSigned: Uint8Array }> {
  const none = new Uint8Array();
  const bytes: Record<string, [Uint8Array, Uint8Array]> = {
    CheckSpecVersion: [none, u32.enc(114)],
    CheckTxVersion: [none, u32.enc(2)],
    CheckGenesis: [none, genesis],
    CheckMortality: [Uint8Array.of(0), genesis],
    CheckNonce: [compact.enc(7), none],
    ChargeTransactionPayment: [compact.enc(0), none],
    [CHECK_METADATA_HASH]: [Uint8Array.of(0), Uint8Array.of(0)],
  };
  return Object.fromEntries(
    identifiers.map((identifier) => {
      const [value, additionalSigned] = bytes[identifier] ?? [none, none];
      return [identifier, { identifier, value, additionalSigned }];
    }),
  );
}

/** A signer that records what it is asked to sign. */
function recorder() {
  const seen: Array<Parameters<PolkadotSigner["signTx"]>[1]> = [];
  const signer: PolkadotSigner = {
    publicKey: new Uint8Array(32),
    signBytes: async () => new Uint8Array(64),
    signTx: async (_call, extensions) => {
      seen.push(extensions);
      return new Uint8Array();
    },
  };
  return { signer, seen };
}

describe("the CheckMetadataHash signer", () => {
  const digest = merkleizeMetadata(metadata, ECT).digest();

  it("computes the hash of the metadata with the token, as merkleize-metadata does", () => {
    expect(metadataHash(metadata, ECT)).toEqual(digest);
    expect(metadataHash(metadata, { tokenSymbol: "ECT", decimals: 10 })).not.toEqual(digest);
  });

  it("enables the extension: mode byte 1 sent, Some(hash) signed; every other extension as given", async () => {
    const { signer, seen } = recorder();
    const given = papiExtensions();
    await withCheckMetadataHash(signer, ECT).signTx(Uint8Array.of(0, 7), given, metadata, 1);
    const signed = seen[0]!;
    expect(signed[CHECK_METADATA_HASH]).toEqual({
      identifier: CHECK_METADATA_HASH,
      value: Uint8Array.of(1),
      additionalSigned: concatBytes(Uint8Array.of(1), digest),
    });
    for (const identifier of identifiers.filter((id) => id !== CHECK_METADATA_HASH)) expect(signed[identifier]).toEqual(given[identifier]);
    expect(metadataHashExtension(digest)).toEqual({ value: Uint8Array.of(1), additionalSigned: concatBytes(Uint8Array.of(1), digest) });
  });

  it("signs call ++ explicit bytes ++ implicit bytes, hashed past 256 bytes, and sends the mode byte in the extrinsic", async () => {
    const alice = devAccount("//Alice");
    const call = Uint8Array.of(0, 7, 12, 1, 2, 3); // System.remark_with_event(0x010203)
    const extrinsic = await withCheckMetadataHash(alice.signer, ECT).signTx(call, papiExtensions(), metadata, 1);
    const withModeOne = papiExtensions();
    withModeOne[CHECK_METADATA_HASH] = { identifier: CHECK_METADATA_HASH, ...metadataHashExtension(digest) };
    const explicit = concatBytes(...identifiers.map((id) => withModeOne[id]!.value));
    const implicit = concatBytes(...identifiers.map((id) => withModeOne[id]!.additionalSigned));
    // A v4 signed extrinsic: compact length, 0x84, MultiAddress::Id, MultiSignature::Sr25519, explicit bytes, call.
    const body = concatBytes(Uint8Array.of(0x84, 0), fromHex(alice.publicKey), Uint8Array.of(1), new Uint8Array(64), explicit, call);
    const prefix = compact.enc(body.length);
    expect(extrinsic.length).toBe(prefix.length + body.length);
    expect(extrinsic.slice(prefix.length + 35 + 64)).toEqual(concatBytes(explicit, call));
    const modeAt = identifiers.slice(0, identifiers.indexOf(CHECK_METADATA_HASH)).reduce((at, id) => at + withModeOne[id]!.value.length, 0);
    expect(explicit[modeAt]).toBe(1);
    const signature = extrinsic.slice(prefix.length + 35, prefix.length + 35 + 64);
    const payload = concatBytes(call, explicit, implicit);
    expect(payload.length).toBeLessThanOrEqual(256);
    expect(sr25519.verify(signature, payload, fromHex(alice.publicKey))).toBe(true);
    // The same payload with the extension disabled (0x00, None) is not what was signed.
    const disabled = papiExtensions();
    const payloadDisabled = concatBytes(call, ...identifiers.map((id) => disabled[id]!.value), ...identifiers.map((id) => disabled[id]!.additionalSigned));
    expect(sr25519.verify(signature, payloadDisabled, fromHex(alice.publicKey))).toBe(false);

    const longCall = concatBytes(Uint8Array.of(0, 7), compact.enc(300), new Uint8Array(300));
    const long = await withCheckMetadataHash(alice.signer, ECT).signTx(longCall, papiExtensions(), metadata, 1);
    const longPrefix = long.length - Number(compact.dec(long));
    const longSignature = long.slice(longPrefix + 35, longPrefix + 35 + 64);
    expect(sr25519.verify(longSignature, Blake2256(concatBytes(longCall, explicit, implicit)), fromHex(alice.publicKey))).toBe(true);
  });

  it("signs a hash it is given instead (a wrong one makes the chain refuse the signature)", async () => {
    const { signer, seen } = recorder();
    const wrong = new Uint8Array(32).fill(0xee);
    await withCheckMetadataHash(signer, ECT, { metadataHash: wrong }).signTx(Uint8Array.of(0, 7), papiExtensions(), metadata, 1);
    expect(toHex(seen[0]![CHECK_METADATA_HASH]!.additionalSigned)).toBe(`0x01${"ee".repeat(32)}`);
    expect(() => withCheckMetadataHash(signer, ECT, { metadataHash: new Uint8Array(31) })).toThrow(/32 bytes/);
  });

  it("refuses a runtime without the extension, and signs raw bytes unchanged", async () => {
    const { signer } = recorder();
    const wrapped = withCheckMetadataHash(signer, ECT);
    const { [CHECK_METADATA_HASH]: _, ...without } = papiExtensions();
    await expect(wrapped.signTx(Uint8Array.of(0, 7), without, metadata, 1)).rejects.toThrow(EctError);
    expect(await wrapped.signBytes(Uint8Array.of(1))).toEqual(new Uint8Array(64));
    expect(wrapped.publicKey).toBe(signer.publicKey);
  });
});

describe("the chain's token", () => {
  const chainWith = (properties: unknown) => ({ client: { getChainSpecData: async () => ({ properties }) } }) as unknown as EctChain;

  it("comes from the chain's properties (the first of a list)", async () => {
    expect(await chainToken(chainWith({ ss58Format: 42, tokenDecimals: 12, tokenSymbol: "ECT" }))).toEqual(ECT);
    expect(await chainToken(chainWith({ tokenDecimals: [12, 10], tokenSymbol: ["ECT", "DOT"] }))).toEqual(ECT);
  });

  it("is refused by name when the properties have none", async () => {
    await expect(chainToken(chainWith({ ss58Format: 42 }))).rejects.toThrow(/token symbol and decimals/);
  });
});
