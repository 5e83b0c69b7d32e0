//! Benchmarks of every call, each in its worst case: names, urls,
//! descriptions and reasons of the maximum length, an app that is in the app
//! store, groups one member short of full (or full), and `destroy_group` over
//! its member count `m`.

use crate::*;
use alloc::vec;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::{
		traits::{
			fungible::{Inspect, Mutate},
			EnsureOrigin, Get,
		},
		BoundedVec,
	},
	frame_system::{self, RawOrigin},
	sp_core::H256,
	sp_runtime::traits::Saturating,
};

const SEED: u32 = 0;

/// A vector of the longest length `S` allows.
fn longest<S: Get<u32>>() -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(vec![b'x'; S::get() as usize])
}

/// The most demanding resources.
fn resources() -> Resources {
	Resources {
		cpu_cores: u16::MAX,
		memory_mib: u32::MAX,
		disk_mib: u32::MAX,
		gpu_memory_mib: u32::MAX,
		cpu_arch: CpuArch::Riscv64,
		region: u16::MAX,
	}
}

/// A new account, funded for many deposits.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who = account(name, index, SEED);
	fund::<T>(&who);
	who
}

/// Funds `who` for many deposits.
fn fund<T: Config>(who: &T::AccountId) {
	let deposit = T::AssetDeposit::get().max(T::GroupDeposit::get());
	let amount = T::Currency::minimum_balance().saturating_add(deposit.saturating_mul(100u32.into()));
	T::Currency::set_balance(who, amount);
}

/// A workerpool of `owner` with the longest description.
fn workerpool<T: Config>(owner: &T::AccountId) -> Result<WorkerpoolId, BenchmarkError> {
	Ok(Pallet::<T>::do_register_workerpool(owner.clone(), longest(), PoolPolicy::default(), Resources::default())?)
}

/// An app of `owner` with the longest name and multiaddr.
fn app<T: Config>(owner: &T::AccountId) -> Result<AppId, BenchmarkError> {
	Ok(Pallet::<T>::do_register_app(
		owner.clone(),
		longest(),
		AppKind::WasiPreview1,
		longest(),
		H256::repeat_byte(1),
		Some(H256::repeat_byte(2)),
		resources(),
	)?)
}

/// A group of `owner` with `members` members.
fn group<T: Config>(owner: &T::AccountId, members: u32) -> Result<GroupId, BenchmarkError> {
	let group = Pallet::<T>::do_create_group(owner.clone())?;
	for i in 0..members {
		Pallet::<T>::do_add_member(owner, group, account("member", i, SEED))?;
	}
	Ok(group)
}

/// The governance origin.
fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// Removes a category if there are already `MaxCategories`, so that one can
/// be created.
fn make_room_for_a_category<T: Config>() {
	if CategoryCount::<T>::get() >= T::MaxCategories::get() {
		if let Some(id) = Categories::<T>::iter_keys().next() {
			Categories::<T>::remove(id);
			CategoryCount::<T>::mutate(|count| *count = count.saturating_sub(1));
		}
	}
}

