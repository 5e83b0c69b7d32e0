//! Order lifetime and pruning [beyond] (`protocol.md` §4, "Order lifetime").
//!
//! Every order names the block it expires at. Before it, the order may be
//! matched, presigned, published or cancelled, if that block is at most
//! `MaxOrderLifetime` ahead; from it on, the chain refuses the order, so
//! what it remembers of it (its consumed volume, cancellation or
//! presignature) guards nothing any more. That state is forgotten
//! `OrderRetention` blocks after the expiry (clients may still read it
//! meanwhile), and a published offer leaves the book at its expiry, its
//! deposit returned.
//!
//! Both are scheduled in [`OrderPrunes`], keyed by the block they are due
//! at, and carried out at the start of blocks by [`Pallet::prune`]: the slot
//! under [`PruneCursor`] first, at most `MaxPrunesPerBlock` orders and
//! [`MAX_PRUNE_SLOTS`] slots per block, so a slot fuller than the budget
//! spreads over the next blocks and the cursor catches up after them.

use crate::{
	Cancelled, Config, Consumed, Error, Event, OrderHash, OrderKind, OrderPrunes, Pallet, Presigned, Prune,
	PruneCursor,
};
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::{dispatch::DispatchResult, ensure, storage::with_storage_layer, traits::Get},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::SaturatedConversion,
};

/// The most prune slots (blocks) the cursor moves over in one block.
pub const MAX_PRUNE_SLOTS: u32 = 8;

/// What one block's pruning did, for its weight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
	/// The slots read (each one emptied or found empty, or the last one cut short).
	pub slots: u32,
	/// The orders unlisted or forgotten.
	pub orders: u32,
}

impl<T: Config> Pallet<T> {
	/// The current block, as orders count blocks.
	pub(crate) fn current_block() -> u32 {
		frame_system::Pallet::<T>::block_number().saturated_into()
	}

	/// Fails unless an order of `kind` expiring at `expires` may be used at
	/// this block: not yet expired, and not more than `MaxOrderLifetime`
	/// ahead (so that what the chain remembers of it is bounded in time).
	pub(crate) fn ensure_live(kind: OrderKind, expires: u32) -> DispatchResult {
		let now = Self::current_block();
		ensure!(expires > now, Error::<T>::OrderExpired(kind));
		ensure!(expires <= now.saturating_add(T::MaxOrderLifetime::get()), Error::<T>::ExpiryTooFar(kind));
		Ok(())
	}

	/// Schedules the chain's state of the order `hash` (consumed volume,
	/// cancellation, presignature) to be forgotten `OrderRetention` blocks
	/// after it expires. Called when that state is first written, for a
	/// live order (so the slot is ahead of the cursor).
	pub(crate) fn remember(hash: OrderHash, expires: u32) {
		OrderPrunes::<T>::insert(expires.saturating_add(T::OrderRetention::get()), hash, Prune::Forget);
	}

	/// Schedules the published offer `hash` to leave the book at `expires`.
	pub(crate) fn unlist_at(hash: OrderHash, expires: u32) {
		OrderPrunes::<T>::insert(expires, hash, Prune::Unlist);
	}

	/// Cancels what [`Self::unlist_at`] scheduled, when the offer leaves the
	/// book before it expires. An unlisting that failed was rescheduled
	/// later; it then finds the offer gone and does nothing.
	pub(crate) fn keep_listed(hash: &OrderHash, expires: u32) {
		OrderPrunes::<T>::remove(expires, hash);
	}

	/// Carries out the prunes due at or before `now`, within the per-block
	/// bounds; each unlisting in a storage layer of its own.
	pub(crate) fn prune(now: BlockNumberFor<T>) -> Pruned {
		let now: u32 = now.saturated_into();
		let budget = T::MaxPrunesPerBlock::get();
		let mut cursor = PruneCursor::<T>::get();
		let mut done = Pruned::default();
		while cursor <= now && done.slots < MAX_PRUNE_SLOTS && done.orders < budget {
			done.slots = done.slots.saturating_add(1);
			let room = budget.saturating_sub(done.orders);
			let due: Vec<(OrderHash, Prune)> = OrderPrunes::<T>::iter_prefix(cursor).take(room as usize).collect();
			done.orders = done.orders.saturating_add(due.len() as u32);
			for (hash, prune) in &due {
				OrderPrunes::<T>::remove(cursor, hash);
				match prune {
					Prune::Forget => Self::forget(hash),
					Prune::Unlist => {
						let unlisted = with_storage_layer(|| -> DispatchResult {
							Self::remove_from_book(hash)?;
							Self::deposit_event(Event::OfferExpired { order: *hash });
							Ok(())
						});
						if unlisted.is_err() {
							// Its deposit could not be released (a broken hold):
							// tried again at the next slot, never lost.
							OrderPrunes::<T>::insert(cursor.saturating_add(1), hash, Prune::Unlist);
						}
					},
				}
			}
			if (due.len() as u32) < room {
				cursor = cursor.saturating_add(1);
			}
		}
		if done.slots > 0 {
			PruneCursor::<T>::put(cursor);
		}
		done
	}

	/// Drops what the chain remembers of an expired order.
	fn forget(hash: &OrderHash) {
		Consumed::<T>::remove(hash);
		Cancelled::<T>::remove(hash);
		Presigned::<T>::remove(hash);
	}
}
