//! The marketplace as the other pallets use it: PoCo reads the deals whose
//! tasks it certifies and asks the marketplace to remove a finished one;
//! the bridge publishes requests for Ethereum dapps (`protocol.md` §4–§5).

use crate::{Deal, DealId, OrderHash, RequestOrder, Walk, WorkerpoolId};
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::{traits::Get, weights::Weight},
	sp_runtime::{DispatchError, Percent},
};

/// The deals, as the pallets that work on their tasks see them. The
/// marketplace owns the records: it is the one that removes them.
pub trait DealProvider<AccountId, Balance> {
	/// The bound of a deal's task parameters.
	type ParamsLen: Get<u32>;

	/// The deal `id`, if it exists.
	fn deal(id: &DealId) -> Option<Deal<AccountId, Balance, Self::ParamsLen>>;

	/// Every deal of `pool`, from the marketplace's per-pool index (for
	/// off-chain queries only: unbounded).
	fn deals_of_pool(pool: WorkerpoolId) -> Vec<(DealId, Deal<AccountId, Balance, Self::ParamsLen>)>;

	/// Removes the deal `id`, whose tasks are all finished and retained long
	/// enough, and returns it (`None` if there was none).
	fn remove_deal(id: &DealId) -> Option<Deal<AccountId, Balance, Self::ParamsLen>>;

	/// Stores `deal` as `id`, its funds already locked (benchmark set-up).
	#[cfg(feature = "runtime-benchmarks")]
	fn insert_deal(id: DealId, deal: Deal<AccountId, Balance, Self::ParamsLen>);
}

/// Publishing a request in the order book and matching it at once.
pub trait RequestMarket<AccountId, Balance> {
	/// The bound of a request's task parameters.
	type ParamsLen: Get<u32>;

	/// Publishes `order` for `who` (its requester), holding its deposit, and
	/// matches it with the best published offers, `price_weight` being how
	/// much the price counts against pool reputation. Returns the order's
	/// hash and the work the walk did.
	fn publish_request(
		who: &AccountId,
		order: RequestOrder<AccountId, Balance, Self::ParamsLen>,
		price_weight: Percent,
	) -> Result<(OrderHash, Walk), DispatchError>;

	/// The weight of [`RequestMarket::publish_request`] after `walk`, or at
	/// worst when `None`.
	fn publish_request_weight(walk: Option<Walk>) -> Weight;

	/// The storage deposit a published order holds.
	fn order_deposit() -> Balance;
}
