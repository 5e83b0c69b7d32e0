//! # Escrow pallet
//!
//! Holds the protocol's money (`protocol.md` §2). Every amount the protocol
//! controls is either on a `fungible` hold on its owner's account (one
//! [`HoldReason`] per purpose) or in one of two protocol accounts:
//!
//! - the **pot** ([`Pot::Protocol`]) receives seized funds (a requester's
//!   payment when a task is finalized, losing workers' stakes) and pays
//!   rewards out of them;
//! - the **kitty** ([`Pot::Kitty`]) receives the stakes of schedulers whose
//!   tasks failed, and pays part of them to the next finalizing scheduler.
//!
//! There is no hand-written balance bookkeeping: balances, holds and the
//! existential deposit are the `fungible` implementation's (pallet-balances).
//! Each protocol account keeps its existential deposit, minted at genesis, so
//! that it exists whatever it holds. Only that deposit is never paid out.
//!
//! ## For other pallets
//!
//! The operations are not extrinsics. Other pallets call them through
//! `ect-primitives`'s [`Escrow`] trait, which the runtime wires to this
//! pallet: [`Escrow::lock`], [`Escrow::unlock`],
//! [`Escrow::seize`] (held funds into a pot) and [`Escrow::reward`] (a pot's
//! funds to an account). Each one moves funds between accounts and never
//! creates or destroys any. `try_state` checks that for the whole chain: the
//! sum of all accounts' balances equals the total issuance, and both pots
//! exist.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

mod escrow;
pub use ect_primitives::{Escrow, LockReason, Pot};
mod invariants;
pub mod migrations;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use polkadot_sdk::{frame_support, frame_system};

/// The balance type of the currency the escrow holds.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
		PalletId,
	};
	use frame_system::pallet_prelude::*;

	/// The layout of the pallet's storage; [`migrations`] moves it forward.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// What the pallet needs from the runtime.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency whose funds are held, seized and paid.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, of which [`HoldReason`] is a part.
		type RuntimeHoldReason: From<HoldReason>;

		/// The id the pot and kitty accounts are derived from.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
	}

	/// Why the escrow holds funds on an account.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A requester's payment for the tasks of its deals.
		#[codec(index = 0)]
		Payment,
		/// A scheduler's stake on the tasks of its deals.
		#[codec(index = 1)]
		SchedulerStake,
		/// A worker's stake on its contributions.
		#[codec(index = 2)]
		WorkerStake,
	}

	/// Events: one per movement of funds.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `amount` of `who`'s free funds were put on hold for `reason`.
		Locked { who: T::AccountId, reason: HoldReason, amount: BalanceOf<T> },
		/// `amount` held from `who` for `reason` was released to its free balance.
		Unlocked { who: T::AccountId, reason: HoldReason, amount: BalanceOf<T> },
		/// `amount` held from `who` for `reason` was taken into `pot`.
		Seized { who: T::AccountId, reason: HoldReason, amount: BalanceOf<T>, pot: Pot },
		/// `amount` was paid to `who` out of `pot`.
		Rewarded { who: T::AccountId, amount: BalanceOf<T>, pot: Pot },
	}

	/// Why an escrow operation was refused; nothing moved.
	#[pallet::error]
	pub enum Error<T> {
		/// The account's free balance cannot cover the amount to lock (it
		/// must keep its existential deposit).
		InsufficientFreeBalance,
		/// The account holds less than the amount for this reason.
		InsufficientLocked,
		/// The pot holds less than the reward (beyond its existential deposit).
		InsufficientPotBalance,
	}

	/// Genesis: creates the pot and the kitty, each with its existential deposit.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Unused; the pots are always created.
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for pot in [Pot::Protocol, Pot::Kitty] {
				let account = Pallet::<T>::pot_account(pot);
				let minimum = T::Currency::minimum_balance();
				if T::Currency::balance(&account) < minimum {
					// Genesis must not start without the pots: a failure here
					// is a broken chain spec.
					T::Currency::mint_into(&account, minimum)
						.expect("the pot's existential deposit can be minted at genesis");
				}
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			// An account id too short to tell the two pots apart would merge them.
			assert!(
				Self::pot_account(Pot::Protocol) != Self::pot_account(Pot::Kitty),
				"the pot and kitty accounts must differ: AccountId is too short for PalletId sub-accounts"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// The account of `pot`.
		pub fn pot_account(pot: Pot) -> T::AccountId {
			use polkadot_sdk::sp_runtime::traits::AccountIdConversion;
			match pot {
				Pot::Protocol => T::PalletId::get().into_account_truncating(),
				Pot::Kitty => T::PalletId::get().into_sub_account_truncating(*b"kitty"),
			}
		}
	}
}
