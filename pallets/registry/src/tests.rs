//! Every call's success and every refusal, events, deposits, the `permits`
//! truth table, genesis, the invariant checker, and a property test of random
//! call sequences for the deposit bookkeeping.

use crate::{
	mock::*, AppId, AppKind, AppStore, Apps, AssetRef, Categories, Category, CategoryCount, CategoryId, CpuArch,
	Curation, DatasetId, Datasets, Deposit, Error, Event, GroupId, GroupMembers, Groups, HoldReason, NextAppId,
	NextCategoryId, NextDatasetId, NextGroupId, NextWorkerpoolId, Operators, PoolPolicy, Resources, Restriction, WeightInfo,
	WorkerpoolId, Workerpools,
};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		dispatch::GetDispatchInfo,
		traits::{
			fungible::{Inspect, InspectHold, MutateHold},
			tokens::Precision,
			BuildGenesisConfig, Get, Hooks,
		},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::{traits::BadOrigin, DispatchError},
};
use ect_primitives::AssetRegistry;
use proptest::prelude::*;

type R = crate::Pallet<Test>;

// ---------------------------------------------------------------------------
// Helpers.

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn bounded<S: Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	bytes.to_vec().try_into().expect("the test bytes fit the bound")
}

fn free(who: AccountId) -> u64 {
	Balances::balance(&who)
}

fn held(who: AccountId) -> u64 {
	Balances::balance_on_hold(&HoldReason::StorageDeposit.into(), &who)
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Registry(e) => Some(e),
			_ => None,
		})
		.expect("a registry event")
}

fn requirements() -> Resources {
	Resources { cpu_cores: 2, memory_mib: 512, disk_mib: 1024, gpu_memory_mib: 0, cpu_arch: CpuArch::X86_64, region: 0 }
}

fn register_app(who: AccountId) -> AppId {
	let id = NextAppId::<Test>::get();
	assert_ok!(Registry::register_app(
		signed(who),
		bounded(b"app"),
		AppKind::WasiPreview1,
		bounded(b"ipfs://app"),
		H256::repeat_byte(1),
		None,
		requirements(),
	));
	id
}

fn register_dataset(who: AccountId) -> DatasetId {
	let id = NextDatasetId::<Test>::get();
	assert_ok!(Registry::register_dataset(
		signed(who),
		bounded(b"data"),
		bounded(b"ipfs://data"),
		H256::repeat_byte(2)
	));
	id
}

fn register_workerpool(who: AccountId) -> WorkerpoolId {
	let id = NextWorkerpoolId::<Test>::get();
	assert_ok!(Registry::register_workerpool(signed(who), bounded(b"pool"), PoolPolicy::default(), requirements()));
	id
}

fn create_group(who: AccountId) -> GroupId {
	let id = NextGroupId::<Test>::get();
	assert_ok!(Registry::create_group(signed(who)));
	id
}

fn new_category() -> CategoryId {
	let id = NextCategoryId::<Test>::get();
	assert_ok!(Registry::create_category(root(), bounded(b"M"), bounded(b"medium"), 3_600, 9));
	id
}

/// One asset of each kind, owned by `who`.
fn one_of_each(who: AccountId) -> [AssetRef; 3] {
	[
		AssetRef::App(register_app(who)),
		AssetRef::Dataset(register_dataset(who)),
		AssetRef::Workerpool(register_workerpool(who)),
	]
}

fn unknown(asset: AssetRef) -> Error<Test> {
	match asset {
		AssetRef::App(_) => Error::<Test>::UnknownApp,
		AssetRef::Dataset(_) => Error::<Test>::UnknownDataset,
		AssetRef::Workerpool(_) => Error::<Test>::UnknownWorkerpool,
	}
}

fn deposit_of(asset: AssetRef) -> Deposit<AccountId, u64> {
	match asset {
		AssetRef::App(id) => Apps::<Test>::get(id).unwrap().deposit,
		AssetRef::Dataset(id) => Datasets::<Test>::get(id).unwrap().deposit,
		AssetRef::Workerpool(id) => Workerpools::<Test>::get(id).unwrap().deposit,
	}
}

// ---------------------------------------------------------------------------
// Genesis and configuration.

#[test]
fn genesis_builds_the_categories() {
	run(|| {
		assert_eq!(CategoryCount::<Test>::get(), 2);
		assert_eq!(NextCategoryId::<Test>::get(), 2);
		assert_eq!(
			Categories::<Test>::get(0),
			Some(Category {
				name: bounded(b"XS"),
				description: bounded(b"extra small"),
				work_clock_time_ref: 300,
				max_fuel: 1_000_000
			})
		);
		assert_eq!(Categories::<Test>::get(1).map(|c| (c.work_clock_time_ref, c.max_fuel)), Some((1_200, 4_000_000)));
		assert!(Categories::<Test>::get(2).is_none());
	});
}

#[test]
#[should_panic(expected = "a genesis category is valid and within MaxCategories")]
fn genesis_refuses_an_invalid_category() {
	polkadot_sdk::sp_io::TestExternalities::default().execute_with(|| {
		crate::GenesisConfig::<Test> { categories: vec![(b"XS".to_vec(), b"".to_vec(), 0, 1)], ..Default::default() }
			.build();
	});
}

#[test]
#[should_panic(expected = "a genesis category name fits MaxNameLen")]
fn genesis_refuses_a_long_category_name() {
	polkadot_sdk::sp_io::TestExternalities::default().execute_with(|| {
		crate::GenesisConfig::<Test> { categories: vec![(vec![b'x'; 9], b"".to_vec(), 1, 1)], ..Default::default() }
			.build();
	});
}

#[test]
fn the_mock_configuration_passes_the_integrity_test() {
	run(|| <Registry as Hooks<u64>>::integrity_test());
}

// ---------------------------------------------------------------------------
// register_app / register_dataset / register_workerpool.

