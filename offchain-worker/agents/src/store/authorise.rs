//! Who may upload: a worker with a contribution to the task on chain. The
//! chain checked the scheduler's authorisation when it took the
//! contribution, so this is the pool's own rule, and any store that can
//! reach a node applies it without knowing the pool.

use std::{future::Future, pin::Pin, sync::Arc};

use ect_client::{reads, runtime::AccountId, Rpc};
use polkadot_sdk::sp_core::H256;
use tokio::sync::Mutex;

use super::StoreError;

/// A boxed future of an authorisation check.
pub type Check<'a> = Pin<Box<dyn Future<Output = Result<(), StoreError>> + Send + 'a>>;

/// Decides whether `worker` may upload a bundle for `task`.
pub trait Authorise: Send + Sync + 'static {
	/// `Ok` if it may, the refusal otherwise.
	fn authorise<'a>(&'a self, task: &'a H256, worker: &'a AccountId) -> Check<'a>;
}

/// The chain's answer: the worker contributed to the task. One node
/// connection, made again when it breaks, shared by concurrent checks (the
/// lock is held to take it, not across the read).
pub struct Contributors {
	node_url: String,
	rpc: Mutex<Option<Arc<Rpc>>>,
}

impl Contributors {
	/// Checks against the node at `node_url`.
	pub fn new(node_url: impl Into<String>) -> Self {
		Self { node_url: node_url.into(), rpc: Mutex::new(None) }
	}

	async fn check(&self, task: &H256, worker: &AccountId) -> Result<(), StoreError> {
		let unavailable = |e: ect_client::Error| StoreError::ChainUnavailable(e.to_string());
		let connection = {
			let mut rpc = self.rpc.lock().await;
			if rpc.as_ref().is_none_or(|r| !r.raw().is_connected()) {
				*rpc = Some(Arc::new(Rpc::connect(&self.node_url).await.map_err(unavailable)?));
			}
			rpc.clone().ok_or_else(|| StoreError::ChainUnavailable("no connection".into()))?
		};
		let contributions = reads::contributions(&connection, *task).await.map_err(unavailable)?;
		if contributions.iter().any(|(w, _)| w == worker) {
			Ok(())
		} else {
			Err(StoreError::NotAuthorised)
		}
	}
}

impl Authorise for Contributors {
	fn authorise<'a>(&'a self, task: &'a H256, worker: &'a AccountId) -> Check<'a> {
		Box::pin(self.check(task, worker))
	}
}
