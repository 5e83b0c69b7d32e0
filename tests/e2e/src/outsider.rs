//! An outsider who abuses a running pool: the calls an attacker makes to its
//! pool service and its result store while one of its tasks is open, each
//! with the refusal it got back.
//!
//! The outsider holds a chain key of its own (`//Mallory`), not known to the
//! pool, and knows what anyone knows: the pool's addresses, the chain's
//! genesis, an open task and the address of one of the pool's workers.

use anyhow::{anyhow, Result};
use ect_agents::{
	pool::{
		client::{PoolClient, PoolClientError},
		join_message,
		server::MAX_CALLS_PER_WINDOW,
		to_hex, Capabilities, PoolError,
	},
	store::{
		client::{upload, StoreClientError},
		MAX_BUNDLE_BYTES,
	},
};
use ect_client::{runtime::AccountId, Signer};
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClientBuilder};
use polkadot_sdk::{
	sp_core::{crypto::Ss58Codec, H256},
	sp_runtime::MultiSignature,
};

/// What an attempt got when the store closed the connection before the
/// sender read its answer.
pub const CUT_OFF: &str = "cut_off";

/// The outsider's own key.
pub const OUTSIDER: &str = "//Mallory";
/// The result the outsider tries to pass off as a task's.
pub const FORGED: &[u8] = b"a forged result";
/// How many uploads the outsider's flood sends at once, each under a key
/// of its own (`//Mallory//<i>`).
pub const FLOOD: usize = 50;

/// The pool under attack.
pub struct Target {
	/// Its pool service (`ws://…`).
	pub pool_url: String,
	/// Its result store (`http://…`).
	pub store_url: String,
	/// The chain's genesis hash.
	pub genesis: H256,
	/// The workerpool id.
	pub pool: u32,
	/// An open task of the pool.
	pub task: H256,
	/// One of the pool's workers, whose name the outsider takes.
	pub worker: AccountId,
}

/// What the outsider tried, in order, and the refusal code each got
/// (`accepted` if it was not refused; for a flood, the distinct codes
/// joined by `|`).
pub type Attempts = Vec<(&'static str, String)>;

/// Makes every attempt against `target`.
pub async fn abuse(target: &Target) -> Result<Attempts> {
	let outsider = key(OUTSIDER)?;
	let (genesis, pool) = (target.genesis, target.pool);
	let mut attempts = Attempts::new();

	// The pool service, over a raw connection that has not joined.
	let raw = WsClientBuilder::default().build(&target.pool_url).await?;
	let asked = raw.request::<serde_json::Value, _>("pool_assignments", rpc_params![]).await;
	attempts.push(("assignments without a join", pool_code(asked.map(drop))));

	let challenge: String = raw.request("pool_challenge", rpc_params![]).await?;
	let bytes: [u8; 32] = hex::decode(challenge.trim_start_matches("0x"))?
		.try_into()
		.map_err(|_| anyhow!("the challenge {challenge} is not 32 bytes"))?;
	let capabilities = Capabilities::default();
	let message = join_message(&genesis, pool, &target.worker, &bytes, &capabilities);
	let forged = to_hex(&MultiSignature::Sr25519(outsider.sign_bytes(&message)));
	let joined = raw
		.request::<serde_json::Value, _>(
			"pool_join",
			rpc_params![target.worker.to_ss58check(), challenge, forged, &capabilities],
		)
		.await;
	attempts.push(("a join in a worker's name signed by another key", pool_code(joined.map(drop))));

	// Joined under its own key (the pool is public), it is given no work,
	// and a flood of calls is cut off.
	let client = PoolClient::join(&target.pool_url, &genesis, pool, &outsider, &capabilities).await?;
	let work = client.assignments().await?;
	attempts.push(("assignments of a joined outsider", if work.is_empty() { "none".into() } else { format!("{work:?}") }));
	let mut flood = "accepted".to_string();
	for _ in 0..MAX_CALLS_PER_WINDOW.saturating_mul(2) {
		if let Err(error) = client.assignments().await {
			flood = match error {
				PoolClientError::Refused(refusal) => refusal.name().to_string(),
				other => format!("{other}"),
			};
			break;
		}
	}
	attempts.push(("a flood of calls on one connection", flood));

	// The result store.
	let forged_result = upload(&target.store_url, &genesis, &target.task, &outsider, FORGED.to_vec()).await;
	attempts.push(("an upload for a task it is not authorised for", store_code(forged_result)));
	// The store refuses it from its length and closes the connection: the
	// refusal or the cut may reach the sender first, depending on how much
	// of the body it had sent.
	let oversized = vec![0u8; usize::try_from(MAX_BUNDLE_BYTES)?.saturating_add(1)];
	let sent = upload(&target.store_url, &genesis, &target.task, &outsider, oversized).await;
	let code = match sent {
		Err(StoreClientError::Unreachable { .. }) => CUT_OFF.to_string(),
		other => store_code(other),
	};
	attempts.push(("an oversized upload", code));
	let uploads = (0..FLOOD).map(|i| async move {
		let signer = key(&format!("{OUTSIDER}//{i}"))?;
		Ok::<_, anyhow::Error>(upload(&target.store_url, &genesis, &target.task, &signer, vec![i as u8; 1024]).await)
	});
	let mut codes: Vec<String> = Vec::new();
	for result in futures::future::join_all(uploads).await {
		codes.push(store_code(result?));
	}
	codes.sort();
	codes.dedup();
	attempts.push(("a flood of uploads", codes.join("|")));
	Ok(attempts)
}

/// The key of the secret URI `uri`.
fn key(uri: &str) -> Result<Signer> {
	Signer::from_uri(uri).map_err(|e| anyhow!("{uri}: {e}"))
}

/// The pool service's refusal code of a call's result.
fn pool_code(result: Result<(), jsonrpsee::core::ClientError>) -> String {
	match result {
		Ok(()) => "accepted".into(),
		Err(jsonrpsee::core::ClientError::Call(object)) =>
			PoolError::from_code(object.code()).map_or_else(|| format!("code {}", object.code()), |e| e.name().to_string()),
		Err(other) => format!("{other}"),
	}
}

/// The store's refusal code of an upload's result.
fn store_code(result: Result<H256, StoreClientError>) -> String {
	match result {
		Ok(_) => "accepted".into(),
		Err(error) => error.code().map_or_else(|| format!("{error}"), str::to_string),
	}
}