/// Asserts that `event` was the last event deposited.
fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_app() {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let id = NextAppId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			longest(),
			AppKind::WasiPreview1,
			longest(),
			H256::repeat_byte(1),
			Some(H256::repeat_byte(2)),
			resources(),
		);

		assert!(Apps::<T>::contains_key(id));
		assert_last_event::<T>(Event::AppRegistered { app: id, owner: caller });
	}

	#[benchmark]
	fn register_dataset() {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let id = NextDatasetId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), longest(), longest(), H256::repeat_byte(1));

		assert!(Datasets::<T>::contains_key(id));
		assert_last_event::<T>(Event::DatasetRegistered { dataset: id, owner: caller });
	}

	#[benchmark]
	fn register_workerpool() {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let id = NextWorkerpoolId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), longest(), PoolPolicy::default(), resources());

		assert!(Workerpools::<T>::contains_key(id));
		assert_last_event::<T>(Event::WorkerpoolRegistered { workerpool: id, owner: caller });
	}

	#[benchmark]
	fn update_workerpool() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let id = workerpool::<T>(&caller)?;
		let policy = PoolPolicy { worker_stake_ratio: 100, scheduler_reward_ratio: 100 };

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, policy, resources());

		assert_last_event::<T>(Event::WorkerpoolUpdated { workerpool: id, policy, capabilities: resources() });
		Ok(())
	}

	#[benchmark]
	fn set_operator() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let id = workerpool::<T>(&caller)?;
		let operator: T::AccountId = account("operator", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, Some(operator.clone()));

		assert_eq!(Operators::<T>::get(id), Some(operator.clone()));
		assert_last_event::<T>(Event::OperatorSet { workerpool: id, operator: Some(operator) });
		Ok(())
	}

	#[benchmark]
	fn transfer_ownership() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let id = app::<T>(&caller)?;
		let new_owner: T::AccountId = account("new_owner", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), AssetRef::App(id), new_owner.clone());

		assert_eq!(Pallet::<T>::owner_of(AssetRef::App(id)), Some(new_owner.clone()));
		assert_last_event::<T>(Event::OwnershipTransferred { asset: AssetRef::App(id), from: caller, to: new_owner });
		Ok(())
	}

	#[benchmark]
	fn remove_asset() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let id = app::<T>(&caller)?;
		Pallet::<T>::do_list_app(id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), AssetRef::App(id));

		assert!(!Apps::<T>::contains_key(id));
		assert!(!AppStore::<T>::contains_key(id));
		assert_last_event::<T>(Event::AssetRemoved { asset: AssetRef::App(id), owner: caller });
		Ok(())
	}

	#[benchmark]
	fn create_category() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		make_room_for_a_category::<T>();
		let id = NextCategoryId::<T>::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, longest(), longest(), 3_600, u64::MAX);

		assert!(Categories::<T>::contains_key(id));
		assert_last_event::<T>(Event::CategoryCreated { category: id });
		Ok(())
	}

	#[benchmark]
	fn update_category() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		make_room_for_a_category::<T>();
		let id = Pallet::<T>::do_create_category(longest(), longest(), 300, 1)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, longest(), longest(), 3_600, u64::MAX);

		assert_eq!(Categories::<T>::get(id).map(|c| c.work_clock_time_ref), Some(3_600));
		assert_last_event::<T>(Event::CategoryUpdated { category: id });
		Ok(())
	}

	#[benchmark]
	fn list_app() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let owner = funded::<T>("owner", 0);
		let id = app::<T>(&owner)?;
		Pallet::<T>::do_revoke_app(id, longest())?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert!(!Pallet::<T>::is_revoked(id));
		assert_last_event::<T>(Event::AppListed { app: id });
		Ok(())
	}

	#[benchmark]
	fn revoke_app() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let owner = funded::<T>("owner", 0);
		let id = app::<T>(&owner)?;
		Pallet::<T>::do_list_app(id)?;
		let reason: BoundedVec<u8, T::MaxReasonLen> = longest();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, reason.clone());

		assert!(Pallet::<T>::is_revoked(id));
		assert_last_event::<T>(Event::AppRevoked { app: id, reason });
		Ok(())
	}

	#[benchmark]
	fn create_group() {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let id = NextGroupId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert!(Groups::<T>::contains_key(id));
		assert_last_event::<T>(Event::GroupCreated { group: id, owner: caller });
	}

	#[benchmark]
	fn add_member() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let id = group::<T>(&caller, T::MaxGroupMembers::get().saturating_sub(1))?;
		let who: T::AccountId = account("new_member", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, who.clone());

		assert!(GroupMembers::<T>::contains_key(id, &who));
		assert_last_event::<T>(Event::MemberAdded { group: id, who });
		Ok(())
	}

	#[benchmark]
	fn remove_member() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let id = group::<T>(&caller, T::MaxGroupMembers::get())?;
		let who: T::AccountId = account("member", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, who.clone());

		assert!(!GroupMembers::<T>::contains_key(id, &who));
		assert_last_event::<T>(Event::MemberRemoved { group: id, who });
		Ok(())
	}

	#[benchmark]
	fn destroy_group(m: Linear<0, { T::MaxGroupMembers::get() }>) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let id = group::<T>(&caller, m)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), id, m);

		assert!(!Groups::<T>::contains_key(id));
		assert_eq!(GroupMembers::<T>::iter_prefix(id).count(), 0);
		assert_last_event::<T>(Event::GroupDestroyed { group: id, owner: caller });
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