#[test]
fn register_app_stores_the_app_and_holds_the_deposit() {
	run(|| {
		assert_ok!(Registry::register_app(
			signed(1),
			bounded(b"app"),
			AppKind::WasiPreview1,
			bounded(b"ipfs://app"),
			H256::repeat_byte(1),
			Some(H256::repeat_byte(9)),
			requirements(),
		));
		assert_eq!(last_event(), Event::AppRegistered { app: 0, owner: 1 });
		let app = Apps::<Test>::get(0).unwrap();
		assert_eq!(app.owner, 1);
		assert_eq!(app.name.to_vec(), b"app".to_vec());
		assert_eq!(app.multiaddr.to_vec(), b"ipfs://app".to_vec());
		assert_eq!(app.checksum, H256::repeat_byte(1));
		assert_eq!(app.mrenclave, Some(H256::repeat_byte(9)));
		assert_eq!(app.requirements, requirements());
		assert_eq!(app.deposit, Deposit { depositor: 1, amount: AssetDeposit::get() });
		assert_eq!(held(1), AssetDeposit::get());
		assert_eq!(free(1), START - AssetDeposit::get());
		assert_eq!(NextAppId::<Test>::get(), 1);
		assert_eq!(R::owner_of(AssetRef::App(0)), Some(1));
		// Ids are sequential.
		assert_eq!(register_app(2), 1);
		assert_eq!(last_event(), Event::AppRegistered { app: 1, owner: 2 });
	});
}

#[test]
fn register_dataset_stores_the_dataset_and_holds_the_deposit() {
	run(|| {
		assert_ok!(Registry::register_dataset(signed(1), bounded(b"data"), bounded(b"ipfs://d"), H256::repeat_byte(3)));
		assert_eq!(last_event(), Event::DatasetRegistered { dataset: 0, owner: 1 });
		let dataset = Datasets::<Test>::get(0).unwrap();
		assert_eq!(dataset.owner, 1);
		assert_eq!(dataset.name.to_vec(), b"data".to_vec());
		assert_eq!(dataset.multiaddr.to_vec(), b"ipfs://d".to_vec());
		assert_eq!(dataset.checksum, H256::repeat_byte(3));
		assert_eq!(dataset.deposit, Deposit { depositor: 1, amount: AssetDeposit::get() });
		assert_eq!(held(1), AssetDeposit::get());
		assert_eq!(NextDatasetId::<Test>::get(), 1);
		assert_eq!(register_dataset(1), 1);
		assert_eq!(held(1), 2 * AssetDeposit::get());
	});
}

#[test]
fn register_workerpool_stores_the_pool_and_holds_the_deposit() {
	run(|| {
		let policy = PoolPolicy { worker_stake_ratio: 100, scheduler_reward_ratio: 0 };
		assert_ok!(Registry::register_workerpool(signed(3), bounded(b"pool"), policy, requirements()));
		assert_eq!(last_event(), Event::WorkerpoolRegistered { workerpool: 0, owner: 3 });
		let pool = Workerpools::<Test>::get(0).unwrap();
		assert_eq!(pool.owner, 3);
		assert_eq!(pool.description.to_vec(), b"pool".to_vec());
		assert_eq!(pool.policy, policy);
		assert_eq!(pool.capabilities, requirements());
		assert_eq!(pool.deposit, Deposit { depositor: 3, amount: AssetDeposit::get() });
		assert_eq!(held(3), AssetDeposit::get());
		assert_eq!(NextWorkerpoolId::<Test>::get(), 1);
	});
}

#[test]
fn registrations_need_a_signed_origin() {
	run(|| {
		for origin in [root(), RuntimeOrigin::none()] {
			assert_noop!(
				Registry::register_app(
					origin.clone(),
					bounded(b"a"),
					AppKind::WasiPreview1,
					bounded(b""),
					H256::zero(),
					None,
					Resources::default()
				),
				BadOrigin
			);
			assert_noop!(
				Registry::register_dataset(origin.clone(), bounded(b"d"), bounded(b""), H256::zero()),
				BadOrigin
			);
			assert_noop!(
				Registry::register_workerpool(origin, bounded(b"p"), PoolPolicy::default(), Resources::default()),
				BadOrigin
			);
		}
	});
}

#[test]
fn registrations_refuse_callers_who_cannot_pay_the_deposit() {
	run(|| {
		// POOR has exactly the deposit but must keep its existential deposit;
		// NOBODY has nothing.
		for who in [POOR, NOBODY] {
			assert_noop!(
				Registry::register_app(
					signed(who),
					bounded(b"a"),
					AppKind::WasiPreview1,
					bounded(b""),
					H256::zero(),
					None,
					Resources::default()
				),
				Error::<Test>::InsufficientDeposit
			);
			assert_noop!(
				Registry::register_dataset(signed(who), bounded(b"d"), bounded(b""), H256::zero()),
				Error::<Test>::InsufficientDeposit
			);
			assert_noop!(
				Registry::register_workerpool(signed(who), bounded(b"p"), PoolPolicy::default(), Resources::default()),
				Error::<Test>::InsufficientDeposit
			);
		}
		assert_eq!(free(POOR), AssetDeposit::get());
	});
}

#[test]
fn registrations_refuse_when_the_ids_run_out() {
	run(|| {
		NextAppId::<Test>::put(u32::MAX);
		NextDatasetId::<Test>::put(u32::MAX);
		NextWorkerpoolId::<Test>::put(u32::MAX);
		assert_noop!(
			Registry::register_app(
				signed(1),
				bounded(b"a"),
				AppKind::WasiPreview1,
				bounded(b""),
				H256::zero(),
				None,
				Resources::default()
			),
			Error::<Test>::NoIdLeft
		);
		assert_noop!(
			Registry::register_dataset(signed(1), bounded(b"d"), bounded(b""), H256::zero()),
			Error::<Test>::NoIdLeft
		);
		assert_noop!(
			Registry::register_workerpool(signed(1), bounded(b"p"), PoolPolicy::default(), Resources::default()),
			Error::<Test>::NoIdLeft
		);
		assert_eq!(held(1), 0);
		// The last id below the limit is still usable.
		NextAppId::<Test>::put(u32::MAX - 1);
		assert_eq!(register_app(1), u32::MAX - 1);
	});
}

