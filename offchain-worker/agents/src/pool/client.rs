//! The worker's side of the pool service.

use std::time::Duration;

use ect_client::{runtime::AccountId, Signer};
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use polkadot_sdk::{
	sp_core::{crypto::Ss58Codec, H256},
	sp_runtime::MultiSignature,
};

use super::{join_message, to_hex, Assignment};

/// A connection to a pool's scheduler.
pub struct PoolClient {
	client: WsClient,
	worker: AccountId,
}

impl PoolClient {
	/// Connects to the scheduler at `url` and joins pool `pool` of chain
	/// `genesis` as `signer`.
	pub async fn join(url: &str, genesis: &H256, pool: u32, signer: &Signer) -> anyhow::Result<Self> {
		let client = WsClientBuilder::default()
			.request_timeout(Duration::from_secs(30))
			.max_request_size(32 << 20)
			.build(url)
			.await?;
		let worker = signer.account();
		let signature = MultiSignature::Sr25519(signer.sign_bytes(&join_message(genesis, pool, &worker)));
		let _: () = client.request("pool_join", rpc_params![worker.to_ss58check(), to_hex(&signature)]).await?;
		Ok(Self { client, worker })
	}

	/// The worker's open authorisations.
	pub async fn assignments(&self) -> anyhow::Result<Vec<Assignment>> {
		Ok(self.client.request("pool_assignments", rpc_params![self.worker.to_ss58check()]).await?)
	}

	/// Hands the scheduler the result bundle of `task`.
	pub async fn put_result(&self, task: H256, bundle: &[u8]) -> anyhow::Result<()> {
		let _: () = self.client.request("pool_putResult", rpc_params![task, format!("0x{}", hex::encode(bundle))]).await?;
		Ok(())
	}

	/// Whether the connection is still up.
	pub fn is_connected(&self) -> bool {
		self.client.is_connected()
	}
}
