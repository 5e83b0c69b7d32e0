//! Talking to a result store: a worker's signed upload, the scheduler's
//! look at a task's uploads, anyone's download of a bundle.

use ect_client::Signer;
use ect_runner::http::{self, HttpError};
use hyper::Method;
use polkadot_sdk::{
	sp_core::{crypto::Ss58Codec, H256},
	sp_runtime::MultiSignature,
};

use super::{bundle_url, error::Refusal, task_url, upload_message, Upload, MAX_BUNDLE_BYTES};
use crate::pool::to_hex;

/// Why a store request failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreClientError {
	/// No answer from the store.
	#[error("the store at {url} is unreachable: {error}")]
	Unreachable {
		/// The request's URL.
		url: String,
		/// Why.
		error: HttpError,
	},
	/// The store refused the request.
	#[error("the store refused ({status}, {code}): {message}")]
	Refused {
		/// The HTTP status.
		status: u16,
		/// The store's error code (`not_authorised`, …).
		code: String,
		/// Its explanation.
		message: String,
	},
	/// The store's answer is not what the protocol says.
	#[error("the store's answer is malformed: {0}")]
	Malformed(String),
}

impl StoreClientError {
	/// The store's error code, if it refused.
	pub fn code(&self) -> Option<&str> {
		match self {
			Self::Refused { code, .. } => Some(code),
			_ => None,
		}
	}
}

async fn send(method: Method, url: String, headers: &[(&str, String)], body: Vec<u8>) -> Result<Vec<u8>, StoreClientError> {
	let response = http::request(method, &url, headers, body, MAX_BUNDLE_BYTES)
		.await
		.map_err(|error| StoreClientError::Unreachable { url: url.clone(), error })?;
	if response.status.is_success() {
		return Ok(response.body);
	}
	let refusal: Refusal = serde_json::from_slice(&response.body)
		.unwrap_or(Refusal { error: "http".into(), message: String::from_utf8_lossy(&response.body).into_owned() });
	Err(StoreClientError::Refused { status: response.status.as_u16(), code: refusal.error, message: refusal.message })
}

/// Uploads `bundle` as `signer`'s result of `task` on chain `genesis` to the
/// store at `base`; returns the bundle's hash.
pub async fn upload(base: &str, genesis: &H256, task: &H256, signer: &Signer, bundle: Vec<u8>) -> Result<H256, StoreClientError> {
	let hash = H256(ect_runner::blake2_256(&bundle));
	let signature = MultiSignature::Sr25519(signer.sign_bytes(&upload_message(genesis, task, &hash)));
	let headers = [
		("x-ect-worker", signer.account().to_ss58check()),
		("x-ect-bundle", format!("{hash:?}")),
		("x-ect-signature", to_hex(&signature)),
		("content-type", "application/octet-stream".to_string()),
	];
	send(Method::PUT, task_url(base, task), &headers, bundle).await?;
	Ok(hash)
}

/// The uploads of `task` in the store at `base`.
pub async fn uploads(base: &str, task: &H256) -> Result<Vec<Upload>, StoreClientError> {
	let body = send(Method::GET, task_url(base, task), &[], Vec::new()).await?;
	serde_json::from_slice(&body).map_err(|e| StoreClientError::Malformed(e.to_string()))
}

/// The bundle `hash` from the store at `base`, checked against its hash.
pub async fn bundle(base: &str, hash: &H256) -> Result<Vec<u8>, StoreClientError> {
	let body = send(Method::GET, bundle_url(base, hash), &[], Vec::new()).await?;
	if H256(ect_runner::blake2_256(&body)) != *hash {
		return Err(StoreClientError::Malformed(format!("the bytes served as {hash:?} do not hash to it")));
	}
	Ok(body)
}