#[test]
fn register_workerpool_refuses_ratios_above_100() {
	run(|| {
		for policy in [
			PoolPolicy { worker_stake_ratio: 101, scheduler_reward_ratio: 1 },
			PoolPolicy { worker_stake_ratio: 30, scheduler_reward_ratio: 101 },
			PoolPolicy { worker_stake_ratio: u8::MAX, scheduler_reward_ratio: u8::MAX },
		] {
			assert_noop!(
				Registry::register_workerpool(signed(1), bounded(b"p"), policy, Resources::default()),
				Error::<Test>::InvalidRatio
			);
		}
		let limits = PoolPolicy { worker_stake_ratio: 100, scheduler_reward_ratio: 100 };
		assert_ok!(Registry::register_workerpool(signed(1), bounded(b"p"), limits, Resources::default()));
	});
}

// ---------------------------------------------------------------------------
// update_workerpool.

#[test]
fn update_workerpool_sets_policy_and_capabilities() {
	run(|| {
		let pool = register_workerpool(1);
		let policy = PoolPolicy { worker_stake_ratio: 50, scheduler_reward_ratio: 10 };
		let capabilities = Resources { cpu_cores: 64, gpu_memory_mib: 8192, ..requirements() };
		assert_ok!(Registry::update_workerpool(signed(1), pool, policy, capabilities));
		assert_eq!(last_event(), Event::WorkerpoolUpdated { workerpool: pool, policy, capabilities });
		let stored = Workerpools::<Test>::get(pool).unwrap();
		assert_eq!(stored.policy, policy);
		assert_eq!(stored.capabilities, capabilities);
		assert_eq!(stored.description.to_vec(), b"pool".to_vec());
		assert_eq!(held(1), AssetDeposit::get());
	});
}

#[test]
fn update_workerpool_refusals() {
	run(|| {
		let pool = register_workerpool(1);
		let policy = PoolPolicy::default();
		assert_noop!(Registry::update_workerpool(root(), pool, policy, Resources::default()), BadOrigin);
		assert_noop!(
			Registry::update_workerpool(signed(1), pool + 1, policy, Resources::default()),
			Error::<Test>::UnknownWorkerpool
		);
		assert_noop!(
			Registry::update_workerpool(signed(2), pool, policy, Resources::default()),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Registry::update_workerpool(
				signed(1),
				pool,
				PoolPolicy { worker_stake_ratio: 101, scheduler_reward_ratio: 1 },
				Resources::default()
			),
			Error::<Test>::InvalidRatio
		);
		assert_noop!(
			Registry::update_workerpool(
				signed(1),
				pool,
				PoolPolicy { worker_stake_ratio: 1, scheduler_reward_ratio: 101 },
				Resources::default()
			),
			Error::<Test>::InvalidRatio
		);
	});
}

// ---------------------------------------------------------------------------
// set_operator.

#[test]
fn set_operator_names_changes_and_removes_the_pools_operator() {
	run(|| {
		let pool = register_workerpool(1);
		assert_eq!(<R as AssetRegistry<AccountId>>::workerpool(pool).unwrap().operator, None);
		assert_ok!(Registry::set_operator(signed(1), pool, Some(7)));
		assert_eq!(last_event(), Event::OperatorSet { workerpool: pool, operator: Some(7) });
		let info = <R as AssetRegistry<AccountId>>::workerpool(pool).unwrap();
		assert_eq!((info.owner, info.operator), (1, Some(7)));
		assert!(info.is_scheduler(&1) && info.is_scheduler(&7) && !info.is_scheduler(&8));
		assert_ok!(Registry::set_operator(signed(1), pool, Some(8)));
		assert_eq!(Operators::<Test>::get(pool), Some(8));
		assert_ok!(Registry::set_operator(signed(1), pool, None));
		assert_eq!(last_event(), Event::OperatorSet { workerpool: pool, operator: None });
		assert_eq!(Operators::<Test>::get(pool), None);
		// It costs no deposit.
		assert_eq!(held(1), AssetDeposit::get());
		assert_ok!(R::do_try_state());
	});
}

#[test]
fn set_operator_refusals() {
	run(|| {
		let pool = register_workerpool(1);
		assert_noop!(Registry::set_operator(root(), pool, Some(7)), BadOrigin);
		assert_noop!(Registry::set_operator(signed(1), pool + 1, Some(7)), Error::<Test>::UnknownWorkerpool);
		assert_noop!(Registry::set_operator(signed(2), pool, Some(7)), Error::<Test>::NotOwner);
		assert_noop!(Registry::set_operator(signed(1), pool, Some(1)), Error::<Test>::OperatorIsOwner);
		// The operator acts as the scheduler, not as the owner.
		assert_ok!(Registry::set_operator(signed(1), pool, Some(7)));
		assert_noop!(Registry::set_operator(signed(7), pool, None), Error::<Test>::NotOwner);
		assert_noop!(
			Registry::update_workerpool(signed(7), pool, PoolPolicy::default(), Resources::default()),
			Error::<Test>::NotOwner
		);
		assert_noop!(Registry::transfer_ownership(signed(7), AssetRef::Workerpool(pool), 7), Error::<Test>::NotOwner);
	});
}

#[test]
fn the_operator_goes_when_the_pool_changes_hands_or_is_removed() {
	run(|| {
		let pool = register_workerpool(1);
		assert_ok!(Registry::set_operator(signed(1), pool, Some(7)));
		assert_ok!(Registry::transfer_ownership(signed(1), AssetRef::Workerpool(pool), 2));
		assert_eq!(Operators::<Test>::get(pool), None);
		assert!(System::events().iter().any(|r| r.event ==
			RuntimeEvent::Registry(Event::OperatorSet { workerpool: pool, operator: None })));
		assert_ok!(Registry::set_operator(signed(2), pool, Some(7)));
		assert_ok!(Registry::remove_asset(signed(2), AssetRef::Workerpool(pool)));
		assert_eq!(Operators::<Test>::get(pool), None);
		assert_ok!(R::do_try_state());
	});
}

// ---------------------------------------------------------------------------
// transfer_ownership.

