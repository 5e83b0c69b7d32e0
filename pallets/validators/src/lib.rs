//! # Validators pallet: the validator set, kept on chain
//!
//! The chain's validators (`protocol.md` §11) are a set kept in this
//! pallet's storage ([`Validators`]), which governance changes without a
//! restart or a new genesis. The runtime's `pallet-session` asks it for the
//! next set at each session boundary (this pallet is its `SessionManager`),
//! and Aura (block authoring) and GRANDPA (finality) follow the session.
//!
//! ## For validators (any signed account)
//!
//! A validator registers its own session keys with `pallet-session`
//! (`author_rotateKeysWithOwner` on its node, then `session.set_keys`):
//! governance can only add an account whose keys are registered. A
//! validator rotates its keys the same way; they take effect at the
//! session after next. `docs/validators.md` has the steps.
//!
//! ## For governance ([`Config::GovernanceOrigin`])
//!
//! - [`Call::add_validator`] / [`Call::remove_validator`]: change the set
//!   (at most [`Config::MaxValidators`], at least
//!   [`Config::MinValidators`]). A change made during session `n` is
//!   planned when session `n + 1` starts and takes effect when session
//!   `n + 2` starts ([`Event::SetPlanned`]).
//! - [`Call::note_stalled`]: recover from a finality stall: at the next
//!   session boundary, the validators of the session starting then form a
//!   new GRANDPA set, forced (with no finality of the old set), that votes
//!   on top of the best block they all finalized after a delay
//!   ([`Config::Finality`]).
//!
//! ## Sessions
//!
//! A session lasts [`SessionLength`] blocks (set at genesis, else
//! [`Config::DefaultSessionLength`]); it ends at each multiple of it. The
//! pallet is the runtime's `ShouldEndSession` and
//! `EstimateNextSessionRotation` ([`session`]).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod migrations;
pub mod session;
pub mod weights;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use polkadot_sdk::{frame_support, frame_system};

