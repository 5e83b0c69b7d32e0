//! What the marketplace offers the other pallets, through `ect-primitives`'s
//! traits: its deals (PoCo certifies their tasks and asks for a finished
//! deal's removal) and the publication of requests (the bridge).

use crate::{BalanceOf, Config, DealOf, Deals, DealsByPool, Pallet, RequestOrderOf, WeightInfo};
use alloc::vec::Vec;
use ect_primitives::{DealId, DealProvider, OrderHash, RequestMarket, Walk, WorkerpoolId};
use polkadot_sdk::{
	frame_support::{traits::Get, weights::Weight},
	sp_runtime::{DispatchError, Percent},
};

impl<T: Config> DealProvider<T::AccountId, BalanceOf<T>> for Pallet<T> {
	type ParamsLen = T::MaxParamsLen;

	fn deal(id: &DealId) -> Option<DealOf<T>> {
		Deals::<T>::get(id)
	}

	fn deals_of_pool(pool: WorkerpoolId) -> Vec<(DealId, DealOf<T>)> {
		DealsByPool::<T>::iter_key_prefix(pool).filter_map(|id| Deals::<T>::get(id).map(|deal| (id, deal))).collect()
	}

	fn remove_deal(id: &DealId) -> Option<DealOf<T>> {
		let deal = Deals::<T>::take(id)?;
		DealsByPool::<T>::remove(deal.workerpool.id, id);
		Some(deal)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn insert_deal(id: DealId, deal: DealOf<T>) {
		DealsByPool::<T>::insert(deal.workerpool.id, id, ());
		Deals::<T>::insert(id, deal);
	}
}

impl<T: Config> RequestMarket<T::AccountId, BalanceOf<T>> for Pallet<T> {
	type ParamsLen = T::MaxParamsLen;

	fn publish_request(
		who: &T::AccountId,
		order: RequestOrderOf<T>,
		price_weight: Percent,
	) -> Result<(OrderHash, Walk), DispatchError> {
		Self::do_publish_request(who, order, price_weight)
	}

	fn publish_request_weight(walk: Option<Walk>) -> Weight {
		match walk {
			Some(walk) => T::WeightInfo::publish_request(walk.failed, walk.deals),
			None => T::WeightInfo::publish_request(T::MaxMatchCandidates::get(), T::MaxDealsPerPublish::get()),
		}
	}

	fn order_deposit() -> BalanceOf<T> {
		T::OrderDeposit::get()
	}
}
