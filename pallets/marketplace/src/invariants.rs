//! The marketplace's invariants, checked by `try_state` and after every test.

use crate::{Book, Cancelled, Config, Consumed, Order, OrdersByAsset, Pallet, PoolOrdersByCategory};
use polkadot_sdk::{frame_support::ensure, sp_runtime::TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// The order book's invariants: every published order is indexed under
	/// its asset (and workerpool orders under their category, cheapest
	/// first), every index entry is published, no published order is
	/// cancelled or fully consumed, and no order is consumed beyond its volume.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		for (hash, entry) in Book::<T>::iter() {
			ensure!(
				OrdersByAsset::<T>::get(Self::listed_under(&entry.order)).contains(&hash),
				"a published order is missing from its asset's index"
			);
			if let Order::Workerpool(o) = &entry.order {
				ensure!(
					PoolOrdersByCategory::<T>::get(o.category).iter().any(|(_, h)| *h == hash),
					"a published workerpool order is missing from its category's index"
				);
			}
			ensure!(!Cancelled::<T>::contains_key(hash), "a cancelled order is still published");
			ensure!(Self::remaining(&hash, entry.order.volume()) > 0, "a consumed order is still published");
			ensure!(Consumed::<T>::get(hash) <= entry.order.volume(), "an order is consumed beyond its volume");
		}
		for (_, hashes) in OrdersByAsset::<T>::iter() {
			ensure!(hashes.iter().all(|h| Book::<T>::contains_key(h)), "an asset index lists an unpublished order");
		}
		for (_, orders) in PoolOrdersByCategory::<T>::iter() {
			ensure!(orders.iter().all(|(_, h)| Book::<T>::contains_key(h)), "a category index lists an unpublished order");
			ensure!(orders.windows(2).all(|w| w[0].0 <= w[1].0), "a category index is not sorted by price");
		}
		Ok(())
	}
}