#[test]
fn transfer_ownership_moves_every_kind_of_asset_but_not_its_deposit() {
	run(|| {
		for asset in one_of_each(1) {
			assert_ok!(Registry::transfer_ownership(signed(1), asset, 2));
			assert_eq!(last_event(), Event::OwnershipTransferred { asset, from: 1, to: 2 });
			assert_eq!(R::owner_of(asset), Some(2));
			assert_eq!(deposit_of(asset), Deposit { depositor: 1, amount: AssetDeposit::get() });
		}
		assert_eq!(held(1), 3 * AssetDeposit::get());
		assert_eq!(held(2), 0);
		// An account that does not exist can receive an asset: it pays nothing.
		assert_ok!(Registry::transfer_ownership(signed(2), AssetRef::App(0), NOBODY));
		assert_eq!(R::owner_of(AssetRef::App(0)), Some(NOBODY));
	});
}

#[test]
fn transfer_ownership_refusals() {
	run(|| {
		for asset in one_of_each(1) {
			assert_noop!(Registry::transfer_ownership(root(), asset, 2), BadOrigin);
			assert_noop!(Registry::transfer_ownership(signed(2), asset, 2), Error::<Test>::NotOwner);
			let missing = match asset {
				AssetRef::App(id) => AssetRef::App(id + 1),
				AssetRef::Dataset(id) => AssetRef::Dataset(id + 1),
				AssetRef::Workerpool(id) => AssetRef::Workerpool(id + 1),
			};
			assert_noop!(Registry::transfer_ownership(signed(1), missing, 2), unknown(missing));
		}
		// The previous owner loses its rights.
		assert_ok!(Registry::transfer_ownership(signed(1), AssetRef::Dataset(0), 2));
		assert_noop!(Registry::transfer_ownership(signed(1), AssetRef::Dataset(0), 3), Error::<Test>::NotOwner);
		assert_noop!(Registry::remove_asset(signed(1), AssetRef::Dataset(0)), Error::<Test>::NotOwner);
	});
}

// ---------------------------------------------------------------------------
// remove_asset.

#[test]
fn remove_asset_removes_every_kind_and_releases_the_deposit() {
	run(|| {
		for asset in one_of_each(1) {
			assert_ok!(Registry::remove_asset(signed(1), asset));
			assert_eq!(last_event(), Event::AssetRemoved { asset, owner: 1 });
			assert_eq!(R::owner_of(asset), None);
		}
		assert_eq!(held(1), 0);
		assert_eq!(free(1), START);
		assert!(Apps::<Test>::get(0).is_none());
		assert!(Datasets::<Test>::get(0).is_none());
		assert!(Workerpools::<Test>::get(0).is_none());
		// Ids are not reused.
		assert_eq!(register_app(1), 1);
	});
}

#[test]
fn remove_asset_releases_the_deposit_to_its_depositor_after_a_transfer() {
	run(|| {
		for asset in one_of_each(1) {
			assert_ok!(Registry::transfer_ownership(signed(1), asset, 2));
		}
		for asset in one_of_each(1) {
			assert_ok!(Registry::remove_asset(signed(1), asset));
		}
		let free_2 = free(2);
		for asset in [AssetRef::App(0), AssetRef::Dataset(0), AssetRef::Workerpool(0)] {
			assert_ok!(Registry::remove_asset(signed(2), asset));
			assert_eq!(last_event(), Event::AssetRemoved { asset, owner: 2 });
		}
		assert_eq!(held(1), 0);
		assert_eq!(free(1), START);
		assert_eq!(free(2), free_2);
		assert_eq!(held(2), 0);
	});
}

#[test]
fn remove_asset_drops_the_app_store_entry() {
	run(|| {
		let listed = register_app(1);
		let revoked = register_app(1);
		assert_ok!(Registry::list_app(root(), listed));
		assert_ok!(Registry::revoke_app(root(), revoked, bounded(b"malware")));
		assert_ok!(Registry::remove_asset(signed(1), AssetRef::App(listed)));
		assert_ok!(Registry::remove_asset(signed(1), AssetRef::App(revoked)));
		assert!(AppStore::<Test>::get(listed).is_none());
		assert!(AppStore::<Test>::get(revoked).is_none());
	});
}

#[test]
fn remove_asset_refusals() {
	run(|| {
		for asset in one_of_each(1) {
			assert_noop!(Registry::remove_asset(root(), asset), BadOrigin);
			assert_noop!(Registry::remove_asset(signed(2), asset), Error::<Test>::NotOwner);
			assert_ok!(Registry::remove_asset(signed(1), asset));
			// Removed: unknown now.
			assert_noop!(Registry::remove_asset(signed(1), asset), unknown(asset));
		}
	});
}

#[test]
fn remove_asset_fails_without_a_matching_hold() {
	run(|| {
		let app = register_app(1);
		// Something else released the hold (a broken invariant): removal is
		// refused rather than releasing another pallet's deposits.
		assert_ok!(Balances::release(&HoldReason::StorageDeposit.into(), &1, 1, Precision::Exact));
		assert!(Registry::do_try_state().is_err());
		assert_noop!(
			Registry::remove_asset(signed(1), AssetRef::App(app)),
			DispatchError::Token(polkadot_sdk::sp_runtime::TokenError::FundsUnavailable)
		);
		// Restore the invariant.
		assert_ok!(Balances::hold(&HoldReason::StorageDeposit.into(), &1, 1));
	});
}

// ---------------------------------------------------------------------------
// create_category / update_category.

#[test]
fn create_category_stores_the_category() {
	run(|| {
		assert_ok!(Registry::create_category(root(), bounded(b"M"), bounded(b"medium"), 3_600, 7));
		assert_eq!(last_event(), Event::CategoryCreated { category: 2 });
		assert_eq!(
			Categories::<Test>::get(2),
			Some(Category {
				name: bounded(b"M"),
				description: bounded(b"medium"),
				work_clock_time_ref: 3_600,
				max_fuel: 7
			})
		);
		assert_eq!(CategoryCount::<Test>::get(), 3);
		assert_eq!(NextCategoryId::<Test>::get(), 3);
	});
}

