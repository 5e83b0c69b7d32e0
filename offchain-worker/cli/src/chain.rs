//! What the commands read from the chain (the client's typed reads, with
//! unknown ids as errors) and find in their transactions' events.

use ect_client::{
	offers::max_order_lifetime,
	reads,
	runtime::{AccountId, Runtime, RuntimeEvent},
	Included, Rpc,
};
use pallet_ect_marketplace::{task_id, DealId, DealOf, Order, OrderOf, OrderState, TaskId};
use pallet_ect_poco::TaskOf;
use pallet_ect_registry::{AppId, AppOf, DatasetId, DatasetOf, WorkerpoolId, WorkerpoolOf};
use polkadot_sdk::sp_core::H256;

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

/// The registered app `id`; an unknown id is an error (`unknown app 7`).
pub async fn app(rpc: &Rpc, id: AppId) -> Result<AppOf<Runtime>> {
	known(reads::app(rpc, id).await?, || format!("unknown app {id}"))
}

/// The registered dataset `id`.
pub async fn dataset(rpc: &Rpc, id: DatasetId) -> Result<DatasetOf<Runtime>> {
	known(reads::dataset(rpc, id).await?, || format!("unknown dataset {id}"))
}

/// The registered workerpool `id`.
pub async fn workerpool(rpc: &Rpc, id: WorkerpoolId) -> Result<WorkerpoolOf<Runtime>> {
	known(reads::workerpool(rpc, id).await?, || format!("unknown workerpool {id}"))
}

/// The deal `id`; an unknown deal is an error.
pub async fn deal(rpc: &Rpc, id: &DealId) -> Result<DealOf<Runtime>> {
	known(reads::deal(rpc, *id).await?, || {
		format!("unknown deal {}: not a deal id, or finished and removed after the chain's retention period", hash_hex(id))
	})
}

/// The task `id`, if it was initialized or claimed.
pub async fn task(rpc: &Rpc, id: &TaskId) -> Result<Option<TaskOf<Runtime>>> {
	Ok(reads::task(rpc, *id).await?)
}

/// `value`, or the error `missing` describes.
fn known<T>(value: Option<T>, missing: impl FnOnce() -> String) -> Result<T> {
	value.ok_or_else(|| CliError::failure(missing()))
}

/// The task `id`, which must have been initialized or claimed.
pub async fn known_task(rpc: &Rpc, id: &TaskId) -> Result<TaskOf<Runtime>> {
	task(rpc, id)
		.await?
		.ok_or_else(|| {
			CliError::failure(format!(
				"unknown task {}: not initialized yet, not a task id, or its deal finished and was removed after \
				 the chain's retention period (its results stay in the block that certified it)",
				hash_hex(id)
			))
		})
}

/// The hash of `order` on this chain, the one its owner signs
/// (`MarketplaceApi_order_hash`).
pub async fn order_hash(rpc: &Rpc, order: &OrderOf<Runtime>) -> Result<H256> {
	Ok(rpc.call("MarketplaceApi_order_hash", order).await?)
}

/// What the chain knows of the order `hash`: consumed, cancelled, presigned,
/// published (`MarketplaceApi_order_state`).
pub async fn order_state(rpc: &Rpc, hash: &H256) -> Result<OrderState> {
	Ok(rpc.call("MarketplaceApi_order_state", hash).await?)
}

/// Who may sign `order`, as the chain checks it: the owner of an offer's
/// asset (and a workerpool's operator, if named), a request's requester.
/// An unknown asset is an error.
pub async fn order_signers(rpc: &Rpc, order: &OrderOf<Runtime>) -> Result<Vec<AccountId>> {
	Ok(match order {
		Order::App(offer) => vec![app(rpc, offer.app).await?.owner],
		Order::Dataset(offer) => vec![dataset(rpc, offer.dataset).await?.owner],
		Order::Workerpool(offer) => {
			let owner = workerpool(rpc, offer.workerpool).await?.owner;
			let operator = reads::workerpool_operator(rpc, offer.workerpool).await?;
			std::iter::once(owner).chain(operator).collect()
		},
		Order::Request(request) => vec![request.requester.clone()],
	})
}

/// How far ahead an order may expire for the call about to be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
	/// At most `MaxOrderLifetime` ahead: to match, presign or publish it.
	Bounded,
	/// Any block ahead: to cancel it (the chain lets an owner void an order
	/// before it comes in range).
	Unbounded,
}

/// Refuses, before anything is sent, an order expiring at block `expires`
/// that the chain at its best block refuses (`OrderExpired`,
/// `ExpiryTooFar`); `what` names the order in the error (`the app order in
/// app.json`).
pub async fn check_expiry(rpc: &Rpc, expires: u32, what: &str, reach: Reach) -> Result<()> {
	let best = reads::best_number(rpc).await?;
	match expiry_refusal(expires, best, reach) {
		Some(why) => Err(CliError::failure(format!("{what} {why}"))),
		None => Ok(()),
	}
}

/// Why the chain at block `best` refuses an order expiring at block
/// `expires`, if it does: it is void from that block on (and a
/// transaction sent now lands in the next block at the earliest), and may
/// expire at most [`max_order_lifetime`] blocks ahead.
fn expiry_refusal(expires: u32, best: u32, reach: Reach) -> Option<String> {
	if expires <= best {
		return Some(format!(
			"expired at block {expires} (the chain is at block {best}): it can no longer be published, presigned, \
			 matched or cancelled"
		));
	}
	if expires == best.saturating_add(1) {
		return Some(format!(
			"expires at block {expires}, the next one: it is void in any block a transaction sent now can land in"
		));
	}
	let (ahead, max) = (expires.saturating_sub(best), max_order_lifetime());
	(reach == Reach::Bounded && ahead > max).then(|| {
		format!(
			"expires at block {expires}, {ahead} blocks after the chain's block {best}: beyond the longest order \
			 lifetime the chain accepts, {max} blocks (30 days)"
		)
	})
}

/// The ids of a deal's tasks: request indexes `first_index..first_index + volume`.
pub fn task_ids(deal: &DealId, first_index: u32, volume: u32) -> Vec<TaskId> {
	(0..volume).map(|offset| task_id(deal, first_index.saturating_add(offset))).collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn an_order_is_refused_once_expired_or_when_it_expires_too_far_ahead() {
		assert!(expiry_refusal(100, 100, Reach::Bounded).expect("void at its block").contains("expired at block 100"));
		assert!(expiry_refusal(99, 100, Reach::Bounded).expect("past").contains("the chain is at block 100"));
		assert!(expiry_refusal(101, 100, Reach::Bounded).expect("void in the next block").contains("the next one"));
		assert_eq!(expiry_refusal(102, 100, Reach::Bounded), None);
		assert_eq!(expiry_refusal(100 + max_order_lifetime(), 100, Reach::Bounded), None);
		let far = expiry_refusal(101 + max_order_lifetime(), 100, Reach::Bounded).expect("too far");
		assert!(far.contains("beyond the longest order lifetime"), "{far}");
		assert_eq!(expiry_refusal(101 + max_order_lifetime(), 100, Reach::Unbounded), None, "cancel reaches it");
		assert!(expiry_refusal(100, 100, Reach::Unbounded).is_some(), "but not once expired");
	}
}
