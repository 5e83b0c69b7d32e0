//! Building blocks of the agent tests: assets, orders, categories and
//! requests set up through signed extrinsics, and waits on task states.

use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use ect_client::{
	runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent},
	Rpc, Sender, Signer, TxStage,
};
use pallet_ect_marketplace::{DatasetOrder, Order, RequestOrder};
use pallet_ect_poco::{TaskStatus, TaskView};
use pallet_ect_registry::{AppKind, AssetRef, PoolPolicy, Resources, Restriction, Tag};
use polkadot_sdk::{
	frame_support::BoundedVec,
	sp_core::H256,
	sp_runtime::Percent,
};

/// The account of the secret URI `uri` (`//Bob`).
pub fn account(uri: &str) -> Result<ect_client::runtime::AccountId> {
	Ok(Signer::from_uri(uri).map_err(|e| anyhow!(e))?.account())
}

/// A sender for the dev account `uri` (`//Alice`).
pub async fn sender(url: &str, uri: &str) -> Result<Sender> {
	let signer = Signer::from_uri(uri).map_err(|e| anyhow!(e))?;
	Ok(Sender::new(Rpc::connect(url).await?, signer).await?)
}

/// Sends `call` and returns its events, failing with the on-chain error.
pub async fn send(sender: &Sender, call: impl Into<RuntimeCall>) -> Result<Vec<RuntimeEvent>> {
	Ok(sender.send(call, TxStage::InBlock).await?.events)
}

fn bounded<S: polkadot_sdk::frame_support::traits::Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(bytes.to_vec())
}

fn find<T>(events: &[RuntimeEvent], what: &str, pick: impl Fn(&RuntimeEvent) -> Option<T>) -> Result<T> {
	events.iter().find_map(pick).ok_or_else(|| anyhow!("no {what} event in {events:?}"))
}

/// Registers the app at `path` (checksum of its bytes, located at the path);
/// returns its id.
pub async fn register_app(sender: &Sender, name: &str, path: &std::path::Path) -> Result<u32> {
	let bytes = std::fs::read(path)?;
	register_app_at(sender, name, &path.display().to_string(), H256(ect_runner::blake2_256(&bytes))).await
}

/// Registers an app at `location` with `checksum`; returns its id.
pub async fn register_app_at(sender: &Sender, name: &str, location: &str, checksum: H256) -> Result<u32> {
	let events = send(sender, pallet_ect_registry::Call::<Runtime>::register_app {
		name: bounded(name.as_bytes()),
		kind: AppKind::WasiPreview1,
		multiaddr: bounded(location.as_bytes()),
		checksum,
		mrenclave: None,
		requirements: Resources::default(),
	})
	.await?;
	find(&events, "AppRegistered", |e| match e {
		RuntimeEvent::Registry(pallet_ect_registry::Event::AppRegistered { app, .. }) => Some(*app),
		_ => None,
	})
}

/// Registers a dataset at `location` with `checksum`; returns its id.
pub async fn register_dataset(sender: &Sender, location: &str, checksum: H256) -> Result<u32> {
	let events = send(sender, pallet_ect_registry::Call::<Runtime>::register_dataset {
		name: bounded(b"dataset"),
		multiaddr: bounded(location.as_bytes()),
		checksum,
	})
	.await?;
	find(&events, "DatasetRegistered", |e| match e {
		RuntimeEvent::Registry(pallet_ect_registry::Event::DatasetRegistered { dataset, .. }) => Some(*dataset),
		_ => None,
	})
}

/// The key every scheduler of the agent tests runs with: the operator the
/// pool's owner names on chain ([`register_pool`]). The owner's key is never
/// given to a scheduler process.
pub const OPERATOR: &str = "//Charlie//pool-operator";

/// What the operator gets for its fees and order deposits.
const OPERATOR_FUNDS: Balance = 100 * ect_client::runtime::UNIT;

/// Registers a workerpool of `sender` (default policy: 30% worker stake, 1%
/// scheduler reward), names [`OPERATOR`] its operator and funds it; returns
/// the pool's id.
pub async fn register_pool(sender: &Sender) -> Result<u32> {
	let events = send(sender, pallet_ect_registry::Call::<Runtime>::register_workerpool {
		description: bounded(b"test pool"),
		policy: PoolPolicy::default(),
		capabilities: Resources::default(),
	})
	.await?;
	let pool = find(&events, "WorkerpoolRegistered", |e| match e {
		RuntimeEvent::Registry(pallet_ect_registry::Event::WorkerpoolRegistered { workerpool, .. }) => Some(*workerpool),
		_ => None,
	})?;
	let operator = account(OPERATOR)?;
	send(sender, pallet_ect_registry::Call::<Runtime>::set_operator { workerpool: pool, operator: Some(operator.clone()) })
		.await
		.context("naming the pool's operator")?;
	send(sender, polkadot_sdk::pallet_balances::Call::<Runtime>::transfer_keep_alive {
		dest: operator.into(),
		value: OPERATOR_FUNDS,
	})
	.await
	.context("funding the pool's operator")?;
	// A test's counts (contributions, reveals, payouts) must not depend on
	// the draws: its pool checks nothing unless the test sets a rate
	// (`spot_checks.rs` does).
	set_spot_check_rate(sender, pool, 0).await?;
	Ok(pool)
}

