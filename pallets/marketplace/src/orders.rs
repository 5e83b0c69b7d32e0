//! Presigning and cancelling orders, and their remaining volume. Both are
//! refused for an expired order; presigning also for one expiring too far
//! ahead ([`crate::lifetime`]).

use crate::{Cancelled, Config, Consumed, Error, Event, OrderHash, OrderOf, Pallet, Presigned};
use polkadot_sdk::frame_support::{dispatch::DispatchResult, ensure};

impl<T: Config> Pallet<T> {
	/// The volume of an order issued with `volume` that is still unmatched.
	pub fn remaining(hash: &OrderHash, volume: u32) -> u32 {
		volume.saturating_sub(Consumed::<T>::get(hash))
	}

	/// Presigns `order` for `who`, its owner (or its pool's operator).
	pub(crate) fn do_presign(who: &T::AccountId, order: &OrderOf<T>) -> DispatchResult {
		Self::ensure_signer(order, who)?;
		ensure!(order.volume() > 0, Error::<T>::ZeroVolume);
		let hash = Self::order_hash(order);
		Self::ensure_live(order.kind(), order.expires())?;
		ensure!(Presigned::<T>::get(hash).as_ref() != Some(who), Error::<T>::AlreadyPresigned);
		ensure!(!Cancelled::<T>::contains_key(hash), Error::<T>::OrderCancelled(order.kind()));
		Presigned::<T>::insert(hash, who);
		Self::remember(hash, order.expires());
		Self::deposit_event(Event::OrderPresigned { order: hash, kind: order.kind(), owner: who.clone() });
		Ok(())
	}

	/// Cancels `order` for `who`, its owner (or its pool's operator): it can
	/// never be matched again, and leaves the order book if it was published.
	pub(crate) fn do_cancel(who: &T::AccountId, order: &OrderOf<T>) -> DispatchResult {
		Self::ensure_signer(order, who)?;
		let hash = Self::order_hash(order);
		// Any order not yet expired, even one too far ahead to be used now:
		// its owner may void a leaked signature before it comes in range.
		ensure!(order.expires() > Self::current_block(), Error::<T>::OrderExpired(order.kind()));
		ensure!(!Cancelled::<T>::contains_key(hash), Error::<T>::AlreadyCancelled);
		Cancelled::<T>::insert(hash, ());
		Self::remember(hash, order.expires());
		Presigned::<T>::remove(hash);
		Self::remove_from_book(&hash)?;
		Self::deposit_event(Event::OrderCancelled { order: hash, kind: order.kind() });
		Ok(())
	}
}
