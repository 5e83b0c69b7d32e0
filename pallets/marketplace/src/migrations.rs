//! Storage migrations of this pallet, one module per storage version step
//! (`v1`, `v2`, ...), each a `VersionedMigration` from version N to N + 1
//! with its `pre_upgrade` / `post_upgrade` checks.
//!
//! [`Unreleased`] is what the runtime's `Migrations` tuple takes from this
//! pallet; a layout change adds its step here, bumps `STORAGE_VERSION` in
//! `lib.rs`, and names the step in [`Unreleased`].

/// The migrations not yet released in a runtime.
pub type Unreleased<T> = (v1::Migration<T>,);

/// Version 1: published requests rest ([`crate::RestingRequests`],
/// [`crate::RestingByCategory`], [`crate::Expiries`]) and are listed under
/// their dataset too. Each request published before gets the indexes a
/// request published now would get, with the price weight the CLI uses
/// (100%) and a full lifetime from the upgrade; one that finds no room
/// leaves the book, its deposit returned.
pub mod v1 {
	use crate::{Book, Config, Order, OrderHash, OrdersByAsset, Pallet, RequestOrderOf};
	use alloc::vec::Vec;
	use core::marker::PhantomData;
	use ect_primitives::AssetRef;
	use polkadot_sdk::{
		frame_support::{
			migrations::VersionedMigration,
			storage::with_storage_layer,
			traits::{Get, UncheckedOnRuntimeUpgrade},
			weights::Weight,
		},
		frame_system,
		sp_runtime::{DispatchError, Percent},
	};
	#[cfg(feature = "try-runtime")]
	use polkadot_sdk::sp_runtime::TryRuntimeError;

	/// The price weight given to requests published before version 1.
	pub const PRICE_WEIGHT: Percent = Percent::from_percent(100);

	/// Indexes one request published before version 1 as resting.
	fn index<T: Config>(hash: OrderHash, request: &RequestOrderOf<T>) -> Result<(), DispatchError> {
		if let Some(dataset) = request.dataset {
			OrdersByAsset::<T>::try_mutate(AssetRef::Dataset(dataset), |list| list.try_push(hash))
				.map_err(|_| crate::Error::<T>::OrderBookFull)?;
		}
		Pallet::<T>::rest(hash, request, PRICE_WEIGHT).map(|_| ())
	}

	/// Rests every published request, or takes it out of the book if it
	/// cannot rest. One pass over [`Book`].
	pub struct IndexRestingRequests<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for IndexRestingRequests<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut orders = 0u64;
			let mut requests: Vec<(OrderHash, RequestOrderOf<T>)> = Vec::new();
			for (hash, entry) in Book::<T>::iter() {
				orders = orders.saturating_add(1);
				if let Order::Request(request) = entry.order {
					requests.push((hash, request));
				}
			}
			let mut dropped = 0u64;
			for (hash, request) in &requests {
				if with_storage_layer(|| index::<T>(*hash, request)).is_err() {
					dropped = dropped.saturating_add(1);
					let _ = Pallet::<T>::remove_from_book(hash);
				}
			}
			let indexed = requests.len() as u64;
			// Per request: its dataset listing, the expiry buckets tried (at
			// most EXPIRY_SPREAD), its category index, and what it writes;
			// per dropped request, unpublishing it.
			let per_request = u64::from(crate::EXPIRY_SPREAD).saturating_add(3);
			T::DbWeight::get()
				.reads_writes(orders.saturating_add(indexed.saturating_mul(per_request)), indexed.saturating_mul(4))
				.saturating_add(T::DbWeight::get().reads_writes(dropped.saturating_mul(5), dropped.saturating_mul(5)))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			use codec::Encode;
			let requests: Vec<OrderHash> = Book::<T>::iter()
				.filter(|(_, entry)| matches!(entry.order, Order::Request(_)))
				.map(|(hash, _)| hash)
				.collect();
			Ok(requests.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			use codec::Decode;
			let before = Vec::<OrderHash>::decode(&mut &state[..]).map_err(|_| "the pre-upgrade requests decode")?;
			for hash in before {
				polkadot_sdk::frame_support::ensure!(
					!Book::<T>::contains_key(hash) || crate::RestingRequests::<T>::contains_key(hash),
					"a published request does not rest after the upgrade"
				);
			}
			Pallet::<T>::do_try_state()
		}
	}

	/// The step from storage version 0 to 1.
	pub type Migration<T> =
		VersionedMigration<0, 1, IndexRestingRequests<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