#[test]
fn create_category_refusals() {
	run(|| {
		assert_noop!(Registry::create_category(signed(1), bounded(b"M"), bounded(b""), 1, 1), BadOrigin);
		assert_noop!(
			Registry::create_category(root(), bounded(b"M"), bounded(b""), 0, 1),
			Error::<Test>::InvalidTimeRef
		);
		assert_noop!(
			Registry::create_category(root(), bounded(b"M"), bounded(b""), 1, 0),
			Error::<Test>::InvalidMaxFuel
		);
		NextCategoryId::<Test>::put(u32::MAX);
		assert_noop!(Registry::create_category(root(), bounded(b"M"), bounded(b""), 1, 1), Error::<Test>::NoIdLeft);
		NextCategoryId::<Test>::put(2);
		// Two genesis categories; the mock allows three.
		new_category();
		assert_eq!(CategoryCount::<Test>::get(), MaxCategories::get());
		assert_noop!(
			Registry::create_category(root(), bounded(b"L"), bounded(b""), 1, 1),
			Error::<Test>::TooManyCategories
		);
	});
}

#[test]
fn update_category_replaces_its_fields() {
	run(|| {
		assert_ok!(Registry::update_category(root(), 1, bounded(b"S2"), bounded(b"smaller"), 600, 5));
		assert_eq!(last_event(), Event::CategoryUpdated { category: 1 });
		assert_eq!(
			Categories::<Test>::get(1),
			Some(Category {
				name: bounded(b"S2"),
				description: bounded(b"smaller"),
				work_clock_time_ref: 600,
				max_fuel: 5
			})
		);
		assert_eq!(CategoryCount::<Test>::get(), 2);
	});
}

#[test]
fn update_category_refusals() {
	run(|| {
		assert_noop!(Registry::update_category(signed(1), 0, bounded(b"X"), bounded(b""), 1, 1), BadOrigin);
		assert_noop!(
			Registry::update_category(root(), 2, bounded(b"X"), bounded(b""), 1, 1),
			Error::<Test>::UnknownCategory
		);
		assert_noop!(
			Registry::update_category(root(), 0, bounded(b"X"), bounded(b""), 0, 1),
			Error::<Test>::InvalidTimeRef
		);
		assert_noop!(
			Registry::update_category(root(), 0, bounded(b"X"), bounded(b""), 1, 0),
			Error::<Test>::InvalidMaxFuel
		);
	});
}

// ---------------------------------------------------------------------------
// list_app / revoke_app / is_revoked.

#[test]
fn list_app_lists_the_app() {
	run(|| {
		let app = register_app(1);
		assert_ok!(Registry::list_app(root(), app));
		assert_eq!(last_event(), Event::AppListed { app });
		assert_eq!(AppStore::<Test>::get(app), Some(Curation::Listed));
		assert!(!R::is_revoked(app));
	});
}

#[test]
fn list_app_lifts_a_revocation() {
	run(|| {
		let app = register_app(1);
		assert_ok!(Registry::revoke_app(root(), app, bounded(b"bug")));
		assert!(R::is_revoked(app));
		assert_ok!(Registry::list_app(root(), app));
		assert!(!R::is_revoked(app));
		assert_eq!(AppStore::<Test>::get(app), Some(Curation::Listed));
	});
}

#[test]
fn list_app_refusals() {
	run(|| {
		let app = register_app(1);
		assert_noop!(Registry::list_app(signed(1), app), BadOrigin);
		assert_noop!(Registry::list_app(root(), app + 1), Error::<Test>::UnknownApp);
		assert_ok!(Registry::list_app(root(), app));
		assert_noop!(Registry::list_app(root(), app), Error::<Test>::AlreadyListed);
	});
}

#[test]
fn revoke_app_revokes_listed_and_unlisted_apps() {
	run(|| {
		let listed = register_app(1);
		let unlisted = register_app(2);
		assert_ok!(Registry::list_app(root(), listed));
		for app in [listed, unlisted] {
			assert!(!R::is_revoked(app));
			assert_ok!(Registry::revoke_app(root(), app, bounded(b"malware")));
			assert_eq!(last_event(), Event::AppRevoked { app, reason: bounded(b"malware") });
			assert!(R::is_revoked(app));
			assert_eq!(AppStore::<Test>::get(app), Some(Curation::Revoked(bounded(b"malware"))));
		}
		// A new reason replaces the earlier one.
		assert_ok!(Registry::revoke_app(root(), listed, bounded(b"again")));
		assert_eq!(AppStore::<Test>::get(listed), Some(Curation::Revoked(bounded(b"again"))));
		// Revocation does not touch the app itself or its deposit.
		assert_eq!(R::owner_of(AssetRef::App(listed)), Some(1));
		assert_eq!(held(1), AssetDeposit::get());
	});
}

#[test]
fn revoke_app_refusals() {
	run(|| {
		let app = register_app(1);
		assert_noop!(Registry::revoke_app(signed(1), app, bounded(b"r")), BadOrigin);
		assert_noop!(Registry::revoke_app(root(), app + 1, bounded(b"r")), Error::<Test>::UnknownApp);
	});
}

#[test]
fn is_revoked_is_false_for_unknown_and_uncurated_apps() {
	run(|| {
		assert!(!R::is_revoked(0));
		let app = register_app(1);
		assert!(!R::is_revoked(app));
	});
}

// ---------------------------------------------------------------------------
// Groups.

#[test]
fn create_group_holds_the_group_deposit() {
	run(|| {
		assert_ok!(Registry::create_group(signed(1)));
		assert_eq!(last_event(), Event::GroupCreated { group: 0, owner: 1 });
		let group = Groups::<Test>::get(0).unwrap();
		assert_eq!(group.owner, 1);
		assert_eq!(group.members, 0);
		assert_eq!(group.deposit, Deposit { depositor: 1, amount: GroupDeposit::get() });
		assert_eq!(held(1), GroupDeposit::get());
		assert_eq!(NextGroupId::<Test>::get(), 1);
		assert_eq!(create_group(1), 1);
	});
}

