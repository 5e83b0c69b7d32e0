//! Storage deposits: one hold reason, [`HoldReason::StorageDeposit`], for the
//! registry's entries and for the entries other pallets store on behalf of an
//! account (the marketplace's published orders).

use crate::{BalanceOf, Config, Error, HoldReason, Pallet};
use polkadot_sdk::{
	frame_support::{
		dispatch::DispatchResult,
		traits::{
			fungible::{Inspect, MutateHold},
			tokens::{Fortitude, Precision, Preservation},
		},
	},
	sp_runtime::traits::Zero,
};

impl<T: Config> Pallet<T> {
	/// Holds `amount` of `who`'s free balance as a storage deposit. Fails with
	/// [`Error::InsufficientDeposit`], holding nothing, unless `who` can pay
	/// it and keep its existential deposit. A zero amount is a no-op.
	pub fn hold_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		let spendable = T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite);
		if spendable < amount {
			return Err(Error::<T>::InsufficientDeposit.into());
		}
		T::Currency::hold(&HoldReason::StorageDeposit.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientDeposit.into())
	}

	/// Releases `amount` of `who`'s storage deposit hold to its free balance.
	/// Fails, releasing nothing, if `who` holds less than `amount` as storage
	/// deposits. A zero amount is a no-op.
	pub fn release_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&HoldReason::StorageDeposit.into(), who, amount, Precision::Exact)?;
		Ok(())
	}
}
