//! The escrow's invariants, checked by `try_state` and after every test.

use crate::{BalanceOf, Config, Pallet, Pot};
use polkadot_sdk::{
	frame_support::{
		ensure,
		traits::fungible::Inspect,
	},
	frame_system,
	sp_runtime::{traits::CheckedAdd, TryRuntimeError},
};

impl<T: Config> Pallet<T> {
	/// The invariants: no funds were created or destroyed (the balances of
	/// all accounts add up to the total issuance), and both pots exist.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut sum = BalanceOf::<T>::default();
		for account in frame_system::Account::<T>::iter_keys() {
			sum = sum.checked_add(&T::Currency::total_balance(&account)).ok_or("the sum of all balances overflows")?;
		}
		ensure!(sum == T::Currency::total_issuance(), "balances do not add up to the total issuance");
		for pot in [Pot::Protocol, Pot::Kitty] {
			ensure!(
				T::Currency::balance(&Self::pot_account(pot)) >= T::Currency::minimum_balance(),
				"a pot lost its existential deposit"
			);
		}
		Ok(())
	}
}
