//! The runtime API clients call with `state_call` (`MarketplaceApi_*`), and
//! the pallet functions behind it.

use crate::{
	BalanceOf, Book, Cancelled, Config, Consumed, DealId, DealOf, Deals, Funds, OrderHash, OrderOf, OrderState,
	OrdersByAsset, Pallet, Presigned, TaskId,
};
use alloc::vec::Vec;
use codec::Codec;
use ect_primitives::{AssetRef, Escrow, LockReason, StorageDeposits};
use polkadot_sdk::{frame_support::traits::fungible::Inspect, sp_api, sp_core::H256};

sp_api::decl_runtime_apis! {
	/// Orders, deals and funds of the marketplace.
	pub trait MarketplaceApi<AccountId, Balance, Order, Deal>
	where
		AccountId: Codec,
		Balance: Codec,
		Order: Codec,
		Deal: Codec,
	{
		/// The hash an order's owner signs (domain, genesis hash, kind, order).
		fn order_hash(order: Order) -> H256;
		/// What the chain knows of an order: consumed volume, cancelled,
		/// presigned, published.
		fn order_state(order: H256) -> OrderState;
		/// The published orders listed under an asset (offers by their asset,
		/// requests by their app and their dataset) that can still be
		/// matched, with their hashes and remaining volumes: an order past its
		/// expiry, or with no volume left, is not open even while it waits in
		/// the book to be pruned.
		fn open_orders(asset: AssetRef) -> Vec<(H256, Order, u32)>;
		/// A deal.
		fn deal(deal: H256) -> Option<Deal>;
		/// The ids of up to `count` tasks of a deal, from its `from`-th task.
		fn deal_tasks(deal: H256, from: u32, count: u32) -> Vec<H256>;
		/// An account's free funds and what the protocol holds of it.
		fn funds(who: AccountId) -> Funds<Balance>;
	}
}

impl<T: Config> Pallet<T> {
	/// See [`MarketplaceApi::order_state`].
	pub fn api_order_state(hash: OrderHash) -> OrderState {
		OrderState {
			consumed: Consumed::<T>::get(hash),
			cancelled: Cancelled::<T>::contains_key(hash),
			presigned: Presigned::<T>::contains_key(hash),
			published: Book::<T>::contains_key(hash),
		}
	}

	/// See [`MarketplaceApi::open_orders`].
	pub fn api_open_orders(asset: AssetRef) -> Vec<(OrderHash, OrderOf<T>, u32)> {
		let now = Self::current_block();
		OrdersByAsset::<T>::get(asset)
			.into_iter()
			.filter_map(|hash| {
				let entry = Book::<T>::get(hash).filter(|entry| entry.order.expires() > now)?;
				let remaining = Self::remaining(&hash, entry.order.volume());
				(remaining > 0).then_some((hash, entry.order, remaining))
			})
			.collect()
	}

	/// See [`MarketplaceApi::deal`].
	pub fn api_deal(deal: DealId) -> Option<DealOf<T>> {
		Deals::<T>::get(deal)
	}

	/// See [`MarketplaceApi::deal_tasks`].
	pub fn api_deal_tasks(deal: DealId, from: u32, count: u32) -> Vec<TaskId> {
		Self::deal_task_ids(&deal, from, count)
	}

	/// See [`MarketplaceApi::funds`].
	pub fn api_funds(who: &T::AccountId) -> Funds<BalanceOf<T>> {
		Funds {
			free: T::Currency::balance(who),
			payment: T::Escrow::locked(LockReason::Payment, who),
			scheduler_stake: T::Escrow::locked(LockReason::SchedulerStake, who),
			worker_stake: T::Escrow::locked(LockReason::WorkerStake, who),
			deposits: T::Registry::deposits(who),
		}
	}
}

