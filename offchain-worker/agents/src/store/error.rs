//! Why a store refuses a request.

use serde::{Deserialize, Serialize};

/// A refusal, with its HTTP status ([`StoreError::status`]) and a stable
/// code ([`StoreError::code`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
	/// The request is malformed (path, headers, hash).
	#[error("bad request: {0}")]
	BadRequest(String),
	/// The signature is not the named worker's over the upload message.
	#[error("the signature is not the worker's")]
	BadSignature,
	/// The worker has no contribution to the task on chain.
	#[error("the worker is not authorised for this task")]
	NotAuthorised,
	/// No such bundle or task.
	#[error("not found")]
	NotFound,
	/// The worker already uploaded another bundle for the task.
	#[error("the worker already uploaded another bundle for this task")]
	AlreadyUploaded,
	/// The body is larger than the store takes.
	#[error("the bundle is larger than {0} bytes")]
	TooLarge(u64),
	/// The body does not hash to the declared bundle hash.
	#[error("the body does not hash to x-ect-bundle")]
	HashMismatch,
	/// Too many requests at once.
	#[error("the store is busy; retry later")]
	Busy,
	/// The store cannot read the chain to check the upload.
	#[error("the store cannot reach its node: {0}")]
	ChainUnavailable(String),
	/// The store failed to write or read its disk.
	#[error("the store failed: {0}")]
	Internal(String),
}

impl StoreError {
	/// The HTTP status it is answered with.
	pub fn status(&self) -> u16 {
		match self {
			Self::BadRequest(_) | Self::HashMismatch => 400,
			Self::BadSignature => 401,
			Self::NotAuthorised => 403,
			Self::NotFound => 404,
			Self::AlreadyUploaded => 409,
			Self::TooLarge(_) => 413,
			Self::Busy | Self::ChainUnavailable(_) => 503,
			Self::Internal(_) => 500,
		}
	}

	/// Its stable machine-readable code.
	pub fn code(&self) -> &'static str {
		match self {
			Self::BadRequest(_) => "bad_request",
			Self::BadSignature => "bad_signature",
			Self::NotAuthorised => "not_authorised",
			Self::NotFound => "not_found",
			Self::AlreadyUploaded => "already_uploaded",
			Self::TooLarge(_) => "too_large",
			Self::HashMismatch => "hash_mismatch",
			Self::Busy => "busy",
			Self::ChainUnavailable(_) => "chain_unavailable",
			Self::Internal(_) => "internal",
		}
	}

	/// The JSON body of the refusal.
	pub fn body(&self) -> Vec<u8> {
		serde_json::to_vec(&Refusal { error: self.code().to_string(), message: self.to_string() }).unwrap_or_default()
	}
}

/// A refusal as it travels: `{"error": code, "message": text}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
	/// [`StoreError::code`].
	pub error: String,
	/// The human-readable reason.
	pub message: String,
}
