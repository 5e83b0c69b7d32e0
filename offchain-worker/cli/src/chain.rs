//! What the commands read from the chain and find in their transactions'
//! events: registry entries, deals, tasks.

use codec::Decode;
use ect_client::{
	runtime::{Runtime, RuntimeEvent},
	Included, Rpc,
};
use pallet_ect_marketplace::{task_id, DealId, DealOf, TaskId};
use pallet_ect_poco::TaskOf;
use pallet_ect_registry::{
	AppId, AppOf, Apps, DatasetId, DatasetOf, Datasets, WorkerpoolId, WorkerpoolOf, Workerpools,
};

use crate::{
	error::{CliError, Result},
	output::hash_hex,
};

/// The values `pick` finds in a transaction's events, in order.
pub fn events<T>(included: &Included, pick: impl FnMut(&RuntimeEvent) -> Option<T>) -> Vec<T> {
	included.events.iter().filter_map(pick).collect()
}

/// The first value `pick` finds in a transaction's events; `what` names the
/// event expected (`Registry.AppRegistered`) if there is none.
pub fn event<T>(included: &Included, what: &str, pick: impl FnMut(&RuntimeEvent) -> Option<T>) -> Result<T> {
	included
		.events
		.iter()
		.find_map(pick)
		.ok_or_else(|| CliError::failure(format!("the transaction emitted no {what} event")))
}

/// The registered app `id`.
pub async fn app(rpc: &Rpc, id: AppId) -> Result<AppOf<Runtime>> {
	entry(rpc, "Registry.Apps", "app", id, Apps::<Runtime>::hashed_key_for(id)).await
}

/// The registered dataset `id`.
pub async fn dataset(rpc: &Rpc, id: DatasetId) -> Result<DatasetOf<Runtime>> {
	entry(rpc, "Registry.Datasets", "dataset", id, Datasets::<Runtime>::hashed_key_for(id)).await
}

/// The registered workerpool `id`.
pub async fn workerpool(rpc: &Rpc, id: WorkerpoolId) -> Result<WorkerpoolOf<Runtime>> {
	entry(rpc, "Registry.Workerpools", "workerpool", id, Workerpools::<Runtime>::hashed_key_for(id)).await
}

/// The registry entry `id` of `kind` stored at `key` (storage item `what`);
/// an unknown id is an error (`unknown app 7`).
async fn entry<T: Decode>(rpc: &Rpc, what: &'static str, kind: &str, id: u32, key: Vec<u8>) -> Result<T> {
	rpc.value::<T>(what, &key).await?.ok_or_else(|| CliError::failure(format!("unknown {kind} {id}")))
}

/// The deal `id` (`MarketplaceApi_deal`); an unknown deal is an error.
pub async fn deal(rpc: &Rpc, id: &DealId) -> Result<DealOf<Runtime>> {
	rpc.call::<Option<DealOf<Runtime>>>("MarketplaceApi_deal", id)
		.await?
		.ok_or_else(|| CliError::failure(format!("unknown deal {}", hash_hex(id))))
}

/// The task `id` (`PocoApi_task`), if it was initialized or claimed.
pub async fn task(rpc: &Rpc, id: &TaskId) -> Result<Option<TaskOf<Runtime>>> {
	Ok(rpc.call::<Option<TaskOf<Runtime>>>("PocoApi_task", id).await?)
}

/// The task `id`, which must have been initialized or claimed.
pub async fn known_task(rpc: &Rpc, id: &TaskId) -> Result<TaskOf<Runtime>> {
	task(rpc, id)
		.await?
		.ok_or_else(|| CliError::failure(format!("unknown task {}: not initialized yet, or not a task id", hash_hex(id))))
}

/// The ids of a deal's tasks: request indexes `first_index..first_index + volume`.
pub fn task_ids(deal: &DealId, first_index: u32, volume: u32) -> Vec<TaskId> {
	(0..volume).map(|offset| task_id(deal, first_index.saturating_add(offset))).collect()
}
