//! Typed reads of the chain state the agents, the relayer and the CLI act
//! on, through the runtime APIs where there is one and storage otherwise,
//! the chain's clock ([`now_ms`]) and height ([`best_number`]), and the
//! expiry block of a new order ([`expiry_in`]).

use polkadot_sdk::sp_core::H256;

use crate::{
	error::Result,
	rpc::Rpc,
	runtime::{AccountId, Runtime},
};

/// A deal.
pub type Deal = pallet_ect_marketplace::DealOf<Runtime>;
/// A task.
pub type Task = pallet_ect_poco::TaskOf<Runtime>;
/// A contribution.
pub type Contribution = pallet_ect_poco::ContributionOf<Runtime>;
/// An app.
pub type App = pallet_ect_registry::AppOf<Runtime>;
/// A dataset.
pub type Dataset = pallet_ect_registry::DatasetOf<Runtime>;
/// A category.
pub type Category = pallet_ect_registry::CategoryOf<Runtime>;
/// An order.
pub type OrderOf = pallet_ect_marketplace::OrderOf<Runtime>;
/// A workerpool.
pub type Workerpool = pallet_ect_registry::WorkerpoolOf<Runtime>;
/// An order in the book, with its publisher and deposit.
pub type Published = pallet_ect_marketplace::PublishedOf<Runtime>;

/// A deal by id.
pub async fn deal(rpc: &Rpc, id: H256) -> Result<Option<Deal>> {
	rpc.call("MarketplaceApi_deal", id).await
}

/// A task by id (`None` until initialized).
pub async fn task(rpc: &Rpc, id: H256) -> Result<Option<Task>> {
	rpc.call("PocoApi_task", id).await
}

/// The records of `ids` (each `None` until initialized), in order: one
/// runtime call per [`pallet_ect_poco::runtime_api::MAX_TASKS_PER_READ`]
/// tasks instead of one per task.
pub async fn tasks(rpc: &Rpc, ids: &[H256]) -> Result<Vec<Option<Task>>> {
	let mut records = Vec::with_capacity(ids.len());
	for chunk in ids.chunks(pallet_ect_poco::runtime_api::MAX_TASKS_PER_READ as usize) {
		let answered: Vec<Option<Task>> = rpc.call("PocoApi_tasks", chunk.to_vec()).await?;
		check_answered("state_call PocoApi_tasks", answered.len(), chunk.len())?;
		records.extend(answered);
	}
	Ok(records)
}

/// A task's contributions, by worker.
pub async fn contributions(rpc: &Rpc, task: H256) -> Result<Vec<(AccountId, Contribution)>> {
	rpc.call("PocoApi_contributions", task).await
}

/// What the scheduler of `pool` has to do, at most `limit` of each kind.
pub async fn scheduler_todo(rpc: &Rpc, pool: u32, limit: u32) -> Result<pallet_ect_poco::SchedulerTodo> {
	rpc.call("PocoApi_scheduler_todo", (pool, limit)).await
}

/// A worker's consensus weight.
pub async fn weight(rpc: &Rpc, worker: &AccountId) -> Result<u32> {
	rpc.call("ReputationApi_weight", worker).await
}

/// The consensus weights of `workers`, in order: one runtime call per
/// [`pallet_ect_reputation::runtime_api::MAX_WEIGHTS_PER_READ`] workers.
pub async fn weights(rpc: &Rpc, workers: &[AccountId]) -> Result<Vec<u32>> {
	let mut weights = Vec::with_capacity(workers.len());
	for chunk in workers.chunks(pallet_ect_reputation::runtime_api::MAX_WEIGHTS_PER_READ as usize) {
		let answered: Vec<u32> = rpc.call("ReputationApi_weights", chunk.to_vec()).await?;
		check_answered("state_call ReputationApi_weights", answered.len(), chunk.len())?;
		weights.extend(answered);
	}
	Ok(weights)
}

/// An error unless a bulk read answered `answered` entries for `asked`.
fn check_answered(method: &'static str, answered: usize, asked: usize) -> Result<()> {
	if answered == asked {
		return Ok(());
	}
	Err(crate::error::Error::BadResponse { method, detail: format!("{answered} answers for {asked} asked") })
}

/// An app by id.
pub async fn app(rpc: &Rpc, id: u32) -> Result<Option<App>> {
	rpc.value("Registry.Apps", &pallet_ect_registry::Apps::<Runtime>::hashed_key_for(id)).await
}

