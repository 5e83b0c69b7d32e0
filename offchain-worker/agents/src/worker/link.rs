//! What a worker reaches beyond its machine: the chain (reads and
//! `work_batch` transactions), its pool's scheduler (assignments, the pool's
//! result store) and result stores (uploads). [`Worker`](super::Worker)
//! takes every step through a [`Link`], so the same worker code runs against
//! one node connection and one pool service ([`NodeLink`], `ect worker`), or
//! against links that many workers in one process share (the throughput
//! benchmark, `ect-bench`: one block follower, reads made once a block for
//! all of them, submissions without a watch per transaction).
//!
//! Every read has a default that asks the node over [`Link::rpc`]; a link
//! overrides those it can serve better.

use std::{
	collections::{BTreeSet, HashMap},
	future::Future,
	sync::Arc,
};

use jsonrpsee::core::client::Subscription;
use ect_client::{
	reads,
	runtime::{AccountId, Header},
	Error as ClientError, Rpc, Sender, Signer,
};
use polkadot_sdk::sp_core::H256;

use super::{
	batch::{self, Action, Settled},
	watch,
};
use crate::{
	pool::{client::PoolClient, Assignment},
	store::client::{self as store_client, StoreClientError},
};

/// Task records by id, as [`Link::tasks`] answers them (`None`: the chain
/// has no such task, or has not initialized it).
pub type TaskRecords = HashMap<H256, Option<reads::Task>>;

/// The answers of [`reads::tasks`] (`records`, in the order asked) to `ids`,
/// by id.
pub fn by_id(ids: Vec<H256>, records: Vec<Option<reads::Task>>) -> TaskRecords {
	ids.into_iter().zip(records).collect()
}

/// The worker's way to the chain, its scheduler and result stores.
pub trait Link: Sync {
	/// The node connection reads default to.
	fn rpc(&self) -> &Rpc;

	/// The worker's key (it signs uploads).
	fn signer(&self) -> &Signer;

	/// The chain's genesis hash.
	fn genesis(&self) -> H256;

	/// The base URL of the pool's result store.
	fn store(&self) -> &str;

	/// The worker's account.
	fn account(&self) -> AccountId {
		self.signer().account()
	}

	/// The tasks the scheduler authorised the worker for.
	fn assignments(&self) -> impl Future<Output = anyhow::Result<Vec<Assignment>>> + Send;

	/// Resolves when the scheduler serves new authorisations, so that the
	/// worker takes them without waiting for its next block; never, by
	/// default (nor once the link cannot tell any more).
	fn published(&self) -> impl Future<Output = ()> + Send {
		std::future::pending()
	}

	/// The tasks the PoCo events of block `head` name ([`watch::touched`]).
	fn touched(&self, head: &Header) -> impl Future<Output = ect_client::Result<Arc<BTreeSet<H256>>>> + Send {
		async move {
			let events: Vec<_> = ect_client::storage::events(self.rpc(), head.hash()).await?.into_iter().map(|r| r.event).collect();
			Ok(Arc::new(watch::touched(&events)))
		}
	}

	/// The records of tasks `ids`, by id, each `None` if the chain has not
	/// got it (an uninitialized task it has not): one read for them all
	/// ([`reads::tasks`]), not one per task. Every id asked is answered.
	fn tasks(&self, ids: Vec<H256>) -> impl Future<Output = ect_client::Result<TaskRecords>> + Send {
		async move {
			let records = reads::tasks(self.rpc(), &ids).await?;
			Ok(by_id(ids, records))
		}
	}

	/// Deal `id`, if the chain has it.
	fn deal(&self, id: H256) -> impl Future<Output = ect_client::Result<Option<reads::Deal>>> + Send {
		async move { reads::deal(self.rpc(), id).await }
	}

	/// Whether task `id` (its record `task`) waits for a spot check's
	/// checker ([`reads::drawn_for_check`]).
	fn drawn_for_check<'a>(
		&'a self,
		id: H256,
		task: &'a reads::Task,
	) -> impl Future<Output = ect_client::Result<bool>> + Send + 'a {
		async move { reads::drawn_for_check(self.rpc(), id, task).await }
	}

	/// The worker's weight in a consensus (its reputation's).
	fn weight(&self) -> impl Future<Output = ect_client::Result<u32>> + Send {
		async move { reads::weight(self.rpc(), &self.account()).await }
	}

	/// The share of lone consensuses workerpool `pool` spot-checks, per
	/// million.
	fn spot_check_rate(&self, pool: u32) -> impl Future<Output = ect_client::Result<u32>> + Send {
		async move { reads::spot_check_rate(self.rpc(), pool).await }
	}

	/// Sends `actions` as `work_batch` items, each waited for in a block;
	/// returns each with its item's result ([`batch::send`]).
	fn send(&self, actions: Vec<Action>) -> impl Future<Output = Result<Vec<Settled>, ClientError>> + Send;

	/// Uploads `bundle` of `task` to the store at `store`; returns its hash.
	fn upload(
		&self,
		store: &str,
		task: H256,
		bundle: Vec<u8>,
	) -> impl Future<Output = Result<H256, StoreClientError>> + Send {
		let store = store.to_string();
		async move { store_client::upload(&store, &self.genesis(), &task, self.signer(), bundle).await }
	}
}

/// One node connection and one pool service: `ect worker`'s link.
pub struct NodeLink {
	sender: Sender,
	pool: PoolClient,
	/// The pool's notifications of new authorisations, while it sends them.
	published: tokio::sync::Mutex<Option<Subscription<u64>>>,
}

impl NodeLink {
	/// A link through `sender` and `pool`, hearing of new authorisations
	/// through `published` (`PoolClient::published`) if given.
	pub fn new(sender: Sender, pool: PoolClient, published: Option<Subscription<u64>>) -> Self {
		Self { sender, pool, published: tokio::sync::Mutex::new(published) }
	}

	/// Whether the pool service is still connected.
	pub fn pool_connected(&self) -> bool {
		self.pool.is_connected()
	}
}

impl Link for NodeLink {
	fn rpc(&self) -> &Rpc {
		self.sender.rpc()
	}

	fn signer(&self) -> &Signer {
		self.sender.signer()
	}

	fn genesis(&self) -> H256 {
		self.sender.chain().genesis_hash
	}

	fn store(&self) -> &str {
		self.pool.store()
	}

	fn assignments(&self) -> impl Future<Output = anyhow::Result<Vec<Assignment>>> + Send {
		async move { Ok(self.pool.assignments().await?) }
	}

	fn published(&self) -> impl Future<Output = ()> + Send {
		async move {
			let mut published = self.published.lock().await;
			let heard = match published.as_mut() {
				Some(subscription) => matches!(subscription.next().await, Some(Ok(_))),
				None => false,
			};
			if !heard {
				// The subscription ended: new tasks come at each block.
				*published = None;
				drop(published);
				std::future::pending::<()>().await;
			}
		}
	}

	fn send(&self, actions: Vec<Action>) -> impl Future<Output = Result<Vec<Settled>, ClientError>> + Send {
		batch::send(&self.sender, actions)
	}
}
