//! Errors of the client library.

/// What can go wrong talking to a node.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The node answered with a JSON-RPC error, or the connection failed.
	#[error("rpc: {0}")]
	Rpc(#[from] jsonrpsee::core::ClientError),
	/// The node answered, but not in the expected shape.
	#[error("unexpected answer to {method}: {detail}")]
	BadResponse {
		/// The JSON-RPC method that was called.
		method: &'static str,
		/// What was wrong with the answer.
		detail: String,
	},
	/// SCALE bytes from the node did not decode as the runtime's type.
	#[error("cannot decode {what}: {source}")]
	Decode {
		/// What was being decoded.
		what: &'static str,
		/// The codec's error.
		source: codec::Error,
	},
	/// The transaction pool dropped or refused a watched transaction.
	#[error("transaction {stage}: {detail}")]
	Transaction {
		/// The last status the pool reported (`invalid`, `dropped`, ...).
		stage: String,
		/// The pool's explanation, if any.
		detail: String,
	},
	/// The transaction was included but its call failed on chain.
	#[error("{0}")]
	Dispatch(crate::dispatch::DispatchFailure),
	/// The chain was upgraded to a runtime whose transactions this build
	/// cannot encode (another `transaction_version`): update and restart.
	#[error(
		"the chain's runtime changed its transaction format (transaction_version {built_for} -> {running}): \
		 this build cannot sign for it; update it and restart"
	)]
	IncompatibleRuntime {
		/// The `transaction_version` this build's transactions were signed for.
		built_for: u32,
		/// The `transaction_version` the chain runs now.
		running: u32,
	},
}

/// A result of the client library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Hex-decodes a `0x`-prefixed string from the node.
pub(crate) fn from_hex(method: &'static str, text: &str) -> Result<Vec<u8>> {
	hex::decode(text.trim_start_matches("0x"))
		.map_err(|e| Error::BadResponse { method, detail: format!("not hex: {e}") })
}
