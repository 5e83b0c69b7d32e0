//! The escrow operations other pallets call (`protocol.md` §2), as
//! `ect-primitives`'s [`Escrow`] trait. Each [`LockReason`] is held under
//! this pallet's [`HoldReason`] of the same name.

use crate::{BalanceOf, Config, Error, Event, HoldReason, Pallet};
use ect_primitives::{Escrow, LockReason, Pot};
use polkadot_sdk::{
	frame_support::{
		dispatch::DispatchResult,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Preservation, Restriction},
		},
	},
	sp_runtime::traits::Zero,
};

impl<T: Config> Escrow<T::AccountId> for Pallet<T> {
	type Balance = BalanceOf<T>;

	fn lock(reason: LockReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		// Holding must leave the account alive: it keeps its existential deposit free.
		let spendable = T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite);
		if spendable < amount {
			return Err(Error::<T>::InsufficientFreeBalance.into());
		}
		let reason = HoldReason::from(reason);
		T::Currency::hold(&reason.into(), who, amount)?;
		Self::deposit_event(Event::Locked { who: who.clone(), reason, amount });
		Ok(())
	}

	fn unlock(reason: LockReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		Self::ensure_locked(reason, who, amount)?;
		let reason = HoldReason::from(reason);
		T::Currency::release(&reason.into(), who, amount, Precision::Exact)?;
		Self::deposit_event(Event::Unlocked { who: who.clone(), reason, amount });
		Ok(())
	}

	fn seize(reason: LockReason, who: &T::AccountId, amount: BalanceOf<T>, pot: Pot) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		Self::ensure_locked(reason, who, amount)?;
		let reason = HoldReason::from(reason);
		T::Currency::transfer_on_hold(
			&reason.into(),
			who,
			&Self::pot_account(pot),
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Force,
		)?;
		Self::deposit_event(Event::Seized { who: who.clone(), reason, amount, pot });
		Ok(())
	}

	fn reward(who: &T::AccountId, amount: BalanceOf<T>, pot: Pot) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		if Self::available(pot) < amount {
			return Err(Error::<T>::InsufficientPotBalance.into());
		}
		T::Currency::transfer(&Self::pot_account(pot), who, amount, Preservation::Preserve)?;
		Self::deposit_event(Event::Rewarded { who: who.clone(), amount, pot });
		Ok(())
	}

	fn locked(reason: LockReason, who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::from(reason).into(), who)
	}

	fn available(pot: Pot) -> BalanceOf<T> {
		T::Currency::reducible_balance(&Self::pot_account(pot), Preservation::Preserve, Fortitude::Polite)
	}
}

impl<T: Config> Pallet<T> {
	/// Fails with [`Error::InsufficientLocked`] unless `who` holds at least
	/// `amount` for `reason`.
	fn ensure_locked(reason: LockReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if <Self as Escrow<T::AccountId>>::locked(reason, who) < amount {
			return Err(Error::<T>::InsufficientLocked.into());
		}
		Ok(())
	}
}

impl From<LockReason> for HoldReason {
	fn from(reason: LockReason) -> Self {
		match reason {
			LockReason::Payment => HoldReason::Payment,
			LockReason::SchedulerStake => HoldReason::SchedulerStake,
			LockReason::WorkerStake => HoldReason::WorkerStake,
		}
	}
}