/// How the runtime restarts finality after a stall (GRANDPA's
/// `note_stalled`): at the next session boundary, a forced set change to
/// that session's validators, voting on top of block `median` from `delay`
/// blocks after it.
pub trait FinalityStall<BlockNumber> {
	/// Schedules the forced change.
	fn note_stalled(delay: BlockNumber, median: BlockNumber);
}

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers session keys for `who`, so that it can be added.
	fn register_keys(who: &AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::ValidatorRegistration};
	use frame_system::pallet_prelude::*;
	use polkadot_sdk::sp_runtime::traits::One;

	/// The layout of the pallet's storage; [`crate::migrations`] moves it
	/// forward.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// What the pallet needs from the runtime.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The origin that adds and removes validators and notes a stall.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Whether an account has registered its session keys
		/// (`pallet-session`).
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

		/// How finality restarts after a stall (GRANDPA).
		type Finality: FinalityStall<BlockNumberFor<Self>>;

		/// The most validators there can be (the consensus pallets' own
		/// bound, `MaxAuthorities`, or less).
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The fewest validators there can be: governance cannot remove one
		/// below it.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// The length of a session, in blocks, unless the genesis sets
		/// [`SessionLength`].
		#[pallet::constant]
		type DefaultSessionLength: Get<BlockNumberFor<Self>>;

		/// The weights of the calls.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The validator set governance chose, sorted: the set of the next
	/// session planned.
	#[pallet::storage]
	pub type Validators<T: Config> = StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether [`Validators`] changed since the last session was planned.
	#[pallet::storage]
	pub type SetChanged<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// [`Config::DefaultSessionLength`], the default of [`SessionLength`].
	#[pallet::type_value]
	pub fn DefaultSessionLength<T: Config>() -> BlockNumberFor<T> {
		T::DefaultSessionLength::get()
	}

	/// The length of a session, in blocks (at least 1): a session ends at
	/// each multiple of it.
	#[pallet::storage]
	pub type SessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultSessionLength<T>>;

	/// The first validator set and the session length.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The first validators. Each needs session keys in
		/// `pallet-session`'s genesis (this pallet's genesis must be built
		/// first). Sorted and deduplicated; at most `MaxValidators` are kept.
		pub validators: Vec<T::AccountId>,
		/// [`SessionLength`], in blocks; `None` keeps `DefaultSessionLength`.
		pub session_length: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut validators = self.validators.clone();
			validators.sort();
			validators.dedup();
			Validators::<T>::put(BoundedVec::truncate_from(validators));
			if let Some(blocks) = self.session_length {
				SessionLength::<T>::put(blocks.max(One::one()));
			}
		}
	}

	/// Events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance added `who` to the set; it validates from the session
		/// after next.
		ValidatorAdded { who: T::AccountId },
		/// Governance removed `who` from the set; it stops validating at the
		/// end of the next session.
		ValidatorRemoved { who: T::AccountId },
		/// The changed set of `count` validators was planned: it takes
		/// effect when `session` starts.
		SetPlanned { session: u32, count: u32 },
		/// Governance noted a finality stall: at the next session boundary,
		/// a forced GRANDPA set votes on top of block `median`, `delay`
		/// blocks later.
		StallNoted { delay: BlockNumberFor<T>, median: BlockNumberFor<T> },
	}

	/// Errors.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is a validator already.
		AlreadyValidator,
		/// The account is not a validator.
		NotValidator,
		/// The account has not registered its session keys
		/// (`session.set_keys`).
		NoSessionKeys,
		/// The set has `MaxValidators` validators already.
		TooManyValidators,
		/// Removing the validator would leave fewer than `MinValidators`.
		TooFewValidators,
		/// A stall's delay is longer than a session.
		StallDelayTooLong,
		/// A stall's median block is not built yet.
		MedianInFuture,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds `who`, whose session keys are registered, to the set.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_add_validator(who)
		}

		/// Removes `who` from the set.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(who)
		}

		/// Restarts finality after a stall: at the next session boundary,
		/// the validators of the session starting then form a new GRANDPA
		/// set, forced, voting on top of block `median` (the highest block
		/// all of them finalized, not after the current one) from `delay`
		/// blocks later (at most a session).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::note_stalled())]
		pub fn note_stalled(
			origin: OriginFor<T>,
			delay: BlockNumberFor<T>,
			median: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(delay <= SessionLength::<T>::get(), Error::<T>::StallDelayTooLong);
			ensure!(median <= frame_system::Pallet::<T>::block_number(), Error::<T>::MedianInFuture);
			T::Finality::note_stalled(delay, median);
			Self::deposit_event(Event::StallNoted { delay, median });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Adds `who` to [`Validators`] (governance's origin checked).
		pub fn do_add_validator(who: T::AccountId) -> DispatchResult {
			ensure!(T::ValidatorRegistration::is_registered(&who), Error::<T>::NoSessionKeys);
			Validators::<T>::try_mutate(|set| {
				let at = set.binary_search(&who).err().ok_or(Error::<T>::AlreadyValidator)?;
				set.try_insert(at, who.clone()).map_err(|_| Error::<T>::TooManyValidators)
			})?;
			SetChanged::<T>::put(true);
			Self::deposit_event(Event::ValidatorAdded { who });
			Ok(())
		}

		/// Removes `who` from [`Validators`] (governance's origin checked).
		pub fn do_remove_validator(who: T::AccountId) -> DispatchResult {
			Validators::<T>::try_mutate(|set| {
				let at = set.binary_search(&who).map_err(|_| Error::<T>::NotValidator)?;
				ensure!(set.len() > T::MinValidators::get() as usize, Error::<T>::TooFewValidators);
				set.remove(at);
				Ok::<_, Error<T>>(())
			})?;
			SetChanged::<T>::put(true);
			Self::deposit_event(Event::ValidatorRemoved { who });
			Ok(())
		}
	}
}
