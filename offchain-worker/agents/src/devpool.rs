//! The dev pool: a scheduler and N workers with dev keys, in one process
//! (`ect-node --dev --dev-pool N`, or `ect devpool`), so that a dev chain
//! accepts tasks as soon as it starts.
//!
//! Ferdie (`//Ferdie`) owns the pool and schedules; the workers are
//! `//Ferdie//worker//1` .. `//Ferdie//worker//N`, funded by Ferdie, and
//! report the capabilities they measure (nothing declared). At start
//! the pool is registered if Ferdie has none, and a workerpool order is
//! published on every category where the pool has none open. Those orders
//! live [`ect_client::offers::ORDER_LIFETIME`] blocks (7 days) and are not
//! renewed: a dev pool run longer offers again once restarted.

use std::path::PathBuf;

use anyhow::Context;
use codec::Encode;
use futures::future::join_all;
use ect_client::{
	reads,
	runtime::{Balance, Runtime, RuntimeEvent, UNIT},
	storage, Rpc, Sender, Signer, TxStage,
};
use pallet_ect_marketplace::Order;
use pallet_ect_registry::{AssetRef, PoolPolicy, Resources};
use polkadot_sdk::{frame_support::BoundedVec, pallet_balances, sp_runtime::MultiAddress};

use crate::{scheduler, worker, RETRY};

/// The pool owner and scheduler key.
pub const OWNER_URI: &str = "//Ferdie";
/// The price of one task in the dev pool's orders: 1 ECT.
pub const DEV_POOL_PRICE: Balance = UNIT;
/// The highest trust the dev pool's orders accept.
pub const DEV_POOL_TRUST: u32 = 1_000;
/// What each dev worker is funded with.
const WORKER_FUNDS: Balance = 1_000 * UNIT;

/// The key of dev worker `i` (1-based).
pub fn worker_uri(i: u32) -> String {
	format!("{OWNER_URI}//worker//{i}")
}

/// How the dev pool runs.
#[derive(Clone, Debug)]
pub struct DevPoolConfig {
	/// The node's JSON-RPC/WebSocket URL.
	pub node_url: String,
	/// How many workers.
	pub workers: u32,
	/// State directories of the scheduler and workers.
	pub base_dir: PathBuf,
	/// The pool service port on 127.0.0.1; the result store listens on the
	/// next one.
	pub port: u16,
}

/// Sets the pool up and runs its scheduler and workers until the process
/// ends.
pub async fn run(config: DevPoolConfig) -> anyhow::Result<()> {
	let owner = Signer::from_uri(OWNER_URI).map_err(anyhow::Error::msg)?;
	let rpc = loop {
		match Rpc::connect(&config.node_url).await {
			Ok(rpc) => break rpc,
			Err(error) => log::warn!(target: "ect-devpool", "cannot reach {}: {error}; retrying", config.node_url),
		}
		tokio::time::sleep(RETRY).await;
	};
	let sender = Sender::new(rpc, owner.clone()).await?;
	let pool = ensure_pool(&sender).await.context("registering the dev pool")?;
	let workers: Vec<Signer> = (1..=config.workers)
		.map(|i| Signer::from_uri(&worker_uri(i)).map_err(anyhow::Error::msg))
		.collect::<anyhow::Result<_>>()?;
	fund(&sender, &workers).await.context("funding the dev workers")?;
	ensure_offers(&sender, pool).await.context("publishing the dev pool's orders")?;
	drop(sender);

	let listen = std::net::SocketAddr::from(([127, 0, 0, 1], config.port));
	let mut agents = tokio::task::JoinSet::new();
	agents.spawn(scheduler::run(scheduler::SchedulerConfig {
		node_url: config.node_url.clone(),
		signer: owner,
		pool,
		listen,
		store_listen: std::net::SocketAddr::from(([127, 0, 0, 1], config.port.saturating_add(1))),
		store_url: None,
		allow: Default::default(),
		state_dir: config.base_dir.join("scheduler"),
		metrics: None,
		policy: Default::default(),
	}));
	for (i, signer) in workers.into_iter().enumerate() {
		agents.spawn(worker::run(worker::WorkerConfig {
			node_url: config.node_url.clone(),
			scheduler_url: format!("ws://{listen}"),
			signer,
			pool,
			state_dir: config.base_dir.join(format!("worker-{}", i + 1)),
			byzantine: false,
			parallel: 1,
			metrics: None,
			// They report what they measure.
			declared: Default::default(),
		}));
	}
	log::info!(target: "ect-devpool", "dev pool {pool}: scheduler //Ferdie on ws://{listen}, {} workers", config.workers);
	while let Some(done) = agents.join_next().await {
		done??;
	}
	Ok(())
}