#[test]
fn create_group_refusals() {
	run(|| {
		assert_noop!(Registry::create_group(root()), BadOrigin);
		assert_noop!(Registry::create_group(signed(NOBODY)), Error::<Test>::InsufficientDeposit);
		// POOR (100) can pay the group deposit (40) twice, leaving 20; a
		// third would not leave the existential deposit.
		assert_ok!(Registry::create_group(signed(POOR)));
		assert_ok!(Registry::create_group(signed(POOR)));
		assert_noop!(Registry::create_group(signed(POOR)), Error::<Test>::InsufficientDeposit);
		NextGroupId::<Test>::put(u32::MAX);
		assert_noop!(Registry::create_group(signed(1)), Error::<Test>::NoIdLeft);
		NextGroupId::<Test>::put(2);
	});
}

#[test]
fn add_member_and_remove_member() {
	run(|| {
		let group = create_group(1);
		assert_ok!(Registry::add_member(signed(1), group, 2));
		assert_eq!(last_event(), Event::MemberAdded { group, who: 2 });
		assert_ok!(Registry::add_member(signed(1), group, NOBODY));
		assert!(GroupMembers::<Test>::contains_key(group, 2));
		assert_eq!(Groups::<Test>::get(group).unwrap().members, 2);
		assert_ok!(Registry::remove_member(signed(1), group, 2));
		assert_eq!(last_event(), Event::MemberRemoved { group, who: 2 });
		assert!(!GroupMembers::<Test>::contains_key(group, 2));
		assert_eq!(Groups::<Test>::get(group).unwrap().members, 1);
		// The owner can be a member of its own group.
		assert_ok!(Registry::add_member(signed(1), group, 1));
		assert_eq!(held(1), GroupDeposit::get());
	});
}

#[test]
fn add_member_refusals() {
	run(|| {
		let group = create_group(1);
		assert_noop!(Registry::add_member(root(), group, 2), BadOrigin);
		assert_noop!(Registry::add_member(signed(1), group + 1, 2), Error::<Test>::UnknownGroup);
		assert_noop!(Registry::add_member(signed(2), group, 2), Error::<Test>::NotOwner);
		assert_ok!(Registry::add_member(signed(1), group, 2));
		assert_noop!(Registry::add_member(signed(1), group, 2), Error::<Test>::AlreadyMember);
		for who in 3..=MaxGroupMembers::get() as u64 + 1 {
			assert_ok!(Registry::add_member(signed(1), group, who));
		}
		assert_eq!(Groups::<Test>::get(group).unwrap().members, MaxGroupMembers::get());
		assert_noop!(Registry::add_member(signed(1), group, 100), Error::<Test>::GroupFull);
		// Room again after a removal.
		assert_ok!(Registry::remove_member(signed(1), group, 2));
		assert_ok!(Registry::add_member(signed(1), group, 100));
	});
}

#[test]
fn remove_member_refusals() {
	run(|| {
		let group = create_group(1);
		assert_ok!(Registry::add_member(signed(1), group, 2));
		assert_noop!(Registry::remove_member(root(), group, 2), BadOrigin);
		assert_noop!(Registry::remove_member(signed(1), group + 1, 2), Error::<Test>::UnknownGroup);
		assert_noop!(Registry::remove_member(signed(2), group, 2), Error::<Test>::NotOwner);
		assert_noop!(Registry::remove_member(signed(1), group, 3), Error::<Test>::NotMember);
	});
}

#[test]
fn destroy_group_removes_the_members_and_releases_the_deposit() {
	run(|| {
		let group = create_group(1);
		let other = create_group(1);
		for who in [2, 3, 4] {
			assert_ok!(Registry::add_member(signed(1), group, who));
		}
		assert_ok!(Registry::add_member(signed(1), other, 2));
		let post = Registry::destroy_group(signed(1), group, 3).unwrap();
		assert_eq!(post.actual_weight, Some(<() as WeightInfo>::destroy_group(3)));
		assert_eq!(last_event(), Event::GroupDestroyed { group, owner: 1 });
		assert!(Groups::<Test>::get(group).is_none());
		assert_eq!(GroupMembers::<Test>::iter_prefix(group).count(), 0);
		// The other group is untouched.
		assert!(GroupMembers::<Test>::contains_key(other, 2));
		assert_eq!(held(1), GroupDeposit::get());
		// A full group, with a witness above the count: refunded to the count.
		let full = create_group(1);
		for who in 10..10 + MaxGroupMembers::get() as u64 {
			assert_ok!(Registry::add_member(signed(1), full, who));
		}
		let post = Registry::destroy_group(signed(1), full, 100).unwrap();
		assert_eq!(post.actual_weight, Some(<() as WeightInfo>::destroy_group(MaxGroupMembers::get())));
		assert_eq!(GroupMembers::<Test>::iter_prefix(full).count(), 0);
		// An empty group.
		assert_ok!(Registry::remove_member(signed(1), other, 2));
		assert_ok!(Registry::destroy_group(signed(1), other, 0));
		assert_eq!(last_event(), Event::GroupDestroyed { group: other, owner: 1 });
		assert_eq!(GroupMembers::<Test>::iter().count(), 0);
		assert_eq!(Groups::<Test>::iter().count(), 0);
		assert_eq!(held(1), 0);
		assert_eq!(free(1), START);
	});
}

#[test]
fn destroy_group_releases_the_deposit_to_the_depositor() {
	run(|| {
		let group = create_group(2);
		assert_ok!(Registry::destroy_group(signed(2), group, 0));
		assert_eq!(held(2), 0);
		assert_eq!(free(2), START);
	});
}

#[test]
fn destroy_group_refusals() {
	run(|| {
		let group = create_group(1);
		assert_ok!(Registry::add_member(signed(1), group, 2));
		assert_ok!(Registry::add_member(signed(1), group, 3));
		assert_noop!(Registry::destroy_group(root(), group, 2), BadOrigin);
		assert_noop!(Registry::destroy_group(signed(1), group + 1, 2), Error::<Test>::UnknownGroup);
		assert_noop!(Registry::destroy_group(signed(2), group, 2), Error::<Test>::NotOwner);
		assert_noop!(Registry::destroy_group(signed(1), group, 1), Error::<Test>::BadWitness);
		assert_ok!(Registry::destroy_group(signed(1), group, 2));
		assert_noop!(Registry::destroy_group(signed(1), group, 2), Error::<Test>::UnknownGroup);
	});
}

