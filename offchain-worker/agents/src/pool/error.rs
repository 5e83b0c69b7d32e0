//! Why the pool service refuses a call.

use jsonrpsee::types::ErrorObjectOwned;

/// A refusal of the pool service; each has its own JSON-RPC error code
/// ([`PoolError::code`]), so a worker can tell them apart.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
	/// The parameters do not parse.
	#[error("invalid params: {0}")]
	InvalidParams(String),
	/// The call needs a joined connection.
	#[error("join first: this connection has not joined the pool")]
	NotJoined,
	/// The challenge was not issued here, expired or was used already.
	#[error("unknown, expired or used challenge")]
	BadChallenge,
	/// The join signature is not the worker's over the join message.
	#[error("the join signature is not the worker's")]
	BadSignature,
	/// A private pool whose allow-list does not name the worker.
	#[error("this pool is private and does not admit this worker")]
	NotAllowed,
	/// Too many calls on this connection.
	#[error("too many calls; slow down")]
	RateLimited,
	/// Too many outstanding challenges.
	#[error("the pool service is busy; retry later")]
	Busy,
}

impl PoolError {
	/// Its JSON-RPC error code.
	pub fn code(&self) -> i32 {
		match self {
			Self::InvalidParams(_) => -32602,
			Self::NotJoined => -32001,
			Self::BadChallenge => -32002,
			Self::BadSignature => -32003,
			Self::NotAllowed => -32004,
			Self::RateLimited => -32005,
			Self::Busy => -32006,
		}
	}

	/// Its name, as a metric label (`not_joined`, …).
	pub fn name(&self) -> &'static str {
		match self {
			Self::InvalidParams(_) => "invalid_params",
			Self::NotJoined => "not_joined",
			Self::BadChallenge => "bad_challenge",
			Self::BadSignature => "bad_signature",
			Self::NotAllowed => "not_allowed",
			Self::RateLimited => "rate_limited",
			Self::Busy => "busy",
		}
	}

	/// The refusal of a JSON-RPC error, if it is one of the service's.
	pub fn from_code(code: i32) -> Option<Self> {
		[Self::NotJoined, Self::BadChallenge, Self::BadSignature, Self::NotAllowed, Self::RateLimited, Self::Busy]
			.into_iter()
			.find(|e| e.code() == code)
	}
}

impl From<PoolError> for ErrorObjectOwned {
	fn from(error: PoolError) -> Self {
		ErrorObjectOwned::owned(error.code(), error.to_string(), None::<()>)
	}
}
