//! Two [`AssetRegistry`]s: [`EmptyRegistry`], with nothing registered, for
//! mocks whose pallet only needs one to set up its benchmarks; and
//! [`MockRegistry`], whose assets the test adds, with real deposits.

use crate::escrow::{reserve, unreserve, BalanceOf, ReservingCurrency, DEPOSIT_RESERVE};
use codec::{Decode, Encode};
use core::marker::PhantomData;
use ect_primitives::{
	AppId, AppInfo, AssetRef, AssetRegistry, CategoryId, CategoryInfo, DatasetId, DatasetInfo, GroupId, PoolPolicy,
	Resources, Restriction, StorageDeposits, WorkerpoolId, WorkerpoolInfo,
};
use polkadot_sdk::{
	frame_support::{
		storage::unhashed,
		traits::{Get, NamedReservableCurrency},
	},
	sp_core::H256,
	sp_runtime::{DispatchError, DispatchResult},
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
	fn set_operator(_owner: &AccountId, _pool: WorkerpoolId, _operator: AccountId) -> DispatchResult {
		Ok(())
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

/// A registry over a few entries of the test's storage (so that they roll
/// back with it): apps, datasets, workerpools, categories and groups that
/// the test adds, each asset and group holding `Deposit` from its creator
/// as the registry would; and the [`StorageDeposits`] of the marketplace's
/// orders, all under one named reserve ([`DEPOSIT_RESERVE`]).
pub struct MockRegistry<Currency, Deposit>(PhantomData<(Currency, Deposit)>);

/// Who owns a stored asset or group, and who paid what deposit for it.
#[derive(Encode, Decode)]
struct Header<AccountId, Balance> {
	owner: AccountId,
	payer: AccountId,
	deposit: Balance,
}

const NEXT: &[u8] = b"ect-mocks/registry/next";
const APP: &[u8] = b"app";
const DATASET: &[u8] = b"dataset";
const WORKERPOOL: &[u8] = b"workerpool";
const GROUP: &[u8] = b"group";
const CATEGORY: &[u8] = b"category";
const REVOKED: &[u8] = b"revoked";
const OPERATOR: &[u8] = b"operator";
/// What the registry's operations on an unknown asset fail with.
pub const UNKNOWN: DispatchError = DispatchError::Other("mock registry: no such asset");

/// The key of the `part` (header, details) of entry `id` of `kind`.
fn key(kind: &[u8], part: &[u8], id: u32) -> Vec<u8> {
	(b"ect-mocks/registry", kind, part, id).encode()
}

fn kind_of(asset: AssetRef) -> (&'static [u8], u32) {
	match asset {
		AssetRef::App(id) => (APP, id),
		AssetRef::Dataset(id) => (DATASET, id),
		AssetRef::Workerpool(id) => (WORKERPOOL, id),
	}
}

/// The next id of `kind`, counted from 0.
fn next_id(kind: &[u8]) -> u32 {
	let next_key = (NEXT, kind).encode();
	let id: u32 = unhashed::get(&next_key).unwrap_or_default();
	unhashed::put(&next_key, &id.saturating_add(1));
	id
}

fn header<A: Decode, B: Decode>(kind: &[u8], id: u32) -> Option<Header<A, B>> {
	unhashed::get(&key(kind, b"header", id))
}

fn details<D: Decode>(kind: &[u8], id: u32) -> Option<D> {
	unhashed::get(&key(kind, b"details", id))
}

impl<C, Deposit> MockRegistry<C, Deposit> {
	/// Adds an entry of `kind` owned by `owner`, holding its deposit.
	fn add<A: Encode, D: Encode>(kind: &[u8], owner: A, details: D) -> Result<u32, DispatchError>
	where
		C: ReservingCurrency<A>,
		Deposit: Get<BalanceOf<C, A>>,
	{
		let deposit = Deposit::get();
		reserve::<A, C>(&DEPOSIT_RESERVE, &owner, deposit)?;
		let id = next_id(kind);
		unhashed::put(&key(kind, b"header", id), &Header { owner: &owner, payer: &owner, deposit });
		unhashed::put(&key(kind, b"details", id), &details);
		Ok(id)
	}

	/// Registers an app of `owner` needing `requirements`.
	pub fn add_app<A: Encode>(owner: A, requirements: Resources) -> Result<AppId, DispatchError>
	where
		C: ReservingCurrency<A>,
		Deposit: Get<BalanceOf<C, A>>,
	{
		Self::add(APP, owner, requirements)
	}

	/// Registers a dataset of `owner` with `checksum`.
	pub fn add_dataset<A: Encode>(owner: A, checksum: H256) -> Result<DatasetId, DispatchError>
	where
		C: ReservingCurrency<A>,
		Deposit: Get<BalanceOf<C, A>>,
	{
		Self::add(DATASET, owner, checksum)
	}

	/// Registers a workerpool of `owner` with `policy`.
	pub fn add_workerpool<A: Encode>(owner: A, policy: PoolPolicy) -> Result<WorkerpoolId, DispatchError>
	where
		C: ReservingCurrency<A>,
		Deposit: Get<BalanceOf<C, A>>,
	{
		Self::add(WORKERPOOL, owner, policy)
	}

	/// Creates a group of `owner` with `members`.
	pub fn add_group<A: Encode>(owner: A, members: Vec<A>) -> Result<GroupId, DispatchError>
	where
		C: ReservingCurrency<A>,
		Deposit: Get<BalanceOf<C, A>>,
	{
		Self::add(GROUP, owner, members)
	}

	/// Creates a category of time reference `work_clock_time_ref` seconds
	/// and `max_fuel`.
	pub fn add_category(work_clock_time_ref: u64, max_fuel: u64) -> CategoryId {
		let id = next_id(CATEGORY);
		unhashed::put(&key(CATEGORY, b"details", id), &(work_clock_time_ref, max_fuel));
		id
	}

	/// The owner of `asset`, if registered.
	pub fn owner_of<A: Decode>(asset: AssetRef) -> Option<A>
	where
		C: ReservingCurrency<A>,
	{
		let (kind, id) = kind_of(asset);
		header::<A, BalanceOf<C, A>>(kind, id).map(|h| h.owner)
	}

	/// Gives `asset` to `to` (its deposit stays with whoever paid it).
	pub fn transfer<A: Encode + Decode>(asset: AssetRef, to: A) -> Result<(), DispatchError>
	where
		C: ReservingCurrency<A>,
	{
		let (kind, id) = kind_of(asset);
		let mut stored = header::<A, BalanceOf<C, A>>(kind, id).ok_or(UNKNOWN)?;
		stored.owner = to;
		unhashed::put(&key(kind, b"header", id), &stored);
		unhashed::kill(&key(kind, OPERATOR, id));
		Ok(())
	}

	/// Removes `asset`, giving its deposit back to whoever paid it.
	pub fn remove<A: Encode + Decode>(asset: AssetRef) -> Result<(), DispatchError>
	where
		C: ReservingCurrency<A>,
	{
		let (kind, id) = kind_of(asset);
		let stored = header::<A, BalanceOf<C, A>>(kind, id).ok_or(UNKNOWN)?;
		unreserve::<A, C>(&DEPOSIT_RESERVE, &stored.payer, stored.deposit)?;
		unhashed::kill(&key(kind, b"header", id));
		unhashed::kill(&key(kind, b"details", id));
		unhashed::kill(&key(kind, REVOKED, id));
		unhashed::kill(&key(kind, OPERATOR, id));
		Ok(())
	}

	/// The owner of `pool` names `operator` (or none) as its scheduler key.
	pub fn set_operator<A: Encode>(pool: WorkerpoolId, operator: Option<A>) {
		match operator {
			Some(operator) => unhashed::put(&key(WORKERPOOL, OPERATOR, pool), &operator),
			None => unhashed::kill(&key(WORKERPOOL, OPERATOR, pool)),
		}
	}

	/// The app store revokes `app`.
	pub fn revoke(app: AppId) {
		unhashed::put(&key(APP, REVOKED, app), &true);
	}
}

impl<A, C, Deposit> AssetRegistry<A> for MockRegistry<C, Deposit>
where
	A: Encode + Decode + Eq,
	C: ReservingCurrency<A>,
	Deposit: Get<BalanceOf<C, A>>,
{
	fn app(app: AppId) -> Option<AppInfo<A>> {
		let owner = Self::owner_of(AssetRef::App(app))?;
		Some(AppInfo { owner, requirements: details(APP, app)? })
	}

	fn dataset(dataset: DatasetId) -> Option<DatasetInfo<A>> {
		let owner = Self::owner_of(AssetRef::Dataset(dataset))?;
		Some(DatasetInfo { owner, checksum: details(DATASET, dataset)? })
	}

	fn workerpool(pool: WorkerpoolId) -> Option<WorkerpoolInfo<A>> {
		let owner = Self::owner_of(AssetRef::Workerpool(pool))?;
		let operator = unhashed::get(&key(WORKERPOOL, OPERATOR, pool));
		Some(WorkerpoolInfo { owner, operator, policy: details(WORKERPOOL, pool)? })
	}

	fn category(category: CategoryId) -> Option<CategoryInfo> {
		details::<(u64, u64)>(CATEGORY, category)
			.map(|(work_clock_time_ref, max_fuel)| CategoryInfo { work_clock_time_ref, max_fuel })
	}

	fn is_revoked(app: AppId) -> bool {
		unhashed::get(&key(APP, REVOKED, app)).unwrap_or(false)
	}

	fn permits(restriction: &Restriction<A>, restricting_owner: &A, who: &A) -> bool {
		match restriction {
			Restriction::Anyone => true,
			Restriction::Account(account) => account == who,
			Restriction::Group(group) =>
				header::<A, BalanceOf<C, A>>(GROUP, *group).is_some_and(|g| g.owner == *restricting_owner) &&
					details::<Vec<A>>(GROUP, *group).is_some_and(|members| members.contains(who)),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_app(owner: A, requirements: Resources) -> Result<AppId, DispatchError> {
		Self::add_app(owner, requirements)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_dataset(owner: A, checksum: H256) -> Result<DatasetId, DispatchError> {
		Self::add_dataset(owner, checksum)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_workerpool(owner: A, policy: PoolPolicy, _capabilities: Resources) -> Result<WorkerpoolId, DispatchError> {
		Self::add_workerpool(owner, policy)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_operator(_owner: &A, pool: WorkerpoolId, operator: A) -> DispatchResult {
		Self::set_operator(pool, Some(operator));
		Ok(())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_category(work_clock_time_ref: u64, max_fuel: u64) -> Result<CategoryId, DispatchError> {
		Ok(Self::add_category(work_clock_time_ref, max_fuel))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_group(owner: A, member: A) -> Result<GroupId, DispatchError> {
		Self::add_group(owner, vec![member])
	}
}

impl<A, C, Deposit> StorageDeposits<A> for MockRegistry<C, Deposit>
where
	C: ReservingCurrency<A>,
{
	type Balance = BalanceOf<C, A>;

	fn hold_deposit(who: &A, amount: Self::Balance) -> DispatchResult {
		reserve::<A, C>(&DEPOSIT_RESERVE, who, amount)
	}

	fn release_deposit(who: &A, amount: Self::Balance) -> DispatchResult {
		unreserve::<A, C>(&DEPOSIT_RESERVE, who, amount)
	}

	fn deposits(who: &A) -> Self::Balance {
		<C as NamedReservableCurrency<A>>::reserved_balance_named(&DEPOSIT_RESERVE, who)
	}
}
