//! A marketplace for the pallets that publish requests and read deals (the
//! bridge, PoCo): [`RequestMarket`] and [`DealProvider`] over a few entries
//! of the test's storage, so that they roll back with it. A test may also
//! store deals it made itself ([`MockMarket::insert`]).
//!
//! A published request makes a one-task deal when the test said there is
//! an offer ([`offer`]), and none otherwise (as a real order book with no
//! offer that fits: the request is published, nothing is matched).

use codec::{Decode, Encode};
use ect_primitives::{
	deal_id, Deal, DealId, DealProvider, DealResource, OrderHash, RequestMarket, RequestOrder, Walk, WorkerpoolId,
};
use polkadot_sdk::{
	frame_support::{storage::unhashed, traits::ConstU32, weights::Weight},
	sp_core::H256,
	sp_io::hashing::blake2_256,
	sp_runtime::{DispatchError, Percent},
};

/// The bound of the mock's task parameters.
pub type MockParamsLen = ConstU32<64>;

/// What the mock's `publish_request` declares it costs.
pub const PUBLISH_WEIGHT: Weight = Weight::from_parts(11_000_000, 2_000);

const OFFER: &[u8] = b"ect-mocks/market/offer";
const DEALS: &[u8] = b"ect-mocks/market/deals";
const PUBLISHED: &[u8] = b"ect-mocks/market/published";

fn deal_key(id: &DealId) -> Vec<u8> {
	(b"ect-mocks/market/deal", id).encode()
}

/// Says whether the book holds an offer that matches the next requests.
pub fn offer(matches: bool) {
	unhashed::put(OFFER, &matches);
}

/// The hashes of the requests published so far (kept or rolled back with
/// the storage).
pub fn published() -> Vec<OrderHash> {
	unhashed::get(PUBLISHED).unwrap_or_default()
}

/// The mock marketplace.
pub struct MockMarket;

impl<AccountId, Balance> RequestMarket<AccountId, Balance> for MockMarket
where
	AccountId: Encode + Decode + Clone,
	Balance: Encode + Decode + Clone + Default,
{
	type ParamsLen = MockParamsLen;

	fn publish_request(
		who: &AccountId,
		order: RequestOrder<AccountId, Balance, MockParamsLen>,
		_price_weight: Percent,
	) -> Result<(OrderHash, Walk), DispatchError> {
		let hash = H256(blake2_256(&order.encode()));
		let mut published = published();
		published.push(hash);
		unhashed::put(PUBLISHED, &published);
		if !unhashed::get::<bool>(OFFER).unwrap_or(false) {
			return Ok((hash, Walk::default()));
		}
		let resource = |id, price: &Balance| DealResource { id, owner: who.clone(), price: price.clone() };
		let deal = Deal {
			app: resource(order.app, &order.app_max_price),
			dataset: None,
			workerpool: resource(order.workerpool.unwrap_or_default(), &order.workerpool_max_price),
			trust: order.trust.max(1),
			category: order.category,
			tag: order.tag,
			requester: order.requester.clone(),
			beneficiary: order.beneficiary.clone(),
			callback: order.callback,
			params: order.params.clone(),
			start: 0,
			first_index: 0,
			volume: order.volume,
			worker_stake: Balance::default(),
			scheduler_stake: Balance::default(),
			scheduler_reward_ratio: 0,
			request: hash,
			requirements: order.requirements,
		};
		Self::insert(deal_id(&hash, 0), deal);
		Ok((hash, Walk { failed: 0, deals: 1 }))
	}

	fn publish_request_weight(_walk: Option<Walk>) -> Weight {
		PUBLISH_WEIGHT
	}

	fn order_deposit() -> Balance {
		Balance::default()
	}
}

impl<AccountId, Balance> DealProvider<AccountId, Balance> for MockMarket
where
	AccountId: Encode + Decode + Clone,
	Balance: Encode + Decode + Clone + Default,
{
	type ParamsLen = MockParamsLen;

	fn deal(id: &DealId) -> Option<Deal<AccountId, Balance, MockParamsLen>> {
		unhashed::get(&deal_key(id))
	}

	fn deals_of_pool(pool: WorkerpoolId) -> Vec<(DealId, Deal<AccountId, Balance, MockParamsLen>)> {
		let ids: Vec<DealId> = unhashed::get(DEALS).unwrap_or_default();
		ids.into_iter()
			.filter_map(|id| Self::deal(&id).map(|deal| (id, deal)))
			.filter(|(_, deal)| deal.workerpool.id == pool)
			.collect()
	}

	fn remove_deal(id: &DealId) -> Option<Deal<AccountId, Balance, MockParamsLen>> {
		let deal = Self::deal(id)?;
		unhashed::kill(&deal_key(id));
		let mut ids: Vec<DealId> = unhashed::get(DEALS).unwrap_or_default();
		ids.retain(|d| d != id);
		unhashed::put(DEALS, &ids);
		Some(deal)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn insert_deal(id: DealId, deal: Deal<AccountId, Balance, MockParamsLen>) {
		Self::insert(id, deal);
	}
}

impl MockMarket {
	/// Stores `deal` as `id` (its funds are the caller's business).
	pub fn insert<AccountId: Encode, Balance: Encode>(id: DealId, deal: Deal<AccountId, Balance, MockParamsLen>) {
		unhashed::put(&deal_key(&id), &deal);
		let mut ids: Vec<DealId> = unhashed::get(DEALS).unwrap_or_default();
		if !ids.contains(&id) {
			ids.push(id);
		}
		unhashed::put(DEALS, &ids);
	}

	/// Changes the stored deal `id` with `change`; does nothing if there is none.
	pub fn modify<AccountId: Encode + Decode, Balance: Encode + Decode>(
		id: DealId,
		change: impl FnOnce(&mut Deal<AccountId, Balance, MockParamsLen>),
	) {
		if let Some(mut deal) = unhashed::get::<Deal<AccountId, Balance, MockParamsLen>>(&deal_key(&id)) {
			change(&mut deal);
			unhashed::put(&deal_key(&id), &deal);
		}
	}
}