/// The id of Ferdie's first workerpool, registering one if there is none.
async fn ensure_pool(sender: &Sender) -> anyhow::Result<u32> {
	let rpc = sender.rpc();
	for id in 0..reads::workerpool_count(rpc).await? {
		if reads::workerpool(rpc, id).await?.is_some_and(|p| p.owner == sender.account()) {
			return Ok(id);
		}
	}
	let included = sender
		.send(
			pallet_ect_registry::Call::<Runtime>::register_workerpool {
				description: BoundedVec::truncate_from(b"ECT dev pool".to_vec()),
				policy: PoolPolicy::default(),
				capabilities: Resources::default(),
			},
			TxStage::InBlock,
		)
		.await?;
	included
		.events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Registry(pallet_ect_registry::Event::WorkerpoolRegistered { workerpool, .. }) => Some(*workerpool),
			_ => None,
		})
		.ok_or_else(|| anyhow::anyhow!("no WorkerpoolRegistered event"))
}

/// Tops every worker up to [`WORKER_FUNDS`], all transfers at once.
async fn fund(sender: &Sender, workers: &[Signer]) -> anyhow::Result<()> {
	let mut transfers = Vec::new();
	for worker in workers {
		let free = storage::account(sender.rpc(), &worker.account(), None).await?.data.free;
		if free < WORKER_FUNDS / 2 {
			let call = pallet_balances::Call::<Runtime>::transfer_keep_alive {
				dest: MultiAddress::Id(worker.account()),
				value: WORKER_FUNDS.saturating_sub(free),
			};
			transfers.push(sender.send(call, TxStage::InBlock));
		}
	}
	for result in join_all(transfers).await {
		result?;
	}
	Ok(())
}

/// Publishes a workerpool order on every category where the pool has none.
async fn ensure_offers(sender: &Sender, pool: u32) -> anyhow::Result<()> {
	let rpc = sender.rpc();
	let expires = reads::expiry_in(rpc, ect_client::offers::ORDER_LIFETIME).await?;
	let open: Vec<(polkadot_sdk::sp_core::H256, reads::OrderOf, u32)> =
		rpc.call("MarketplaceApi_open_orders", AssetRef::Workerpool(pool)).await?;
	let categories = rpc
		.value::<u32>("Registry.CategoryCount", &pallet_ect_registry::CategoryCount::<Runtime>::hashed_key())
		.await?
		.unwrap_or(0);
	let mut offers = Vec::new();
	for category in 0..categories {
		let covered = open.iter().any(|(_, order, _)| matches!(order, Order::Workerpool(o) if o.category == category));
		if covered {
			continue;
		}
		let salt = ect_runner::blake2_256(&(b"ect/devpool", category).encode());
		let order = ect_client::offers::workerpool(pool, category, DEV_POOL_TRUST, DEV_POOL_PRICE, 1_000_000, salt, expires);
		offers.push(sender.send(pallet_ect_marketplace::Call::<Runtime>::publish_offer { order: Order::Workerpool(order) }, TxStage::InBlock));
	}
	for result in join_all(offers).await {
		result?;
	}
	Ok(())
}

