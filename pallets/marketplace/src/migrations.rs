//! Storage migrations of this pallet, one module per storage version step
//! (`v1`, `v2`, ...), each a `VersionedMigration` from version N to N + 1
//! with its `pre_upgrade` / `post_upgrade` checks.
//!
//! [`Unreleased`] is what the runtime's `Migrations` tuple takes from this
//! pallet; a layout change adds its step here, bumps `STORAGE_VERSION` in
//! `lib.rs`, and names the step in [`Unreleased`].

/// The migrations not yet released in a runtime.
pub type Unreleased<T> = (v1::Migration<T>, v2::Migration<T>, v3::Migration<T>);

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
			Ok(())
		}
	}

	/// The step from storage version 0 to 1.
	pub type Migration<T> =
		VersionedMigration<0, 1, IndexRestingRequests<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// Version 2: a deal records the machine requirements its workers must meet
/// ([`crate::Deal::requirements`]) and is indexed under its workerpool
/// ([`crate::DealsByPool`]). A deal matched before gets its app's current
/// requirements (its request's were not kept) and its index entry.
pub mod v2 {
	use crate::{BalanceOf, Config, DealId, DealResource, Deals, DealsByPool, Pallet};
	use codec::{Decode, Encode};
	use core::marker::PhantomData;
	use ect_primitives::{AssetRegistry, CallbackTarget, CategoryId, Deal, OrderHash, Tag};
	use polkadot_sdk::{
		frame_support::{
			migrations::VersionedMigration,
			traits::{Get, UncheckedOnRuntimeUpgrade},
			weights::Weight,
			BoundedVec,
		},
		frame_system,
	};
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, polkadot_sdk::sp_runtime::TryRuntimeError};

	/// A deal as version 1 stored it: without its requirements.
	#[derive(Encode, Decode)]
	pub struct DealV1<AccountId, Balance, ParamsLen: Get<u32>> {
		pub app: DealResource<AccountId, Balance>,
		pub dataset: Option<DealResource<AccountId, Balance>>,
		pub workerpool: DealResource<AccountId, Balance>,
		pub trust: u32,
		pub category: CategoryId,
		pub tag: Tag,
		pub requester: AccountId,
		pub beneficiary: AccountId,
		pub callback: Option<CallbackTarget>,
		pub params: BoundedVec<u8, ParamsLen>,
		pub start: u64,
		pub first_index: u32,
		pub volume: u32,
		pub worker_stake: Balance,
		pub scheduler_stake: Balance,
		pub scheduler_reward_ratio: u8,
		pub request: OrderHash,
	}

	/// A version 1 deal of this pallet's runtime.
	pub type DealV1Of<T> =
		DealV1<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::MaxParamsLen>;

	/// Gives every deal its app's requirements and its pool index entry.
	pub struct RecordRequirements<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for RecordRequirements<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut deals = 0u64;
			let mut indexed: alloc::vec::Vec<(u32, DealId)> = alloc::vec::Vec::new();
			Deals::<T>::translate::<DealV1Of<T>, _>(|id, old| {
				deals = deals.saturating_add(1);
				let requirements = T::Registry::app(old.app.id).map(|app| app.requirements).unwrap_or_default();
				indexed.push((old.workerpool.id, id));
				Some(Deal {
					app: old.app,
					dataset: old.dataset,
					workerpool: old.workerpool,
					trust: old.trust,
					category: old.category,
					tag: old.tag,
					requester: old.requester,
					beneficiary: old.beneficiary,
					callback: old.callback,
					params: old.params,
					start: old.start,
					first_index: old.first_index,
					volume: old.volume,
					worker_stake: old.worker_stake,
					scheduler_stake: old.scheduler_stake,
					scheduler_reward_ratio: old.scheduler_reward_ratio,
					request: old.request,
					requirements,
				})
			});
			for (pool, id) in indexed {
				DealsByPool::<T>::insert(pool, id, ());
			}
			// Per deal: the deal and its app read, the deal and its index
			// entry written.
			T::DbWeight::get().reads_writes(deals.saturating_mul(2), deals.saturating_mul(2))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			let deals: Vec<DealId> = Deals::<T>::iter_keys().collect();
			Ok(deals.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let before = Vec::<DealId>::decode(&mut &state[..]).map_err(|_| "the pre-upgrade deals decode")?;
			for id in &before {
				let deal = Deals::<T>::get(id).ok_or("a deal did not decode in the new layout")?;
				polkadot_sdk::frame_support::ensure!(
					DealsByPool::<T>::contains_key(deal.workerpool.id, id),
					"a deal is missing from its pool's index after the upgrade"
				);
			}
			polkadot_sdk::frame_support::ensure!(
				Deals::<T>::iter_keys().count() == before.len(),
				"the upgrade changed the number of deals"
			);
			Ok(())
		}
	}

	/// The step from storage version 1 to 2.
	pub type Migration<T> =
		VersionedMigration<1, 2, RecordRequirements<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// Version 3: orders expire [beyond] (`expires`, [`crate::lifetime`]), and
