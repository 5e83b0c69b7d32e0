//! The scheduler's side of the pool service.

use std::{net::SocketAddr, sync::Arc};

use ect_client::runtime::AccountId;
use jsonrpsee::{
	server::{Server, ServerHandle},
	types::ErrorObjectOwned,
	RpcModule,
};
use polkadot_sdk::{
	sp_core::{crypto::Ss58Codec, H256},
	sp_runtime::{traits::Verify, MultiSignature},
};

use super::{from_hex, join_message, Assignment};

/// The largest result bundle the service accepts: 16 MiB.
pub const MAX_BUNDLE_BYTES: usize = 16 << 20;

/// What the service asks of the scheduler.
pub trait PoolBackend: Send + Sync + 'static {
	/// A worker proved its key and joined.
	fn join(&self, worker: AccountId);
	/// The worker's open authorisations.
	fn assignments(&self, worker: &AccountId) -> Vec<Assignment>;
	/// A worker offers the result bundle of a task; refused for tasks the
	/// pool does not run.
	fn put_result(&self, task: H256, bundle: Vec<u8>) -> Result<(), String>;
	/// The stored bundle of a finalized task.
	fn get_result(&self, task: H256) -> Option<Vec<u8>>;
}

/// Who the service answers for: the chain and the pool a join is signed for.
#[derive(Clone, Copy, Debug)]
pub struct PoolIdentity {
	/// The chain's genesis hash.
	pub genesis: H256,
	/// The workerpool id.
	pub pool: u32,
}

fn invalid(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(-32602, message.into(), None::<()>)
}

fn account(text: &str) -> Result<AccountId, ErrorObjectOwned> {
	AccountId::from_ss58check(text).map_err(|e| invalid(format!("bad account {text}: {e:?}")))
}

/// Starts the service on `addr`; it runs until the handle is stopped or
/// dropped.
pub async fn serve(addr: SocketAddr, identity: PoolIdentity, backend: Arc<dyn PoolBackend>) -> anyhow::Result<(SocketAddr, ServerHandle)> {
	let server = Server::builder().build(addr).await?;
	let local = server.local_addr()?;
	let mut module = RpcModule::new(backend);
	module.register_method("pool_join", move |params, backend, _| {
		let (worker, signature): (String, String) = params.parse()?;
		let worker = account(&worker)?;
		let signature: MultiSignature = from_hex(&signature).map_err(invalid)?;
		let message = join_message(&identity.genesis, identity.pool, &worker);
		if !signature.verify(&message[..], &worker) {
			return Err(invalid("bad join signature"));
		}
		backend.join(worker);
		Ok::<_, ErrorObjectOwned>(())
	})?;
	module.register_method("pool_assignments", |params, backend, _| {
		let (worker,): (String,) = params.parse()?;
		Ok::<_, ErrorObjectOwned>(backend.assignments(&account(&worker)?))
	})?;
	module.register_method("pool_putResult", |params, backend, _| {
		let (task, bundle): (H256, String) = params.parse()?;
		let bundle = hex::decode(bundle.trim_start_matches("0x")).map_err(|e| invalid(format!("bundle: {e}")))?;
		if bundle.len() > MAX_BUNDLE_BYTES {
			return Err(invalid("bundle too large"));
		}
		backend.put_result(task, bundle).map_err(invalid)
	})?;
	module.register_method("pool_getResult", |params, backend, _| {
		let (task,): (H256,) = params.parse()?;
		Ok::<_, ErrorObjectOwned>(backend.get_result(task).map(|b| format!("0x{}", hex::encode(b))))
	})?;
	Ok((local, server.start(module)))
}
