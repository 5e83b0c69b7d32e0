//! # Registry pallet
//!
//! The registries of the market (`protocol.md` §1): the assets (apps,
//! datasets, workerpools), the task categories, the app store's curation
//! (§11) and the restriction groups orders may name (§3).
//!
//! Every app, dataset, workerpool and group takes a storage deposit from the
//! account that creates it, on a `fungible` hold ([`HoldReason::StorageDeposit`]).
//! The entry records who paid it ([`Deposit`]); when the entry is removed the
//! deposit is released to that account, whoever owns the entry then.
//! Ids are sequential per kind, start at 0 and are never reused.
//!
//! ## Calls
//!
//! ### Asset owners (any signed account)
//!
//! - [`Call::register_app`]: registers an app; holds [`Config::AssetDeposit`].
//! - [`Call::register_dataset`]: registers a dataset; holds [`Config::AssetDeposit`].
//! - [`Call::register_workerpool`]: registers a workerpool, its owner being its
//!   scheduler; holds [`Config::AssetDeposit`].
//! - [`Call::update_workerpool`]: changes a workerpool's policy and
//!   capabilities (deals already matched keep their snapshot).
//! - [`Call::transfer_ownership`]: gives an asset to another account; the
//!   deposit stays with the account that paid it.
//! - [`Call::remove_asset`]: removes an asset and releases its deposit.
//!
//! ### Group owners (any signed account)
//!
//! - [`Call::create_group`]: creates an empty restriction group; holds
//!   [`Config::GroupDeposit`].
//! - [`Call::add_member`] / [`Call::remove_member`]: manage the members (at
//!   most [`Config::MaxGroupMembers`]).
//! - [`Call::destroy_group`]: removes the group and its members and releases
//!   its deposit.
//!
//! ### Governance ([`Config::GovernanceOrigin`])
//!
//! - [`Call::create_category`] / [`Call::update_category`]: the task
//!   categories (at most [`Config::MaxCategories`]).
//! - [`Call::list_app`] / [`Call::revoke_app`]: curate the app store; a revoked
//!   app cannot be matched into new deals.
//!
//! ## For other pallets
//!
//! No other pallet reads the registry's storage: the marketplace and PoCo
//! use it through `ect-primitives`'s [`AssetRegistry`](ect_primitives::AssetRegistry)
//! (views of apps, datasets, workerpools and categories, [`Pallet::permits`]
//! for order restrictions, [`Pallet::is_revoked`]) and
//! [`StorageDeposits`](ect_primitives::StorageDeposits) ([`Pallet::hold_deposit`] /
//! [`Pallet::release_deposit`], to take storage deposits for their own
//! entries on the same hold reason), which the runtime wires. Every call is
//! a thin wrapper over a public `do_*` function that takes the
//! already-checked origin.
//!
//! ## Invariants
//!
//! [`Pallet::do_try_state`] (wired to `try_state`) checks that the counters
//! match the entries, every id is below its counter, and every depositor holds
//! at least the deposits of its live entries.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod types;
pub use types::*;
pub mod migrations;
pub mod weights;
pub use weights::WeightInfo;

mod assets;
mod categories;
mod curation;
mod deposit;
mod groups;
mod invariants;
mod operators;
mod provider;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use polkadot_sdk::{frame_support, frame_system};

/// The account id type of the runtime.
type AccountIdOf<T> = <T as frame_system::Config>::AccountId;