/// what the chain remembers of them is pruned. An order of the old layout
/// has no expiry and its hash can never be produced again (the new field is
/// part of what is hashed), so nothing of it can be used any more: the
/// order book is emptied (deposits returned) with its indexes and
/// expiries, the consumed volumes, cancellations and presignatures are
/// dropped, and the pruning cursor starts at the upgrade's block. Deals are
/// not touched. Owners publish and sign their orders again, with an expiry.
pub mod v3 {
	use crate::{
		BalanceOf, Book, Cancelled, Config, Consumed, Expiries, OrderPrunes, OrdersByAsset, Pallet,
		PoolOrdersByCategory, Presigned, PruneCursor, RestingByCategory, RestingRequests,
	};
	use alloc::vec::Vec;
	use codec::{Decode, MaxEncodedLen};
	use core::marker::PhantomData;
	use ect_primitives::StorageDeposits;
	use polkadot_sdk::{
		frame_support::{
			migrations::VersionedMigration,
			storage::{PrefixIterator, StoragePrefixedMap},
			traits::{Get, UncheckedOnRuntimeUpgrade},
			weights::Weight,
		},
		frame_system,
	};
	#[cfg(feature = "try-runtime")]
	use polkadot_sdk::sp_runtime::TryRuntimeError;

	/// Who holds a published order's deposit, and how much, read from the
	/// end of its stored value: a `Published` entry ends with its owner and
	/// deposit, whose encodings have a fixed size (the runtime's 32-byte
	/// accounts and `u128` balances), whatever the order's layout before.
	fn holder<T: Config>(_key: &[u8], value: &[u8]) -> Result<(T::AccountId, BalanceOf<T>), codec::Error> {
		let tail = T::AccountId::max_encoded_len().saturating_add(BalanceOf::<T>::max_encoded_len());
		let at = value.len().checked_sub(tail).ok_or("a published order too short for its owner and deposit")?;
		let mut rest = value.get(at..).unwrap_or_default();
		<(T::AccountId, BalanceOf<T>)>::decode(&mut rest)
	}

	/// Empties the order book (returning deposits) and every order index,
	/// state and prune schedule, and starts the pruning cursor.
	pub struct ForgetUnexpiringOrders<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for ForgetUnexpiringOrders<T> {
		fn on_runtime_upgrade() -> Weight {
			let prefix = Book::<T>::final_prefix().to_vec();
			let published: Vec<(T::AccountId, BalanceOf<T>)> =
				PrefixIterator::<_, ()>::new(prefix.clone(), prefix, holder::<T>).drain().collect();
			for (owner, deposit) in &published {
				if T::Registry::release_deposit(owner, *deposit).is_err() {
					polkadot_sdk::frame_support::defensive!("a published order's deposit could not be released");
				}
			}
			let mut entries = published.len() as u64;
			let mut count = |removed: polkadot_sdk::sp_io::MultiRemovalResults| {
				entries = entries.saturating_add(u64::from(removed.unique));
			};
			count(OrdersByAsset::<T>::clear(u32::MAX, None));
			count(PoolOrdersByCategory::<T>::clear(u32::MAX, None));
			count(RestingRequests::<T>::clear(u32::MAX, None));
			count(RestingByCategory::<T>::clear(u32::MAX, None));
			count(Expiries::<T>::clear(u32::MAX, None));
			count(Consumed::<T>::clear(u32::MAX, None));
			count(Cancelled::<T>::clear(u32::MAX, None));
			count(Presigned::<T>::clear(u32::MAX, None));
			count(OrderPrunes::<T>::clear(u32::MAX, None));
			PruneCursor::<T>::put(Pallet::<T>::current_block());
			// Per entry one read and one write; per deposit its hold and its
			// account read and written; the cursor written.
			let deposits = (published.len() as u64).saturating_mul(2);
			T::DbWeight::get()
				.reads_writes(entries.saturating_add(deposits), entries.saturating_add(deposits).saturating_add(1))
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: Vec<u8>) -> Result<(), TryRuntimeError> {
			use polkadot_sdk::frame_support::ensure;
			ensure!(Book::<T>::iter_keys().next().is_none(), "the order book is not empty after the upgrade");
			ensure!(Consumed::<T>::iter_keys().next().is_none(), "old consumed volumes remain");
			ensure!(Cancelled::<T>::iter_keys().next().is_none(), "old cancellations remain");
			ensure!(Presigned::<T>::iter_keys().next().is_none(), "old presignatures remain");
			ensure!(OrdersByAsset::<T>::iter_keys().next().is_none(), "old asset listings remain");
			ensure!(PoolOrdersByCategory::<T>::iter_keys().next().is_none(), "old category listings remain");
			ensure!(RestingRequests::<T>::iter_keys().next().is_none(), "old resting requests remain");
			ensure!(RestingByCategory::<T>::iter_keys().next().is_none(), "old resting indexes remain");
			ensure!(Expiries::<T>::iter_keys().next().is_none(), "old expiries remain");
			ensure!(OrderPrunes::<T>::iter_keys().next().is_none(), "old prune entries remain");
			ensure!(PruneCursor::<T>::get() == Pallet::<T>::current_block(), "the prune cursor is not at the upgrade");
			Ok(())
		}
	}

	/// The step from storage version 2 to 3.
	pub type Migration<T> =
		VersionedMigration<2, 3, ForgetUnexpiringOrders<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