/// A dataset by id.
pub async fn dataset(rpc: &Rpc, id: u32) -> Result<Option<Dataset>> {
	rpc.value("Registry.Datasets", &pallet_ect_registry::Datasets::<Runtime>::hashed_key_for(id)).await
}

/// A category by id.
pub async fn category(rpc: &Rpc, id: u32) -> Result<Option<Category>> {
	rpc.value("Registry.Categories", &pallet_ect_registry::Categories::<Runtime>::hashed_key_for(id)).await
}

/// A workerpool by id.
pub async fn workerpool(rpc: &Rpc, id: u32) -> Result<Option<Workerpool>> {
	rpc.value("Registry.Workerpools", &pallet_ect_registry::Workerpools::<Runtime>::hashed_key_for(id)).await
}

/// The operator key the owner of workerpool `id` names, if any: it acts as
/// the pool's scheduler while the owner's key stays cold.
pub async fn workerpool_operator(rpc: &Rpc, id: u32) -> Result<Option<AccountId>> {
	rpc.value("Registry.Operators", &pallet_ect_registry::Operators::<Runtime>::hashed_key_for(id)).await
}

/// The published order `hash`, if it is in the order book (an order leaves
/// it when its volume is spent, or when it is cancelled or unpublished).
pub async fn published(rpc: &Rpc, hash: H256) -> Result<Option<Published>> {
	rpc.value("Marketplace.Book", &pallet_ect_marketplace::Book::<Runtime>::hashed_key_for(hash)).await
}

/// How much of order `hash`'s volume deals used.
pub async fn consumed(rpc: &Rpc, hash: H256) -> Result<u32> {
	Ok(rpc.value("Marketplace.Consumed", &pallet_ect_marketplace::Consumed::<Runtime>::hashed_key_for(hash)).await?.unwrap_or(0))
}

/// The share of lone consensuses workerpool `id` spot-checks, per million:
/// the rate its scheduler set, or the runtime's default.
pub async fn spot_check_rate(rpc: &Rpc, id: u32) -> Result<u32> {
	use polkadot_sdk::frame_support::traits::Get;
	let set = rpc.value("Poco.SpotCheckRates", &pallet_ect_poco::SpotCheckRates::<Runtime>::hashed_key_for(id)).await?;
	Ok(set.unwrap_or_else(<Runtime as pallet_ect_poco::Config>::DefaultSpotCheckRate::get))
}

/// Whether task `id` (its record `task`) waits for a spot check's checker:
/// its consensus rests on one contribution, whose block is sealed and whose
/// hash draws it (`pallet_ect_poco::spot_check`). Its lone winner must not
/// reveal; the scheduler authorises a checker.
pub async fn drawn_for_check(rpc: &Rpc, id: H256, task: &Task) -> Result<bool> {
	let pallet_ect_poco::SpotCheck::Drawn { block, per_million } = task.check else { return Ok(false) };
	if task.status != pallet_ect_poco::TaskStatus::Revealing {
		return Ok(false);
	}
	let Some(hash) = rpc.block_hash(block).await? else { return Ok(false) };
	Ok(pallet_ect_poco::spot_check::is_checked(hash.as_bytes(), &id, per_million))
}

/// How many workerpools were ever registered (the next id).
pub async fn workerpool_count(rpc: &Rpc) -> Result<u32> {
	Ok(rpc
		.value("Registry.NextWorkerpoolId", &pallet_ect_registry::NextWorkerpoolId::<Runtime>::hashed_key())
		.await?
		.unwrap_or(0))
}

/// The current time on chain (the best block's timestamp), in unix ms.
pub async fn now_ms(rpc: &Rpc) -> Result<u64> {
	Ok(rpc
		.value("Timestamp.Now", &polkadot_sdk::pallet_timestamp::Now::<Runtime>::hashed_key())
		.await?
		.unwrap_or(0))
}

/// The number of the best block.
pub async fn best_number(rpc: &Rpc) -> Result<u32> {
	Ok(rpc.header(None).await?.number)
}

/// The expiry of an order to stay valid for `blocks` blocks from now: the
/// best block's number plus `blocks` (an order is void from its `expires`
/// block on). Give it [`crate::offers::ORDER_LIFETIME`] unless told
/// otherwise; the chain refuses more than
/// [`crate::offers::max_order_lifetime`].
pub async fn expiry_in(rpc: &Rpc, blocks: u32) -> Result<u32> {
	Ok(best_number(rpc).await?.saturating_add(blocks))
}