#[test]
fn destroy_group_weight_is_charged_for_the_bounded_witness() {
	run(|| {
		let weight = |witness_members| {
			crate::Call::<Test>::destroy_group { group: 0, witness_members }.get_dispatch_info().call_weight
		};
		assert_eq!(weight(2), <() as WeightInfo>::destroy_group(2));
		assert_eq!(weight(u32::MAX), <() as WeightInfo>::destroy_group(MaxGroupMembers::get()));
		assert!(weight(0).all_lt(weight(1)));
	});
}

// ---------------------------------------------------------------------------
// permits.

#[test]
fn permits_truth_table() {
	run(|| {
		let group = create_group(1);
		assert_ok!(Registry::add_member(signed(1), group, 2));
		let foreign = create_group(3);
		assert_ok!(Registry::add_member(signed(3), foreign, 2));

		// Anyone.
		for who in [1, 2, 3, NOBODY] {
			assert!(R::permits(&Restriction::Anyone, &1, &who));
		}
		// One account.
		assert!(R::permits(&Restriction::Account(2), &1, &2));
		assert!(!R::permits(&Restriction::Account(2), &1, &3));
		assert!(!R::permits(&Restriction::Account(2), &1, &1));
		// A group of the restricting owner: its members only.
		assert!(R::permits(&Restriction::Group(group), &1, &2));
		assert!(!R::permits(&Restriction::Group(group), &1, &3));
		assert!(!R::permits(&Restriction::Group(group), &1, &1));
		// A group owned by someone else permits no one, members included.
		assert!(!R::permits(&Restriction::Group(foreign), &1, &2));
		assert!(R::permits(&Restriction::Group(foreign), &3, &2));
		assert!(!R::permits(&Restriction::Group(group), &3, &2));
		// An unknown group permits no one.
		assert!(!R::permits(&Restriction::Group(99), &1, &2));
		// Membership changes apply at once.
		assert_ok!(Registry::remove_member(signed(1), group, 2));
		assert!(!R::permits(&Restriction::Group(group), &1, &2));
		assert_ok!(Registry::add_member(signed(1), group, 2));
		assert_ok!(Registry::destroy_group(signed(1), group, 1));
		assert!(!R::permits(&Restriction::Group(group), &1, &2));
	});
}

// ---------------------------------------------------------------------------
// owner_of, hold_deposit, release_deposit.

#[test]
fn owner_of_unknown_assets_is_none() {
	run(|| {
		assert_eq!(R::owner_of(AssetRef::App(0)), None);
		assert_eq!(R::owner_of(AssetRef::Dataset(0)), None);
		assert_eq!(R::owner_of(AssetRef::Workerpool(0)), None);
		let [app, dataset, pool] = one_of_each(4);
		assert_eq!(R::owner_of(app), Some(4));
		assert_eq!(R::owner_of(dataset), Some(4));
		assert_eq!(R::owner_of(pool), Some(4));
	});
}

#[test]
fn hold_and_release_deposit_for_other_pallets() {
	run(|| {
		let app = register_app(1);
		assert_ok!(R::hold_deposit(&1, 30));
		assert_eq!(held(1), AssetDeposit::get() + 30);
		assert_eq!(free(1), START - AssetDeposit::get() - 30);
		// The registry's invariant accepts holds beyond its own entries.
		assert_ok!(Registry::do_try_state());
		// The registry releases only its own deposit.
		assert_ok!(Registry::remove_asset(signed(1), AssetRef::App(app)));
		assert_eq!(held(1), 30);
		assert_ok!(R::release_deposit(&1, 30));
		assert_eq!(held(1), 0);
		assert_eq!(free(1), START);
	});
}

#[test]
fn hold_and_release_deposit_refusals() {
	run(|| {
		let ed = ExistentialDeposit::get();
		assert_noop!(R::hold_deposit(&1, START - ed + 1), Error::<Test>::InsufficientDeposit);
		assert_noop!(R::hold_deposit(&NOBODY, 1), Error::<Test>::InsufficientDeposit);
		assert_ok!(R::hold_deposit(&1, START - ed));
		assert_eq!(free(1), ed);
		assert!(R::release_deposit(&1, START - ed + 1).is_err());
		assert!(R::release_deposit(&2, 1).is_err());
		assert_ok!(R::release_deposit(&1, START - ed));
		// Zero amounts are no-ops, even for accounts that do not exist.
		assert_ok!(R::hold_deposit(&NOBODY, 0));
		assert_ok!(R::release_deposit(&NOBODY, 0));
		assert_eq!(free(1), START);
	});
}

// ---------------------------------------------------------------------------
// The invariant checker catches broken states.

#[test]
fn try_state_catches_a_wrong_category_count() {
	run(|| {
		CategoryCount::<Test>::put(3);
		assert!(Registry::do_try_state().is_err());
		CategoryCount::<Test>::put(2);
	});
}

#[test]
fn try_state_catches_a_wrong_member_count_and_stray_members() {
	run(|| {
		let group = create_group(1);
		assert_ok!(Registry::add_member(signed(1), group, 2));
		Groups::<Test>::mutate(group, |g| g.as_mut().unwrap().members = 2);
		assert!(Registry::do_try_state().is_err());
		Groups::<Test>::mutate(group, |g| g.as_mut().unwrap().members = 1);
		GroupMembers::<Test>::insert(group + 1, 2, ());
		assert!(Registry::do_try_state().is_err());
		GroupMembers::<Test>::remove(group + 1, 2);
	});
}

#[test]
fn try_state_catches_ids_at_or_above_their_counter() {
	run(|| {
		register_app(1);
		NextAppId::<Test>::put(0);
		assert!(Registry::do_try_state().is_err());
		NextAppId::<Test>::put(1);
		AppStore::<Test>::insert(5, Curation::Listed);
		assert!(Registry::do_try_state().is_err());
		AppStore::<Test>::remove(5);
	});
}

// ---------------------------------------------------------------------------
// Property test: random call sequences keep the deposit bookkeeping exact.

