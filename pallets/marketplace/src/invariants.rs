//! The marketplace's invariants, checked by `try_state` and after every test.

use crate::{
	Book, Cancelled, Config, Consumed, Deals, DealsByPool, Expiries, Order, OrderKind, OrderPrunes, OrdersByAsset,
	Pallet, PoolOrdersByCategory, Presigned, Prune, PruneCursor, RestingByCategory, RestingRequests,
};
use alloc::collections::BTreeSet;
use polkadot_sdk::{frame_support::ensure, sp_runtime::TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// The order book's invariants: every published order is indexed under
	/// its assets (workerpool orders under their category, cheapest first),
	/// every published request rests (indexed under its category, highest
	/// price first, and due to expire at its block), every index entry is
	/// published, no published order is cancelled or fully consumed, no
	/// order is consumed beyond its volume, and every deal is indexed under
	/// its workerpool and nothing else is. Pruning: every published offer is
	/// due to leave the book at its expiry, every order the chain remembers
	/// is due to be forgotten, and nothing is due before the cursor.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::try_prunes()?;
		for (hash, entry) in Book::<T>::iter() {
			for asset in Self::listings(&entry.order) {
				ensure!(
					OrdersByAsset::<T>::get(asset).contains(&hash),
					"a published order is missing from its asset's index"
				);
			}
			match &entry.order {
				Order::Workerpool(o) => ensure!(
					PoolOrdersByCategory::<T>::get(o.category).iter().any(|(_, h)| *h == hash),
					"a published workerpool order is missing from its category's index"
				),
				Order::Request(o) => {
					let resting = RestingRequests::<T>::get(hash).ok_or("a published request does not rest")?;
					ensure!(
						RestingByCategory::<T>::get(o.category).contains(&(o.workerpool_max_price, hash)),
						"a resting request is missing from its category's index"
					);
					ensure!(Expiries::<T>::get(resting.expires).contains(&hash), "a resting request has no expiry");
				},
				_ => {},
			}
			// (An offer whose unlisting failed waits for a later slot.)
			if entry.order.kind() != OrderKind::Request && entry.order.expires() >= PruneCursor::<T>::get() {
				ensure!(
					OrderPrunes::<T>::get(entry.order.expires(), hash) == Some(Prune::Unlist),
					"a published offer is not due to leave the book at its expiry"
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
		for (hash, _) in RestingRequests::<T>::iter() {
			ensure!(Book::<T>::contains_key(hash), "a resting request is not published");
		}
		for (_, requests) in RestingByCategory::<T>::iter() {
			ensure!(
				requests.iter().all(|(_, h)| RestingRequests::<T>::contains_key(h)),
				"a category's resting index lists a request that does not rest"
			);
			ensure!(requests.windows(2).all(|w| w[0].0 >= w[1].0), "a resting index is not sorted by price");
		}
		for (block, hashes) in Expiries::<T>::iter() {
			ensure!(
				hashes.iter().all(|h| RestingRequests::<T>::get(h).is_some_and(|r| r.expires == block)),
				"an expiry lists a request that does not rest until then"
			);
		}
		for (id, deal) in Deals::<T>::iter() {
			ensure!(DealsByPool::<T>::contains_key(deal.workerpool.id, id), "a deal is missing from its pool's index");
		}
		for (pool, id, ()) in DealsByPool::<T>::iter() {
			ensure!(
				Deals::<T>::get(id).is_some_and(|deal| deal.workerpool.id == pool),
				"a pool's deal index lists a deal of another pool or none"
			);
		}
		Ok(())
	}

	/// The pruning invariants of [`Self::do_try_state`].
	fn try_prunes() -> Result<(), TryRuntimeError> {
		let cursor = PruneCursor::<T>::get();
		let mut forgotten = BTreeSet::new();
		for (block, hash, prune) in OrderPrunes::<T>::iter() {
			ensure!(block >= cursor, "an order prune is due before the cursor");
			match prune {
				Prune::Forget => {
					forgotten.insert(hash);
				},
				Prune::Unlist => ensure!(
					Book::<T>::get(hash).is_some_and(|entry| entry.order.expires() <= block),
					"an unlisting is due for an order not published, or before its expiry"
				),
			}
		}
		let remembered = Consumed::<T>::iter_keys().chain(Cancelled::<T>::iter_keys()).chain(Presigned::<T>::iter_keys());
		for hash in remembered {
			ensure!(forgotten.contains(&hash), "an order's state is never forgotten");
		}
		Ok(())
	}
}
