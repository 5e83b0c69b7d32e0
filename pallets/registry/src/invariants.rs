//! The registry's invariants, checked by `try_state` and after every test.

use crate::{
	AppStore, Apps, BalanceOf, Categories, CategoryCount, Config, Datasets, Deposit, GroupMembers, Groups, HoldReason,
	NextAppId, NextCategoryId, NextDatasetId, NextGroupId, NextWorkerpoolId, Operators, Pallet, Workerpools,
};
use alloc::collections::BTreeMap;
use polkadot_sdk::{
	frame_support::{
		ensure,
		traits::{fungible::InspectHold, Get},
	},
	sp_runtime::{traits::CheckedAdd, TryRuntimeError},
};

impl<T: Config> Pallet<T> {
	/// The invariants:
	/// - [`CategoryCount`] is the number of categories, at most
	///   [`Config::MaxCategories`];
	/// - each group's `members` is the number of its [`GroupMembers`] entries,
	///   at most [`Config::MaxGroupMembers`], and every member belongs to an
	///   existing group;
	/// - every id is below its kind's `Next*Id` counter, and every app store
	///   entry is of an existing app;
	/// - every depositor holds, as [`HoldReason::StorageDeposit`], at least the
	///   deposits of its live registry entries (other pallets may hold more on
	///   the same reason).
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		// Categories.
		let mut categories: u32 = 0;
		let next_category = NextCategoryId::<T>::get();
		for id in Categories::<T>::iter_keys() {
			ensure!(id < next_category, "a category id is not below NextCategoryId");
			categories = categories.checked_add(1).ok_or("too many categories to count")?;
		}
		ensure!(categories == CategoryCount::<T>::get(), "CategoryCount is not the number of categories");
		ensure!(categories <= T::MaxCategories::get(), "more categories than MaxCategories");

		// Groups and their members.
		let mut members: BTreeMap<u32, u32> = BTreeMap::new();
		for (group, _) in GroupMembers::<T>::iter_keys() {
			let count = members.entry(group).or_insert(0);
			*count = count.checked_add(1).ok_or("too many members to count")?;
		}
		let next_group = NextGroupId::<T>::get();
		let mut deposits = Deposits::<T>::default();
		for (id, group) in Groups::<T>::iter() {
			ensure!(id < next_group, "a group id is not below NextGroupId");
			let counted = members.remove(&id).unwrap_or(0);
			ensure!(group.members == counted, "a group's member count is not its number of members");
			ensure!(group.members <= T::MaxGroupMembers::get(), "a group has more than MaxGroupMembers members");
			deposits.add(&group.deposit)?;
		}
		ensure!(members.is_empty(), "a member belongs to no group");

		// Assets.
		let next_app = NextAppId::<T>::get();
		for (id, app) in Apps::<T>::iter() {
			ensure!(id < next_app, "an app id is not below NextAppId");
			deposits.add(&app.deposit)?;
		}
		for id in AppStore::<T>::iter_keys() {
			ensure!(Apps::<T>::contains_key(id), "an app store entry is of no app");
		}
		let next_dataset = NextDatasetId::<T>::get();
		for (id, dataset) in Datasets::<T>::iter() {
			ensure!(id < next_dataset, "a dataset id is not below NextDatasetId");
			deposits.add(&dataset.deposit)?;
		}
		let next_pool = NextWorkerpoolId::<T>::get();
		for (id, pool) in Workerpools::<T>::iter() {
			ensure!(id < next_pool, "a workerpool id is not below NextWorkerpoolId");
			deposits.add(&pool.deposit)?;
		}
		for (id, operator) in Operators::<T>::iter() {
			let pool = Workerpools::<T>::get(id).ok_or("an operator is of no workerpool")?;
			ensure!(pool.owner != operator, "a workerpool's operator is its owner");
		}

		// Deposits.
		for (depositor, sum) in deposits.0 {
			let held = T::Currency::balance_on_hold(&HoldReason::StorageDeposit.into(), &depositor);
			ensure!(held >= sum, "a depositor holds less than the deposits of its entries");
		}
		Ok(())
	}
}

/// The sum of the recorded deposits, per depositor.
struct Deposits<T: Config>(BTreeMap<T::AccountId, BalanceOf<T>>);

impl<T: Config> Default for Deposits<T> {
	fn default() -> Self {
		Self(BTreeMap::new())
	}
}

impl<T: Config> Deposits<T> {
	/// Adds one entry's deposit to its depositor's sum.
	fn add(&mut self, deposit: &Deposit<T::AccountId, BalanceOf<T>>) -> Result<(), TryRuntimeError> {
		let sum = self.0.entry(deposit.depositor.clone()).or_default();
		*sum = sum.checked_add(&deposit.amount).ok_or("a depositor's deposits overflow")?;
		Ok(())
	}
}