/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<AccountIdOf<T>>>::Balance;
/// A registered app, as stored.
pub type AppOf<T> = App<AccountIdOf<T>, BalanceOf<T>, <T as Config>::MaxNameLen, <T as Config>::MaxUrlLen>;
/// A registered dataset, as stored.
pub type DatasetOf<T> = Dataset<AccountIdOf<T>, BalanceOf<T>, <T as Config>::MaxNameLen, <T as Config>::MaxUrlLen>;
/// A registered workerpool, as stored.
pub type WorkerpoolOf<T> = Workerpool<AccountIdOf<T>, BalanceOf<T>, <T as Config>::MaxDescriptionLen>;
/// A task category, as stored.
pub type CategoryOf<T> = Category<<T as Config>::MaxNameLen, <T as Config>::MaxDescriptionLen>;
/// The app store's verdict on an app, as stored.
pub type CurationOf<T> = Curation<<T as Config>::MaxReasonLen>;
/// A restriction group, as stored.
pub type GroupOf<T> = Group<AccountIdOf<T>, BalanceOf<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use polkadot_sdk::sp_core::H256;

	/// The layout of the pallet's storage; [`migrations`] moves it forward.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// What the pallet needs from the runtime.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency storage deposits are held in.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, of which [`HoldReason`] is a part.
		type RuntimeHoldReason: From<HoldReason>;

		/// The origin that creates categories and curates the app store.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The storage deposit of an app, a dataset or a workerpool.
		#[pallet::constant]
		type AssetDeposit: Get<BalanceOf<Self>>;

		/// The storage deposit of a restriction group.
		#[pallet::constant]
		type GroupDeposit: Get<BalanceOf<Self>>;

		/// The longest name of an app, a dataset or a category, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// The longest multiaddr (URL) of an app or a dataset, in bytes.
		#[pallet::constant]
		type MaxUrlLen: Get<u32>;

		/// The longest description of a workerpool or a category, in bytes.
		#[pallet::constant]
		type MaxDescriptionLen: Get<u32>;

		/// The longest reason governance can give for revoking an app, in bytes.
		#[pallet::constant]
		type MaxReasonLen: Get<u32>;

		/// The most members a restriction group can have.
		#[pallet::constant]
		type MaxGroupMembers: Get<u32>;

		/// The most task categories there can be.
		#[pallet::constant]
		type MaxCategories: Get<u32>;

		/// The weights of the calls.
		type WeightInfo: WeightInfo;
	}

	/// Why the registry holds funds on an account.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The storage deposit of a registry entry (asset or group), or of
		/// another pallet's entry taken through [`Pallet::hold_deposit`].
		#[codec(index = 0)]
		StorageDeposit,
	}

	/// The id the next registered app gets.
	#[pallet::storage]
	pub type NextAppId<T: Config> = StorageValue<_, AppId, ValueQuery>;

	/// The registered apps.
	#[pallet::storage]
	pub type Apps<T: Config> = StorageMap<_, Twox64Concat, AppId, AppOf<T>>;

	/// The id the next registered dataset gets.
	#[pallet::storage]
	pub type NextDatasetId<T: Config> = StorageValue<_, DatasetId, ValueQuery>;

	/// The registered datasets.
	#[pallet::storage]
	pub type Datasets<T: Config> = StorageMap<_, Twox64Concat, DatasetId, DatasetOf<T>>;

	/// The id the next registered workerpool gets.
	#[pallet::storage]
	pub type NextWorkerpoolId<T: Config> = StorageValue<_, WorkerpoolId, ValueQuery>;

	/// The registered workerpools.
	#[pallet::storage]
	pub type Workerpools<T: Config> = StorageMap<_, Twox64Concat, WorkerpoolId, WorkerpoolOf<T>>;

	/// The id the next task category gets.
	#[pallet::storage]
	pub type NextCategoryId<T: Config> = StorageValue<_, CategoryId, ValueQuery>;

	/// The task categories.
	#[pallet::storage]
	pub type Categories<T: Config> = StorageMap<_, Twox64Concat, CategoryId, CategoryOf<T>>;

	/// How many task categories there are (at most [`Config::MaxCategories`]).
	#[pallet::storage]
	pub type CategoryCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The app store: the apps governance listed or revoked. An app without an
	/// entry is neither.
	#[pallet::storage]
	pub type AppStore<T: Config> = StorageMap<_, Twox64Concat, AppId, CurationOf<T>>;

	/// The id the next restriction group gets.
	#[pallet::storage]
	pub type NextGroupId<T: Config> = StorageValue<_, GroupId, ValueQuery>;

	/// The restriction groups.
	#[pallet::storage]
	pub type Groups<T: Config> = StorageMap<_, Twox64Concat, GroupId, GroupOf<T>>;

	/// The members of each restriction group.
	#[pallet::storage]
	pub type GroupMembers<T: Config> = StorageDoubleMap<_, Twox64Concat, GroupId, Blake2_128Concat, T::AccountId, ()>;

	/// The operator key each workerpool's owner named
	/// ([`Pallet::set_operator`]): it acts as the pool's scheduler — signs
	/// worker authorisations and workerpool orders, publishes and cancels
	/// them, reopens and finalizes tasks — so that the owner's key, which
	/// holds the pool's deposit and stakes, can stay cold. At most one per
	/// pool; it goes when the pool changes hands or is removed.
	#[pallet::storage]
	pub type Operators<T: Config> = StorageMap<_, Twox64Concat, WorkerpoolId, T::AccountId>;

	/// Events: one per successful call.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `owner` registered the app `app`.
		AppRegistered { app: AppId, owner: T::AccountId },
		/// `owner` registered the dataset `dataset`.
		DatasetRegistered { dataset: DatasetId, owner: T::AccountId },
		/// `owner` registered the workerpool `workerpool`.
		WorkerpoolRegistered { workerpool: WorkerpoolId, owner: T::AccountId },
		/// The owner of `workerpool` set its policy and capabilities; deals
		/// matched from now on use them.
		WorkerpoolUpdated { workerpool: WorkerpoolId, policy: PoolPolicy, capabilities: Resources },
		/// `asset` now belongs to `to` instead of `from`.
		OwnershipTransferred { asset: AssetRef, from: T::AccountId, to: T::AccountId },
		/// `owner` removed `asset`; its deposit went back to its depositor.
		AssetRemoved { asset: AssetRef, owner: T::AccountId },
		/// Governance created the task category `category`.
		CategoryCreated { category: CategoryId },
		/// Governance changed the task category `category`.
		CategoryUpdated { category: CategoryId },
		/// Governance listed `app` in the app store.
		AppListed { app: AppId },
		/// Governance revoked `app` for `reason`; it cannot be matched into new deals.
		AppRevoked { app: AppId, reason: BoundedVec<u8, T::MaxReasonLen> },
		/// `owner` created the restriction group `group`.
		GroupCreated { group: GroupId, owner: T::AccountId },
		/// `who` joined `group`.
		MemberAdded { group: GroupId, who: T::AccountId },
		/// `who` left `group`.
		MemberRemoved { group: GroupId, who: T::AccountId },
		/// `owner` destroyed `group` and its members; its deposit went back to
		/// its depositor.
		GroupDestroyed { group: GroupId, owner: T::AccountId },
		/// `workerpool`'s operator key is now `operator` (none: only its owner
		/// acts as its scheduler).
		OperatorSet { workerpool: WorkerpoolId, operator: Option<T::AccountId> },
	}

	/// Why a call was refused; nothing changed.
	#[pallet::error]
	pub enum Error<T> {
		/// No app has this id.
		UnknownApp,
		/// No dataset has this id.
		UnknownDataset,
		/// No workerpool has this id.
		UnknownWorkerpool,
		/// No task category has this id.
		UnknownCategory,
		/// No restriction group has this id.
		UnknownGroup,
		/// The caller does not own the asset or group.
		NotOwner,
		/// A workerpool ratio is above 100 (percent).
		InvalidRatio,
		/// A category's `work_clock_time_ref` is 0.
		InvalidTimeRef,
		/// A category's `max_fuel` is 0.
		InvalidMaxFuel,
		/// There are already [`Config::MaxCategories`] categories.
		TooManyCategories,
		/// The app is already listed in the app store.
		AlreadyListed,
		/// The account is already a member of the group.
		AlreadyMember,
		/// The account is not a member of the group.
		NotMember,
		/// The group already has [`Config::MaxGroupMembers`] members.
		GroupFull,
		/// The witnessed member count is below the group's actual member count.
		BadWitness,
		/// The id counter of this kind of entry is exhausted.
		NoIdLeft,
		/// The account's free balance cannot cover the storage deposit (it must
		/// keep its existential deposit).
		InsufficientDeposit,
		/// The operator named is the pool's owner, who acts as its scheduler
		/// already.
		OperatorIsOwner,
	}

	/// Genesis: the task categories the chain starts with.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Each category's name, description, `work_clock_time_ref` (seconds)
		/// and `max_fuel`, created in this order (ids 0, 1, ...).
		pub categories: Vec<(Vec<u8>, Vec<u8>, u64, u64)>,
		/// Unused.
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A failure here is a broken chain spec: genesis must not start
			// without the categories it names.
			for (name, description, work_clock_time_ref, max_fuel) in &self.categories {
				let name: BoundedVec<u8, T::MaxNameLen> =
					name.clone().try_into().expect("a genesis category name fits MaxNameLen");
				let description: BoundedVec<u8, T::MaxDescriptionLen> =
					description.clone().try_into().expect("a genesis category description fits MaxDescriptionLen");
				Pallet::<T>::do_create_category(name, description, *work_clock_time_ref, *max_fuel)
					.expect("a genesis category is valid and within MaxCategories");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxNameLen::get() > 0, "MaxNameLen must be positive");
			assert!(T::MaxCategories::get() > 0, "MaxCategories must be positive");
			assert!(T::MaxGroupMembers::get() > 0, "MaxGroupMembers must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers an app owned by the caller and holds
		/// [`Config::AssetDeposit`] from it.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_app())]
		pub fn register_app(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxNameLen>,
			kind: AppKind,
			multiaddr: BoundedVec<u8, T::MaxUrlLen>,
			checksum: H256,
			mrenclave: Option<H256>,
			requirements: Resources,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_app(who, name, kind, multiaddr, checksum, mrenclave, requirements)?;
			Ok(())
		}

		/// Registers a dataset owned by the caller and holds
		/// [`Config::AssetDeposit`] from it.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::register_dataset())]
		pub fn register_dataset(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxNameLen>,
			multiaddr: BoundedVec<u8, T::MaxUrlLen>,
			checksum: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_dataset(who, name, multiaddr, checksum)?;
			Ok(())
		}

		/// Registers a workerpool whose owner (scheduler) is the caller and
		/// holds [`Config::AssetDeposit`] from it. Each ratio is at most 100.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_workerpool())]
		pub fn register_workerpool(
			origin: OriginFor<T>,
			description: BoundedVec<u8, T::MaxDescriptionLen>,
			policy: PoolPolicy,
			capabilities: Resources,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_workerpool(who, description, policy, capabilities)?;
			Ok(())
		}

		/// Sets the policy and capabilities of a workerpool the caller owns.
		/// Deals already matched keep the policy they snapshotted.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::update_workerpool())]
		pub fn update_workerpool(
			origin: OriginFor<T>,
			workerpool: WorkerpoolId,
			policy: PoolPolicy,
			capabilities: Resources,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_workerpool(&who, workerpool, policy, capabilities)
		}

		/// Gives an asset the caller owns to `new_owner`. The storage deposit
		/// stays held from the account that paid it.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::transfer_ownership())]
		pub fn transfer_ownership(origin: OriginFor<T>, asset: AssetRef, new_owner: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_ownership(&who, asset, new_owner)
		}

		/// Removes an asset the caller owns, releases its deposit to the
		/// account that paid it, and drops an app's app store entry.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_asset())]
		pub fn remove_asset(origin: OriginFor<T>, asset: AssetRef) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_asset(&who, asset)
		}

		/// Creates a task category (governance). `work_clock_time_ref` and
		/// `max_fuel` must be positive.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::create_category())]
		pub fn create_category(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxNameLen>,
			description: BoundedVec<u8, T::MaxDescriptionLen>,
			work_clock_time_ref: u64,
			max_fuel: u64,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_create_category(name, description, work_clock_time_ref, max_fuel)?;
			Ok(())
		}

		/// Replaces every field of a task category (governance).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::update_category())]
		pub fn update_category(
			origin: OriginFor<T>,
			category: CategoryId,
			name: BoundedVec<u8, T::MaxNameLen>,
			description: BoundedVec<u8, T::MaxDescriptionLen>,
			work_clock_time_ref: u64,
			max_fuel: u64,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_update_category(category, name, description, work_clock_time_ref, max_fuel)
		}

		/// Lists an app in the app store (governance); this also lifts a
		/// revocation.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::list_app())]
		pub fn list_app(origin: OriginFor<T>, app: AppId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_list_app(app)
		}

		/// Revokes an app, listed or not, with a reason (governance); it
		/// cannot be matched into new deals.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::revoke_app())]
		pub fn revoke_app(origin: OriginFor<T>, app: AppId, reason: BoundedVec<u8, T::MaxReasonLen>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_revoke_app(app, reason)
		}

		/// Creates an empty restriction group owned by the caller and holds
		/// [`Config::GroupDeposit`] from it.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::create_group())]
		pub fn create_group(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_group(who)?;
			Ok(())
		}

		/// Adds `who` to a group the caller owns.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::add_member())]
		pub fn add_member(origin: OriginFor<T>, group: GroupId, who: T::AccountId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_add_member(&owner, group, who)
		}

		/// Removes `who` from a group the caller owns.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::remove_member())]
		pub fn remove_member(origin: OriginFor<T>, group: GroupId, who: T::AccountId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_remove_member(&owner, group, who)
		}

		/// Destroys a group the caller owns with all its members, and releases
		/// its deposit to the account that paid it. `witness_members` must be
		/// at least the group's member count; the weight is charged for it and
		/// refunded down to the actual count.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::destroy_group((*witness_members).min(T::MaxGroupMembers::get())))]
		pub fn destroy_group(origin: OriginFor<T>, group: GroupId, witness_members: u32) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			let members = Self::do_destroy_group(&owner, group, witness_members)?;
			Ok(Some(T::WeightInfo::destroy_group(members)).into())
		}

		/// Names `operator` as the operator key of a workerpool the caller
		/// owns (or, with `None`, removes it): the operator acts as the pool's
		/// scheduler while the owner's key stays cold. The previous operator,
		/// and every workerpool order only it authorised, stops counting.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_operator())]
		pub fn set_operator(
			origin: OriginFor<T>,
			workerpool: WorkerpoolId,
			operator: Option<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_operator(&who, workerpool, operator)
		}
	}
}
