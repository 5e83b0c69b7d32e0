//! The worker's side of the pool service.

use std::time::Duration;

use ect_client::Signer;
use jsonrpsee::{
	core::{
		client::{ClientT, Subscription, SubscriptionClientT},
		ClientError,
	},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use polkadot_sdk::{
	sp_core::{crypto::Ss58Codec, H256},
	sp_runtime::MultiSignature,
};

use super::{join_message, to_hex, Assignment, Capabilities, Joined, PoolError, TaskView};

/// Why a pool service call failed.
#[derive(Debug, thiserror::Error)]
pub enum PoolClientError {
	/// The service refused the call.
	#[error("the pool refused: {0}")]
	Refused(PoolError),
	/// No answer, or an answer outside the protocol.
	#[error("the pool service: {0}")]
	Transport(#[from] ClientError),
}

fn refusal(error: ClientError) -> PoolClientError {
	match &error {
		ClientError::Call(object) => match PoolError::from_code(object.code()) {
			Some(refused) => PoolClientError::Refused(refused),
			None if object.code() == -32602 => PoolClientError::Refused(PoolError::InvalidParams(object.message().to_string())),
			None => PoolClientError::Transport(error),
		},
		_ => PoolClientError::Transport(error),
	}
}

/// A joined connection to a pool's scheduler.
pub struct PoolClient {
	client: WsClient,
	joined: Joined,
}

impl PoolClient {
	/// Connects to the scheduler at `url` and joins pool `pool` of chain
	/// `genesis` as `signer`, answering a fresh challenge and reporting
	/// `capabilities` (signed with it).
	pub async fn join(
		url: &str,
		genesis: &H256,
		pool: u32,
		signer: &Signer,
		capabilities: &Capabilities,
	) -> Result<Self, PoolClientError> {
		let client = connect(url).await?;
		let challenge: String = client.request("pool_challenge", rpc_params![]).await.map_err(refusal)?;
		let bytes: [u8; 32] = hex::decode(challenge.trim_start_matches("0x"))
			.ok()
			.and_then(|b| b.try_into().ok())
			.ok_or_else(|| PoolClientError::Refused(PoolError::InvalidParams("the pool's challenge is not 32 bytes".into())))?;
		let worker = signer.account();
		let message = join_message(genesis, pool, &worker, &bytes, capabilities);
		let signature = MultiSignature::Sr25519(signer.sign_bytes(&message));
		let joined: Joined = client
			.request("pool_join", rpc_params![worker.to_ss58check(), challenge, to_hex(&signature), capabilities])
			.await
			.map_err(refusal)?;
		Ok(Self { client, joined })
	}

	/// The pool's result store.
	pub fn store(&self) -> &str {
		&self.joined.store
	}

	/// The worker's open authorisations.
	pub async fn assignments(&self) -> Result<Vec<Assignment>, PoolClientError> {
		self.client.request("pool_assignments", rpc_params![]).await.map_err(refusal)
	}

	/// A notification each time the pool serves new authorisations
	/// (`pool_subscribeAssignments`): the worker then reads its own
	/// ([`Self::assignments`]) without waiting for its next block.
	pub async fn published(&self) -> Result<Subscription<u64>, PoolClientError> {
		self.client
			.subscribe("pool_subscribeAssignments", rpc_params![], "pool_unsubscribeAssignments")
			.await
			.map_err(refusal)
	}

	/// Whether the connection is still up.
	pub fn is_connected(&self) -> bool {
		self.client.is_connected()
	}

	/// The underlying client, for tests of the service's bounds.
	pub fn raw(&self) -> &WsClient {
		&self.client
	}
}

/// A connection to the pool service at `url`.
async fn connect(url: &str) -> Result<WsClient, PoolClientError> {
	Ok(WsClientBuilder::default().request_timeout(Duration::from_secs(30)).build(url).await?)
}

/// What the pool service at `url` says of `task` (`pool_task`): the
/// workers authorised for it and why no more can be now. Anyone may ask;
/// no join is needed.
pub async fn task(url: &str, task: &H256) -> Result<TaskView, PoolClientError> {
	let client = connect(url).await?;
	client.request("pool_task", rpc_params![format!("0x{}", hex::encode(task.as_bytes()))]).await.map_err(refusal)
}