/// One random call.
#[derive(Clone, Debug)]
enum Op {
	RegisterApp(AccountId),
	RegisterDataset(AccountId),
	RegisterWorkerpool(AccountId),
	Transfer(AccountId, u8, u32, AccountId),
	Remove(AccountId, u8, u32),
	CreateGroup(AccountId),
	AddMember(AccountId, GroupId, AccountId),
	RemoveMember(AccountId, GroupId, AccountId),
	DestroyGroup(AccountId, GroupId, u32),
}

fn asset(kind: u8, id: u32) -> AssetRef {
	match kind % 3 {
		0 => AssetRef::App(id),
		1 => AssetRef::Dataset(id),
		_ => AssetRef::Workerpool(id),
	}
}

fn op() -> impl Strategy<Value = Op> {
	// 1..=4 funded, 5 unknown to the mock, 6 POOR, 7 NOBODY.
	let who = 1 as AccountId..=7;
	let id = 0u32..6;
	prop_oneof![
		who.clone().prop_map(Op::RegisterApp),
		who.clone().prop_map(Op::RegisterDataset),
		who.clone().prop_map(Op::RegisterWorkerpool),
		(who.clone(), 0u8..3, id.clone(), who.clone()).prop_map(|(w, k, i, t)| Op::Transfer(w, k, i, t)),
		(who.clone(), 0u8..3, id.clone()).prop_map(|(w, k, i)| Op::Remove(w, k, i)),
		who.clone().prop_map(Op::CreateGroup),
		(who.clone(), id.clone(), who.clone()).prop_map(|(w, g, m)| Op::AddMember(w, g, m)),
		(who.clone(), id.clone(), who.clone()).prop_map(|(w, g, m)| Op::RemoveMember(w, g, m)),
		(who, id, 0u32..6).prop_map(|(w, g, n)| Op::DestroyGroup(w, g, n)),
	]
}

/// The test's own record of the live entries: owner and depositor.
#[derive(Default)]
struct Model {
	assets: std::collections::BTreeMap<AssetRef, (AccountId, AccountId)>,
	groups: std::collections::BTreeMap<GroupId, AccountId>,
}

impl Model {
	/// What `who` paid for the live entries.
	fn paid(&self, who: AccountId) -> u64 {
		let assets = self.assets.values().filter(|(_, d)| *d == who).count() as u64;
		let groups = self.groups.values().filter(|d| **d == who).count() as u64;
		assets * AssetDeposit::get() + groups * GroupDeposit::get()
	}
}

fn balances() -> Vec<(u64, u64)> {
	(1..=7).map(|a| (Balances::balance(&a), Balances::total_balance_on_hold(&a))).collect()
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(200))]

	/// No sequence of calls creates or destroys funds, a refused call changes
	/// no balance, and each account's storage deposit hold is exactly what it
	/// paid for its live entries, whoever owns them now.
	#[test]
	fn random_calls_keep_deposits_exact(ops in prop::collection::vec(op(), 1..60)) {
		new_test_ext().execute_with(|| {
			let issuance = Balances::total_issuance();
			let total = |b: &[(u64, u64)]| b.iter().map(|(f, h)| f + h).sum::<u64>();
			let initial = total(&balances());
			let mut model = Model::default();
			for op in ops {
				let before = balances();
				let result = match op.clone() {
					Op::RegisterApp(w) => {
						let id = NextAppId::<Test>::get();
						Registry::register_app(signed(w), bounded(b"a"), AppKind::WasiPreview1, bounded(b""), H256::zero(), None, Resources::default())
							.map(|_| { model.assets.insert(AssetRef::App(id), (w, w)); })
					},
					Op::RegisterDataset(w) => {
						let id = NextDatasetId::<Test>::get();
						Registry::register_dataset(signed(w), bounded(b"d"), bounded(b""), H256::zero())
							.map(|_| { model.assets.insert(AssetRef::Dataset(id), (w, w)); })
					},
					Op::RegisterWorkerpool(w) => {
						let id = NextWorkerpoolId::<Test>::get();
						Registry::register_workerpool(signed(w), bounded(b"p"), PoolPolicy::default(), Resources::default())
							.map(|_| { model.assets.insert(AssetRef::Workerpool(id), (w, w)); })
					},
					Op::Transfer(w, k, i, to) => Registry::transfer_ownership(signed(w), asset(k, i), to)
						.map(|_| { model.assets.get_mut(&asset(k, i)).unwrap().0 = to; }),
					Op::Remove(w, k, i) => Registry::remove_asset(signed(w), asset(k, i))
						.map(|_| { model.assets.remove(&asset(k, i)); }),
					Op::CreateGroup(w) => {
						let id = NextGroupId::<Test>::get();
						Registry::create_group(signed(w)).map(|_| { model.groups.insert(id, w); })
					},
					Op::AddMember(w, g, m) => Registry::add_member(signed(w), g, m),
					Op::RemoveMember(w, g, m) => Registry::remove_member(signed(w), g, m),
					Op::DestroyGroup(w, g, n) => Registry::destroy_group(signed(w), g, n)
						.map(|_| { model.groups.remove(&g); })
						.map_err(|e| e.error),
				};
				let after = balances();
				if result.is_err() {
					prop_assert_eq!(&before, &after, "{:?} failed but moved funds", op);
				}
				prop_assert_eq!(total(&after), initial, "{:?} changed the total", op);
				prop_assert_eq!(Balances::total_issuance(), issuance);
				for who in 1..=7 {
					prop_assert_eq!(held(who), model.paid(who), "{:?}: hold of {}", op, who);
				}
				for (asset, (owner, _)) in &model.assets {
					prop_assert_eq!(R::owner_of(*asset), Some(*owner));
				}
				prop_assert_eq!(Apps::<Test>::iter().count() + Datasets::<Test>::iter().count() + Workerpools::<Test>::iter().count(), model.assets.len());
				prop_assert_eq!(Groups::<Test>::iter().count(), model.groups.len());
				prop_assert!(Registry::do_try_state().is_ok());
			}
			Ok(())
		})?;
	}
}