/// Sets `pool`'s spot-check rate, per million lone consensuses.
pub async fn set_spot_check_rate(sender: &Sender, pool: u32, per_million: u32) -> Result<()> {
	send(sender, pallet_ect_poco::Call::<Runtime>::set_spot_check_rate { pool, per_million })
		.await
		.context("setting the pool's spot-check rate")?;
	Ok(())
}

/// Creates a category (root, through Alice's sudo) with time reference
/// `seconds` and `max_fuel`; returns its id.
pub async fn create_category(alice: &Sender, seconds: u64, max_fuel: u64) -> Result<u32> {
	let count: u32 = alice
		.rpc()
		.value("Registry.CategoryCount", &pallet_ect_registry::CategoryCount::<Runtime>::hashed_key())
		.await?
		.unwrap_or(0);
	let call: RuntimeCall = pallet_ect_registry::Call::<Runtime>::create_category {
		name: bounded(b"TEST"),
		description: bounded(b"short deadlines for tests"),
		work_clock_time_ref: seconds,
		max_fuel,
	}
	.into();
	sudo(alice, call).await.context("create_category")?;
	Ok(count)
}

/// Dispatches `call` as root through Alice's sudo; fails if the call did.
pub async fn sudo(alice: &Sender, call: impl Into<RuntimeCall>) -> Result<()> {
	let events = send(alice, polkadot_sdk::pallet_sudo::Call::<Runtime>::sudo { call: Box::new(call.into()) }).await?;
	for e in &events {
		if let RuntimeEvent::Sudo(polkadot_sdk::pallet_sudo::Event::Sudid { sudo_result: Err(error) }) = e {
			bail!("sudo call failed: {}", ect_client::DispatchFailure::new(error));
		}
	}
	Ok(())
}

/// The expiry of the orders the tests publish:
/// [`ORDER_LIFETIME`](ect_client::offers::ORDER_LIFETIME) blocks after the
/// best block.
pub async fn expiry(sender: &Sender) -> Result<u32> {
	Ok(ect_client::reads::expiry_in(sender.rpc(), ect_client::offers::ORDER_LIFETIME).await?)
}

/// Publishes an app offer (and a dataset offer, if any) at `price` each.
pub async fn offer_app(sender: &Sender, app: u32, price: Balance) -> Result<()> {
	let order = ect_client::offers::app(app, price, 1_000, [app as u8; 32], expiry(sender).await?);
	send(sender, pallet_ect_marketplace::Call::<Runtime>::publish_offer { order: Order::App(order) }).await?;
	Ok(())
}

/// Publishes a dataset offer at `price`.
pub async fn offer_dataset(sender: &Sender, dataset: u32, price: Balance) -> Result<()> {
	let order = DatasetOrder {
		dataset,
		price,
		volume: 1_000,
		tag: Tag::NONE,
		app_restrict: Restriction::Anyone,
		workerpool_restrict: Restriction::Anyone,
		requester_restrict: Restriction::Anyone,
		salt: [dataset as u8; 32],
		expires: expiry(sender).await?,
	};
	send(sender, pallet_ect_marketplace::Call::<Runtime>::publish_offer { order: Order::Dataset(order) }).await?;
	Ok(())
}

/// Publishes a workerpool offer on `category` up to `trust` at `price`.
pub async fn offer_pool(sender: &Sender, pool: u32, category: u32, trust: u32, price: Balance) -> Result<()> {
	let order = ect_client::offers::workerpool(pool, category, trust, price, 1_000, [category as u8; 32], expiry(sender).await?);
	send(sender, pallet_ect_marketplace::Call::<Runtime>::publish_offer { order: Order::Workerpool(order) }).await?;
	Ok(())
}

/// What a test requests.
#[derive(Clone, Debug)]
pub struct Request {
	/// The app.
	pub app: u32,
	/// The dataset, if any.
	pub dataset: Option<u32>,
	/// The category.
	pub category: u32,
	/// The trust.
	pub trust: u32,
	/// How many tasks.
	pub volume: u32,
	/// The task parameters.
	pub params: String,
	/// The highest price per resource.
	pub max_price: Balance,
	/// Makes the order unique.
	pub salt: u8,
}

