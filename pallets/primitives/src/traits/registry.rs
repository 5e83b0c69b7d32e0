//! The registry as the other pallets use it (`protocol.md` §1, §3): reading
//! assets and categories, checking restrictions, taking storage deposits.

use crate::{
	AppId, AppInfo, CategoryId, CategoryInfo, DatasetId, DatasetInfo, Restriction, WorkerpoolId, WorkerpoolInfo,
};
#[cfg(feature = "runtime-benchmarks")]
use crate::{GroupId, PoolPolicy, Resources};
#[cfg(feature = "runtime-benchmarks")]
use polkadot_sdk::sp_core::H256;
use polkadot_sdk::sp_runtime::DispatchResult;
#[cfg(feature = "runtime-benchmarks")]
use polkadot_sdk::sp_runtime::DispatchError;

/// The registered assets and categories, read by the marketplace (matching)
/// and PoCo (deadlines, dataset checksums).
pub trait AssetRegistry<AccountId> {
	/// The app `app`, if registered.
	fn app(app: AppId) -> Option<AppInfo<AccountId>>;
	/// The dataset `dataset`, if registered.
	fn dataset(dataset: DatasetId) -> Option<DatasetInfo<AccountId>>;
	/// The workerpool `pool`, if registered.
	fn workerpool(pool: WorkerpoolId) -> Option<WorkerpoolInfo<AccountId>>;
	/// The task category `category`, if it exists.
	fn category(category: CategoryId) -> Option<CategoryInfo>;
	/// Whether the app store revoked `app` (it cannot be matched into new deals).
	fn is_revoked(app: AppId) -> bool;
	/// Whether `restriction`, set by `restricting_owner` (the owner of the
	/// order or asset it restricts), lets `who` use the order.
	fn permits(restriction: &Restriction<AccountId>, restricting_owner: &AccountId, who: &AccountId) -> bool;

	/// Registers an app of `owner` needing `requirements` (benchmark set-up).
	#[cfg(feature = "runtime-benchmarks")]
	fn register_app(owner: AccountId, requirements: Resources) -> Result<AppId, DispatchError>;
	/// Registers a dataset of `owner` with `checksum` (benchmark set-up).
	#[cfg(feature = "runtime-benchmarks")]
	fn register_dataset(owner: AccountId, checksum: H256) -> Result<DatasetId, DispatchError>;
	/// Registers a workerpool of `owner` (benchmark set-up).
	#[cfg(feature = "runtime-benchmarks")]
	fn register_workerpool(
		owner: AccountId,
		policy: PoolPolicy,
		capabilities: Resources,
	) -> Result<WorkerpoolId, DispatchError>;
	/// Names `operator` as the operator of `pool`, which `owner` owns (benchmark set-up).
	#[cfg(feature = "runtime-benchmarks")]
	fn set_operator(owner: &AccountId, pool: WorkerpoolId, operator: AccountId) -> DispatchResult;
	/// Creates a task category (benchmark set-up).
	#[cfg(feature = "runtime-benchmarks")]
	fn create_category(work_clock_time_ref: u64, max_fuel: u64) -> Result<CategoryId, DispatchError>;
	/// Creates a restriction group of `owner` with `member` in it (benchmark set-up).
	#[cfg(feature = "runtime-benchmarks")]
	fn create_group(owner: AccountId, member: AccountId) -> Result<GroupId, DispatchError>;
}

/// Storage deposits on one hold reason, for the registry's entries and the
/// entries other pallets store on behalf of an account (published orders).
pub trait StorageDeposits<AccountId> {
	/// The amount type.
	type Balance;

	/// Holds `amount` of `who`'s free balance as a storage deposit; fails,
	/// holding nothing, unless `who` can pay it and keep its existential
	/// deposit. A zero amount is a no-op.
	fn hold_deposit(who: &AccountId, amount: Self::Balance) -> DispatchResult;

	/// Releases `amount` of `who`'s storage deposits to its free balance;
	/// fails, releasing nothing, if `who` holds less. A zero amount is a no-op.
	fn release_deposit(who: &AccountId, amount: Self::Balance) -> DispatchResult;

	/// What `who` holds as storage deposits, whoever took them.
	fn deposits(who: &AccountId) -> Self::Balance;
}
