//! The escrow operations other pallets call (`protocol.md` §2).

use crate::{BalanceOf, Config, Error, Event, HoldReason, Pallet};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
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
use scale_info::TypeInfo;

/// One of the protocol's two accounts.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum Pot {
	/// Seized payments and stakes, paid out as rewards.
	Protocol,
	/// Failed schedulers' stakes, paid to finalizing schedulers.
	Kitty,
}

/// What the escrow offers the protocol pallets. Every operation either moves
/// exactly `amount` between two accounts or fails and moves nothing; a zero
/// amount is a no-op.
pub trait Escrow<AccountId> {
	/// The amount type.
	type Balance;

	/// Puts `amount` of `who`'s free funds on hold for `reason`.
	fn lock(reason: HoldReason, who: &AccountId, amount: Self::Balance) -> DispatchResult;

	/// Releases `amount` held from `who` for `reason` back to its free balance.
	fn unlock(reason: HoldReason, who: &AccountId, amount: Self::Balance) -> DispatchResult;

	/// Takes `amount` held from `who` for `reason` into `pot`.
	fn seize(reason: HoldReason, who: &AccountId, amount: Self::Balance, pot: Pot) -> DispatchResult;

	/// Pays `amount` from `pot` to `who`'s free balance.
	fn reward(who: &AccountId, amount: Self::Balance, pot: Pot) -> DispatchResult;

	/// What `who` holds for `reason`.
	fn locked(reason: HoldReason, who: &AccountId) -> Self::Balance;

	/// What `pot` can pay out (its balance above its existential deposit).
	fn available(pot: Pot) -> Self::Balance;
}

impl<T: Config> Escrow<T::AccountId> for Pallet<T> {
	type Balance = BalanceOf<T>;

	fn lock(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		// Holding must leave the account alive: it keeps its existential deposit free.
		let spendable = T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite);
		if spendable < amount {
			return Err(Error::<T>::InsufficientFreeBalance.into());
		}
		T::Currency::hold(&reason.into(), who, amount)?;
		Self::deposit_event(Event::Locked { who: who.clone(), reason, amount });
		Ok(())
	}

	fn unlock(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		Self::ensure_locked(reason, who, amount)?;
		T::Currency::release(&reason.into(), who, amount, Precision::Exact)?;
		Self::deposit_event(Event::Unlocked { who: who.clone(), reason, amount });
		Ok(())
	}

	fn seize(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>, pot: Pot) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		Self::ensure_locked(reason, who, amount)?;
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

	fn locked(reason: HoldReason, who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&reason.into(), who)
	}

	fn available(pot: Pot) -> BalanceOf<T> {
		T::Currency::reducible_balance(&Self::pot_account(pot), Preservation::Preserve, Fortitude::Polite)
	}
}

impl<T: Config> Pallet<T> {
	/// Fails with [`Error::InsufficientLocked`] unless `who` holds at least
	/// `amount` for `reason`.
	fn ensure_locked(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if <Self as Escrow<T::AccountId>>::locked(reason, who) < amount {
			return Err(Error::<T>::InsufficientLocked.into());
		}
		Ok(())
	}
}
