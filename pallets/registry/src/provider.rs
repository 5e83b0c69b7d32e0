//! What the registry offers the other pallets, through `ect-primitives`'s
//! traits: views of the assets and categories, order restrictions, and
//! storage deposits on the registry's hold reason.

use crate::{
	Apps, BalanceOf, Categories, Config, Datasets, HoldReason, Operators, Pallet, Workerpools,
};
use ect_primitives::{
	AppId, AppInfo, AssetRegistry, CategoryId, CategoryInfo, DatasetId, DatasetInfo, Restriction, StorageDeposits,
	WorkerpoolId, WorkerpoolInfo,
};
use polkadot_sdk::{frame_support::traits::fungible::InspectHold, sp_runtime::DispatchResult};

impl<T: Config> AssetRegistry<T::AccountId> for Pallet<T> {
	fn app(app: AppId) -> Option<AppInfo<T::AccountId>> {
		Apps::<T>::get(app).map(|a| AppInfo { owner: a.owner, requirements: a.requirements })
	}

	fn dataset(dataset: DatasetId) -> Option<DatasetInfo<T::AccountId>> {
		Datasets::<T>::get(dataset).map(|d| DatasetInfo { owner: d.owner, checksum: d.checksum })
	}

	fn workerpool(pool: WorkerpoolId) -> Option<WorkerpoolInfo<T::AccountId>> {
		Workerpools::<T>::get(pool)
			.map(|p| WorkerpoolInfo { owner: p.owner, operator: Operators::<T>::get(pool), policy: p.policy })
	}

	fn category(category: CategoryId) -> Option<CategoryInfo> {
		Categories::<T>::get(category)
			.map(|c| CategoryInfo { work_clock_time_ref: c.work_clock_time_ref, max_fuel: c.max_fuel })
	}

	fn is_revoked(app: AppId) -> bool {
		Self::is_revoked(app)
	}

	fn permits(restriction: &Restriction<T::AccountId>, restricting_owner: &T::AccountId, who: &T::AccountId) -> bool {
		Self::permits(restriction, restricting_owner, who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_app(
		owner: T::AccountId,
		requirements: ect_primitives::Resources,
	) -> Result<AppId, polkadot_sdk::sp_runtime::DispatchError> {
		let (name, url) = (Default::default(), Default::default());
		Self::do_register_app(owner, name, Default::default(), url, Default::default(), None, requirements)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_dataset(
		owner: T::AccountId,
		checksum: polkadot_sdk::sp_core::H256,
	) -> Result<DatasetId, polkadot_sdk::sp_runtime::DispatchError> {
		Self::do_register_dataset(owner, Default::default(), Default::default(), checksum)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_workerpool(
		owner: T::AccountId,
		policy: ect_primitives::PoolPolicy,
		capabilities: ect_primitives::Resources,
	) -> Result<WorkerpoolId, polkadot_sdk::sp_runtime::DispatchError> {
		Self::do_register_workerpool(owner, Default::default(), policy, capabilities)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_operator(
		owner: &T::AccountId,
		pool: WorkerpoolId,
		operator: T::AccountId,
	) -> polkadot_sdk::sp_runtime::DispatchResult {
		Self::do_set_operator(owner, pool, Some(operator))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_category(
		work_clock_time_ref: u64,
		max_fuel: u64,
	) -> Result<CategoryId, polkadot_sdk::sp_runtime::DispatchError> {
		Self::do_create_category(Default::default(), Default::default(), work_clock_time_ref, max_fuel)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_group(
		owner: T::AccountId,
		member: T::AccountId,
	) -> Result<ect_primitives::GroupId, polkadot_sdk::sp_runtime::DispatchError> {
		let group = Self::do_create_group(owner.clone())?;
		Self::do_add_member(&owner, group, member)?;
		Ok(group)
	}
}

impl<T: Config> StorageDeposits<T::AccountId> for Pallet<T> {
	type Balance = BalanceOf<T>;

	fn hold_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		Self::hold_deposit(who, amount)
	}

	fn release_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		Self::release_deposit(who, amount)
	}

	fn deposits(who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::StorageDeposit.into(), who)
	}
}
