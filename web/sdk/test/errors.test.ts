import { readFileSync } from "node:fs";

import { decAnyMetadata, unifyMetadata } from "@polkadot-api/substrate-bindings";
import { describe, expect, it } from "vitest";

import { errorDocs } from "../src/errors/docs.js";
import { chainError, isUndecodable, submissionError, transactionError } from "../src/errors/dispatch.js";
import { ChainError, InputError, TransactionError, UndecodableTransactionError } from "../src/errors/errors.js";
import { HINTS } from "../src/errors/hints.js";

const metadata = new Uint8Array(readFileSync(new URL("../.papi/metadata/ect.scale", import.meta.url)));
const docs = errorDocs(metadata);

/** Every `Pallet.Error` of the runtime. */
function runtimeErrors(): Set<string> {
  const unified = unifyMetadata(decAnyMetadata(metadata));
  const types = new Map(unified.lookup.map((entry) => [entry.id, entry]));
  const names = new Set<string>();
  for (const pallet of unified.pallets) {
    const errors = pallet.errors && types.get(pallet.errors.type);
    if (errors?.def.tag === "variant") for (const v of errors.def.value) names.add(`${pallet.name}.${v.name}`);
  }
  return names;
}

describe("errors from the chain", () => {
  it("names a module error with its argument, its docs and its hint", () => {
    const error = chainError(
      { type: "Module", value: { type: "Marketplace", value: { type: "BadSignature", value: { type: "Request", value: undefined } } } },
      docs,
    );
    expect(error).toBeInstanceOf(ChainError);
    expect(error.key).toBe("Marketplace.BadSignature");
    expect(error.detail).toBe("Request");
    expect(error.docs).toMatch(/signature does not verify/);
    expect(error.hint).toMatch(/sign it again/);
    expect(error.message).toMatch(/^Marketplace\.BadSignature\(Request\): /);
  });

  it("falls back to the runtime's docs for an error without a hint", () => {
    const error = chainError({ type: "Module", value: { type: "Poco", value: { type: "BadSeal", value: undefined } } }, docs);
    expect(error.hint).toBeUndefined();
    expect(error.message).toMatch(/^Poco\.BadSeal: .*seal/);
  });

  it("names dispatch errors that are not a pallet's", () => {
    const token = chainError({ type: "Token", value: { type: "FundsUnavailable", value: undefined } });
    expect(token.key).toBe("Token.FundsUnavailable");
    expect(token.hint).toMatch(/fund it/);
    expect(chainError({ type: "BadOrigin", value: undefined }).hint).toMatch(/origin/);
  });

  it("names transactions the pool refused", () => {
    const error = transactionError({ type: "Invalid", value: { type: "Payment", value: undefined } });
    expect(error).toBeInstanceOf(TransactionError);
    expect(error.kind).toBe("Invalid.Payment");
    expect(error.hint).toMatch(/fee/);
    const invalidTx = Object.assign(new Error("{}"), { name: "InvalidTxError", error: { type: "Invalid", value: { type: "Stale" } } });
    expect(submissionError(invalidTx)).toMatchObject({ kind: "Invalid.Stale" });
  });

  it("turns the runtime's trap on an undecodable transaction into a named error", () => {
    // What a node answers when validate_transaction cannot decode the extrinsic.
    const trap = new Error(
      "Execution failed: Execution aborted due to trap: wasm trap: wasm `unreachable` instruction executed\nWASM backtrace:\n" +
        "    0: 0x216b3e - ect_runtime.wasm!rust_begin_unwind\n    2:  0x9fe72 - ect_runtime.wasm!TaggedTransactionQueue_validate_transaction",
    );
    expect(isUndecodable(trap)).toBe(true);
    const error = submissionError(trap);
    expect(error).toBeInstanceOf(UndecodableTransactionError);
    expect(error.message).not.toMatch(/backtrace/);
    expect(error.message).toMatch(/cannot decode the transaction/);
    expect(isUndecodable(new Error("Bad input data provided to validate_transaction: Could not decode"))).toBe(true);
    expect(isUndecodable(new Error("connection closed"))).toBe(false);
  });

  it("passes the SDK's own errors through", () => {
    const input = new InputError("name", "too long");
    expect(submissionError(input)).toBe(input);
  });
});

describe("the hints map", () => {
  it("names only errors the runtime has", () => {
    const known = runtimeErrors();
    const pallets = new Set([...known].map((name) => name.split(".")[0]));
    for (const key of Object.keys(HINTS)) {
      const pallet = key.split(".")[0] ?? "";
      if (pallets.has(pallet)) expect(known, key).toContain(key);
    }
  });

  it("covers the common errors of the market pallets", () => {
    for (const key of [
      "Balances.InsufficientBalance",
      "Registry.NotOwner",
      "Registry.InsufficientDeposit",
      "Escrow.InsufficientFreeBalance",
      "Marketplace.BadSignature",
      "Marketplace.RequesterCannotPay",
      "Marketplace.OrderExpired",
      "Marketplace.ExpiryTooFar",
      "Poco.FinalDeadlineNotReached",
      "Poco.TaskFinished",
    ]) {
      expect(HINTS[key], key).toBeTruthy();
    }
  });
});
