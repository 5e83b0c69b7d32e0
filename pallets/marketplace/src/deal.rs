//! Making a deal out of checked orders: amounts, escrow locks, consumed
//! volumes, the deal record and its ids (`protocol.md` §4).

use crate::{
	BalanceOf, Book, Config, Consumed, Deal, DealId, DealResource, Deals, DealsByPool, Error, Event, OrderHash, Pallet,
	RequestOrderOf, TaskId,
};
use ect_poco_math::payout::SCHEDULER_STAKE_PERCENT;
use ect_primitives::{deal_id, task_id, Escrow, LockReason, PoolPolicy, Resources, Tag};
use polkadot_sdk::{
	frame_support::pallet_prelude::DispatchError,
	sp_runtime::{traits::CheckedMul, Percent},
};

/// Everything a deal is made of, once the orders are checked.
pub(crate) struct DealTerms<'a, T: Config> {
	pub app: DealResource<T::AccountId, BalanceOf<T>>,
	pub dataset: Option<DealResource<T::AccountId, BalanceOf<T>>>,
	pub workerpool: DealResource<T::AccountId, BalanceOf<T>>,
	pub policy: PoolPolicy,
	pub request: &'a RequestOrderOf<T>,
	pub tag: Tag,
	/// The app's requirements (the request's are in `request`).
	pub app_requirements: Resources,
	pub volume: u32,
	pub app_hash: OrderHash,
	pub dataset_hash: Option<OrderHash>,
	pub pool_hash: OrderHash,
	pub request_hash: OrderHash,
}

impl<T: Config> Pallet<T> {
	/// Locks the requester's payment and the scheduler's stake for
	/// `terms.volume` tasks, consumes that volume of each order and records
	/// the deal.
	pub(crate) fn make_deal(terms: DealTerms<'_, T>) -> Result<DealId, DispatchError> {
		let request = terms.request;
		let pool_price = terms.workerpool.price;
		// The registry refuses ratios above 100; `from_percent` caps them anyway.
		let worker_stake = Percent::from_percent(terms.policy.worker_stake_ratio).mul_floor(pool_price);
		let scheduler_stake = Percent::from_percent(SCHEDULER_STAKE_PERCENT).mul_floor(pool_price);
		let first_index = Consumed::<T>::get(terms.request_hash);
		let deal = Deal {
			app: terms.app,
			dataset: terms.dataset,
			workerpool: terms.workerpool,
			trust: request.trust.max(1),
			category: request.category,
			tag: terms.tag,
			requester: request.requester.clone(),
			beneficiary: request.beneficiary.clone(),
			callback: request.callback,
			params: request.params.clone(),
			start: Self::now_ms(),
			first_index,
			volume: terms.volume,
			worker_stake,
			scheduler_stake,
			scheduler_reward_ratio: terms.policy.scheduler_reward_ratio,
			request: terms.request_hash,
			requirements: terms.app_requirements.combined(&request.requirements),
		};

		let volume = BalanceOf::<T>::from(terms.volume);
		let payment = deal.task_price().and_then(|p| p.checked_mul(&volume)).ok_or(Error::<T>::PriceOverflow)?;
		let stakes = scheduler_stake.checked_mul(&volume).ok_or(Error::<T>::PriceOverflow)?;
		T::Escrow::lock(LockReason::Payment, &deal.requester, payment).map_err(|_| Error::<T>::RequesterCannotPay)?;
		T::Escrow::lock(LockReason::SchedulerStake, &deal.workerpool.owner, stakes)
			.map_err(|_| Error::<T>::SchedulerCannotStake)?;

		let hashes = [Some(terms.app_hash), terms.dataset_hash, Some(terms.pool_hash), Some(terms.request_hash)];
		for hash in hashes.iter().flatten() {
			// Never beyond the order's volume: `terms.volume` is at most what remains.
			Consumed::<T>::mutate(hash, |consumed| *consumed = consumed.saturating_add(terms.volume));
		}

		let id = deal_id(&terms.request_hash, first_index);
		let (requester, scheduler) = (deal.requester.clone(), deal.workerpool.owner.clone());
		DealsByPool::<T>::insert(deal.workerpool.id, id, ());
		Deals::<T>::insert(id, deal);
		Self::deposit_event(Event::DealCreated {
			deal: id,
			request: terms.request_hash,
			app_order: terms.app_hash,
			dataset_order: terms.dataset_hash,
			workerpool_order: terms.pool_hash,
			requester,
			scheduler,
			first_index,
			volume: terms.volume,
		});

		// Published orders with nothing left leave the book.
		for hash in hashes.iter().flatten() {
			if let Some(entry) = Book::<T>::get(hash) {
				if Self::remaining(hash, entry.order.volume()) == 0 {
					Self::remove_from_book(hash)?;
				}
			}
		}
		Ok(id)
	}

	/// The ids of `count` tasks of `deal` from its `from`-th task (bounded by
	/// the deal's volume), in index order.
	pub fn deal_task_ids(deal: &DealId, from: u32, count: u32) -> alloc::vec::Vec<TaskId> {
		let Some(record) = Deals::<T>::get(deal) else { return alloc::vec::Vec::new() };
		let end = record.volume.min(from.saturating_add(count));
		(from..end).map(|offset| task_id(deal, record.first_index.saturating_add(offset))).collect()
	}
}