/// Publishes `request` as `sender`; returns the deal and its task ids.
pub async fn request(sender: &Sender, request: &Request) -> Result<(H256, Vec<H256>)> {
	let order = RequestOrder {
		app: request.app,
		app_max_price: request.max_price,
		dataset: request.dataset,
		dataset_max_price: request.max_price,
		workerpool: None,
		workerpool_max_price: request.max_price,
		requester: sender.account(),
		volume: request.volume,
		tag: Tag::NONE,
		category: request.category,
		trust: request.trust,
		beneficiary: sender.account(),
		callback: None,
		params: bounded(request.params.as_bytes()),
		salt: [request.salt; 32],
		requirements: Resources::default(),
		expires: expiry(sender).await?,
	};
	let events =
		send(sender, pallet_ect_marketplace::Call::<Runtime>::publish_request { order, price_weight: Percent::one() }).await?;
	let deal = find(&events, "DealCreated", |e| match e {
		RuntimeEvent::Marketplace(pallet_ect_marketplace::Event::DealCreated { deal, .. }) => Some(*deal),
		_ => None,
	})?;
	let tasks = (0..request.volume).map(|i| pallet_ect_marketplace::task_id(&deal, i)).collect();
	Ok((deal, tasks))
}

/// Waits, block by block, until every task of `deal` is `status`.
pub async fn wait_deal(rpc: &Rpc, deal: H256, volume: u32, status: TaskStatus, limit: Duration) -> Result<Vec<TaskView>> {
	let deadline = tokio::time::Instant::now() + limit;
	let mut heads = rpc.subscribe_new_heads().await?;
	loop {
		let views: Vec<TaskView> = rpc.call("PocoApi_tasks_of_deal", (deal, 0u32, volume)).await?;
		if views.len() == volume as usize && views.iter().all(|v| v.status == status) {
			return Ok(views);
		}
		match tokio::time::timeout_at(deadline, heads.next()).await {
			Ok(Some(_)) => {},
			Ok(None) => bail!("the node closed the block subscription"),
			Err(_) => bail!("deal {deal:?} not all {status:?} within {limit:?}: {views:?}"),
		}
	}
}

/// Waits, block by block, until `asset` has an open order in the book (the
/// dev pool's offers say it is set up); returns how many it has.
pub async fn wait_open_orders(rpc: &Rpc, asset: AssetRef, limit: Duration) -> Result<usize> {
	let deadline = tokio::time::Instant::now() + limit;
	let mut heads = rpc.subscribe_new_heads().await?;
	loop {
		let open: Vec<(H256, pallet_ect_marketplace::OrderOf<Runtime>, u32)> =
			rpc.call("MarketplaceApi_open_orders", asset).await?;
		if !open.is_empty() {
			return Ok(open.len());
		}
		match tokio::time::timeout_at(deadline, heads.next()).await {
			Ok(Some(_)) => {},
			Ok(None) => bail!("the node closed the block subscription"),
			Err(_) => bail!("no open order of {asset:?} within {limit:?}"),
		}
	}
}

/// A worker's reputation score.
pub async fn score(rpc: &Rpc, worker: &AccountId) -> Result<u32> {
	Ok(rpc.call("ReputationApi_score", worker).await?)
}

/// Waits until the chain's time (the best block's timestamp) passes `ms`.
pub async fn wait_chain_time(rpc: &Rpc, ms: u64, limit: Duration) -> Result<()> {
	let deadline = tokio::time::Instant::now() + limit;
	let mut heads = rpc.subscribe_new_heads().await?;
	while ect_client::reads::now_ms(rpc).await? <= ms {
		match tokio::time::timeout_at(deadline, heads.next()).await {
			Ok(Some(_)) => {},
			Ok(None) => bail!("the node closed the block subscription"),
			Err(_) => bail!("the chain did not reach {ms} ms within {limit:?}"),
		}
	}
	Ok(())
}

/// The market most agent tests start from: Alice's app `hash` offered at
/// `app_price`, Charlie's workerpool offered on `category` at `pool_price`
/// (trust up to 1 000), and Dave to request.
pub struct HashMarket {
	/// The app owner.
	pub alice: Sender,
	/// The scheduler.
	pub charlie: Sender,
	/// The requester.
	pub dave: Sender,
	/// The app `hash`.
	pub app: u32,
	/// Charlie's workerpool.
	pub pool: u32,
}

impl HashMarket {
	/// Registers and offers the app and the workerpool on the node at `url`.
	pub async fn open(url: &str, category: u32, app_price: Balance, pool_price: Balance) -> Result<Self> {
		let (alice, charlie, dave) = (sender(url, "//Alice").await?, sender(url, "//Charlie").await?, sender(url, "//Dave").await?);
		let app = register_app(&alice, "hash", &crate::app_path("hash")?).await?;
		offer_app(&alice, app, app_price).await?;
		let pool = register_pool(&charlie).await?;
		offer_pool(&charlie, pool, category, 1_000, pool_price).await?;
		Ok(Self { alice, charlie, dave, app, pool })
	}
}
