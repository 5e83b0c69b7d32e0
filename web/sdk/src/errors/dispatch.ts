/**
 * Turning what the chain answers into named errors: a failed extrinsic's
 * `DispatchError`, a transaction the pool refused, a transaction the
 * runtime could not even decode.
 */

import { ChainError, EctError, TransactionError, UndecodableTransactionError } from "./errors.js";
import { noDocs, type ErrorDocs } from "./docs.js";
import { hintFor } from "./hints.js";

/** An enum value as PAPI decodes it. */
interface EnumValue {
  type: string;
  value?: unknown;
}

function isEnum(value: unknown): value is EnumValue {
  return typeof value === "object" && value !== null && typeof (value as EnumValue).type === "string";
}

/** A nested enum's innermost argument as text: `Request` for `{type: "Request"}`. */
function detailOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (isEnum(value)) {
    const inner = detailOf(value.value);
    return inner ? `${value.type}(${inner})` : value.type;
  }
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "string") return String(value);
  return JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/**
 * The {@link ChainError} of a `DispatchError` (PAPI's decoded form): a
 * module error becomes `Pallet.Error` with its argument, its runtime docs
 * and its hint; other kinds become `Kind.Variant` (`Token.FundsUnavailable`).
 */
export function chainError(dispatchError: unknown, docs: ErrorDocs = noDocs): ChainError {
  if (!isEnum(dispatchError)) {
    return new ChainError("Dispatch", "Unknown", detailOf(dispatchError), undefined, undefined);
  }
  if (dispatchError.type === "Module" && isEnum(dispatchError.value) && isEnum(dispatchError.value.value)) {
    const pallet = dispatchError.value.type;
    const error = dispatchError.value.value.type;
    return new ChainError(pallet, error, detailOf(dispatchError.value.value.value), docs(pallet, error), hintFor(`${pallet}.${error}`));
  }
  if (isEnum(dispatchError.value)) {
    const kind = dispatchError.type;
    const variant = dispatchError.value.type;
    return new ChainError(kind, variant, detailOf(dispatchError.value.value), undefined, hintFor(`${kind}.${variant}`));
  }
  return new ChainError("Dispatch", dispatchError.type, detailOf(dispatchError.value), undefined, hintFor(dispatchError.type));
}

/**
 * The {@link TransactionError} of a `TransactionValidityError`
 * (`{type: "Invalid", value: {type: "Payment"}}`).
 */
export function transactionError(validity: unknown, cause?: unknown): TransactionError {
  if (isEnum(validity)) {
    const kind = isEnum(validity.value) ? `${validity.type}.${validity.value.type}` : validity.type;
    const extra = isEnum(validity.value) ? detailOf(validity.value.value) : undefined;
    return new TransactionError(extra ? `${kind}(${extra})` : kind, hintFor(kind), { cause });
  }
  return new TransactionError(detailOf(validity) ?? "unknown", undefined, { cause });
}

/** What the node says when the runtime cannot decode an extrinsic handed to it. */
const UNDECODABLE = [/could not decode/i, /bad input data provided/i, /failed to decode/i, /codec error/i];
/** A trap (panic) of the runtime while it validated a transaction: it panics when its input does not decode. */
const VALIDATION_TRAP = /trap[\s\S]*TaggedTransactionQueue_validate_transaction/i;

/**
 * Whether an error thrown while validating or submitting a transaction
 * means the runtime could not decode it: a decoding error, or a trap in
 * `TaggedTransactionQueue_validate_transaction` (where the runtime panics
 * on input it cannot decode), rather than a validity verdict.
 */
export function isUndecodable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return UNDECODABLE.some((pattern) => pattern.test(text)) || VALIDATION_TRAP.test(text);
}

/**
 * Any error thrown while a transaction was signed, validated, broadcast or
 * watched, as an {@link EctError}: PAPI's `InvalidTxError` becomes a
 * {@link TransactionError}, a decoding trap an
 * {@link UndecodableTransactionError}; SDK errors pass through.
 */
export function submissionError(error: unknown): EctError {
  if (error instanceof EctError) return error;
  if (error instanceof Error && error.name === "InvalidTxError" && "error" in error) {
    return transactionError((error as Error & { error: unknown }).error, error);
  }
  if (isUndecodable(error)) {
    // The first line, without the wasm backtrace that follows it.
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    return new UndecodableTransactionError(first.replace(/^Execution failed: /, "").slice(0, 200), { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EctError("submission", `the transaction could not be submitted: ${message}`, undefined, { cause: error });
}
