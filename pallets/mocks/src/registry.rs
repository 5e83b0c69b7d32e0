//! An [`AssetRegistry`] with nothing registered, for mocks whose pallet
//! only needs one to set up its benchmarks.

use ect_primitives::{
	AppId, AppInfo, AssetRegistry, CategoryId, CategoryInfo, DatasetId, DatasetInfo, Restriction, WorkerpoolId,
	WorkerpoolInfo,
};

/// Knows no asset and no category; its benchmark set-ups succeed with id 0.
pub struct EmptyRegistry;

impl<AccountId> AssetRegistry<AccountId> for EmptyRegistry {
	fn app(_app: AppId) -> Option<AppInfo<AccountId>> {
		None
	}

	fn dataset(_dataset: DatasetId) -> Option<DatasetInfo<AccountId>> {
		None
	}

	fn workerpool(_pool: WorkerpoolId) -> Option<WorkerpoolInfo<AccountId>> {
		None
	}

	fn category(_category: CategoryId) -> Option<CategoryInfo> {
		None
	}

	fn is_revoked(_app: AppId) -> bool {
		false
	}

	fn permits(restriction: &Restriction<AccountId>, _owner: &AccountId, _who: &AccountId) -> bool {
		matches!(restriction, Restriction::Anyone)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_app(
		_owner: AccountId,
		_requirements: ect_primitives::Resources,
	) -> Result<AppId, polkadot_sdk::sp_runtime::DispatchError> {
		Ok(0)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_dataset(
		_owner: AccountId,
		_checksum: polkadot_sdk::sp_core::H256,
	) -> Result<DatasetId, polkadot_sdk::sp_runtime::DispatchError> {
		Ok(0)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_workerpool(
		_owner: AccountId,
		_policy: ect_primitives::PoolPolicy,
		_capabilities: ect_primitives::Resources,
	) -> Result<WorkerpoolId, polkadot_sdk::sp_runtime::DispatchError> {
		Ok(0)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_category(
		_work_clock_time_ref: u64,
		_max_fuel: u64,
	) -> Result<CategoryId, polkadot_sdk::sp_runtime::DispatchError> {
		Ok(0)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_group(
		_owner: AccountId,
		_member: AccountId,
	) -> Result<ect_primitives::GroupId, polkadot_sdk::sp_runtime::DispatchError> {
		Ok(0)
	}
}
