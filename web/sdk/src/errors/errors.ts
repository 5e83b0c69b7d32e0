/**
 * The errors the SDK throws. Each is an {@link EctError} with a stable
 * `code`, a message that names what went wrong, and, where there is one, a
 * `hint`: what to do about it.
 */

/** The base of every error the SDK throws. */
export class EctError extends Error {
  /** A stable machine-readable kind: `input`, `chain`, `transaction`, … */
  readonly code: string;
  /** What to do about it, when the SDK knows. */
  readonly hint: string | undefined;

  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super(hint ? `${message} (${hint})` : message, options);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }
}

/**
 * Bad input, caught before anything is sent: a value out of the chain's
 * bounds, a malformed hash or key, an order that cannot be valid.
 */
export class InputError extends EctError {
  /** The field at fault, e.g. `name` or `order.params`. */
  readonly field: string;

  constructor(field: string, message: string, hint?: string) {
    super("input", `${field}: ${message}`, hint);
    this.field = field;
  }
}

/**
 * An extrinsic that was included but failed: the runtime's error by name,
 * e.g. `Marketplace.BadSignature(Request)`.
 */
export class ChainError extends EctError {
  /** The pallet, e.g. `Marketplace` (or the dispatch error's kind, e.g. `Token`). */
  readonly pallet: string;
  /** The error's name within the pallet, e.g. `BadSignature`. */
  readonly error: string;
  /** The error's argument, if it has one, e.g. `Request` for an order kind. */
  readonly detail: string | undefined;
  /** The runtime's own documentation of the error, if known. */
  readonly docs: string | undefined;

  constructor(pallet: string, error: string, detail: string | undefined, docs: string | undefined, hint: string | undefined) {
    const name = `${pallet}.${error}${detail ? `(${detail})` : ""}`;
    super("chain", docs ? `${name}: ${docs}` : name, hint);
    this.pallet = pallet;
    this.error = error;
    this.detail = detail;
    this.docs = docs;
  }

  /** `Pallet.Error`, the key of the hints map. */
  get key(): string {
    return `${this.pallet}.${this.error}`;
  }
}

/**
 * A transaction the node refused before it reached a block (the pool's
 * validity check): its fee cannot be paid, its nonce is stale, its
 * signature is bad, …
 */
export class TransactionError extends EctError {
  /** The validity error's kind, e.g. `Invalid.Payment` or `Unknown.CannotLookup`. */
  readonly kind: string;

  constructor(kind: string, hint: string | undefined, options?: { cause?: unknown }) {
    super("transaction", `the node refused the transaction: ${kind}`, hint, options);
    this.kind = kind;
  }
}

/**
 * A transaction the runtime cannot decode: usually a value beyond a bound
 * the SDK did not check, or descriptors older than the runtime.
 */
export class UndecodableTransactionError extends EctError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      "undecodable",
      `the node cannot decode the transaction: ${detail}`,
      "a field is out of the runtime's bounds, or the SDK's descriptors are not this runtime's: regenerate them (scripts/descriptors.sh)",
      options,
    );
  }
}

/** Why a result is not the certified one, or cannot be read. */
export type ResultProblem =
  | "not-completed"
  | "bad-link"
  | "download"
  | "timeout"
  | "too-large"
  | "bundle-hash"
  | "malformed"
  | "digest"
  | "encrypted"
  | "wrong-key"
  | "corrupted";

/** A result that cannot be fetched, opened or verified. */
export class ResultError extends EctError {
  /** What is wrong. */
  readonly problem: ResultProblem;

  constructor(problem: ResultProblem, message: string, hint?: string, options?: { cause?: unknown }) {
    super("result", message, hint, options);
    this.problem = problem;
  }
}

/** A watched task failed (it was claimed after its final deadline). */
export class TaskFailedError extends EctError {
  constructor(task: string) {
    super("task-failed", `task ${task} failed: it was claimed after its final deadline`, "the requester was refunded");
  }
}

/** Something did not happen in time. */
export class TimeoutError extends EctError {
  constructor(message: string) {
    super("timeout", message);
  }
}
