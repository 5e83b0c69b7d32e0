//! The storage migration to version 2: every deal records its machine
//! requirements (its app's, for a deal matched before) and is indexed
//! under its workerpool; and the index as later deals keep it.

use super::*;
use crate::{
	migrations::v2::{DealV1, DealV1Of, Migration},
	DealOf, Deals, DealsByPool,
};
use ect_primitives::{DealProvider, Resources};
use polkadot_sdk::frame_support::{
	assert_ok,
	storage::unhashed,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};

/// Publishes the default offers and then the default request, which the
/// chain matches into the first deal.
fn make_first_deal() -> DealOf<Test> {
	for (owner, order) in [
		(app_owner(), Order::App(app_order())),
		(dataset_owner(), Order::Dataset(dataset_order())),
		(scheduler(), Order::Workerpool(pool_order())),
	] {
		assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(owner), order));
	}
	assert_ok!(Marketplace::publish_request(
		RuntimeOrigin::signed(requester()),
		request_order(),
		polkadot_sdk::sp_runtime::Percent::from_percent(100)
	));
	Deals::<Test>::get(first_deal()).expect("the request was matched")
}

/// `deal` as version 1 stored it.
fn as_v1(deal: DealOf<Test>) -> DealV1Of<Test> {
	DealV1 {
		app: deal.app,
		dataset: deal.dataset,
		workerpool: deal.workerpool,
		trust: deal.trust,
		category: deal.category,
		tag: deal.tag,
		requester: deal.requester,
		beneficiary: deal.beneficiary,
		callback: deal.callback,
		params: deal.params,
		start: deal.start,
		first_index: deal.first_index,
		volume: deal.volume,
		worker_stake: deal.worker_stake,
		scheduler_stake: deal.scheduler_stake,
		scheduler_reward_ratio: deal.scheduler_reward_ratio,
		request: deal.request,
	}
}

/// Turns the marketplace's deals back into version 1's: the old layout, no
/// pool index, storage version 1.
fn back_to_v1() {
	let deals: Vec<_> = Deals::<Test>::iter().collect();
	for (id, deal) in deals {
		unhashed::put(&Deals::<Test>::hashed_key_for(id), &as_v1(deal));
	}
	let _ = DealsByPool::<Test>::clear(u32::MAX, None);
	StorageVersion::new(1).put::<Marketplace>();
}

#[test]
fn a_deal_matched_before_version_2_gets_its_apps_requirements_and_its_pool_index() {
	run(|| {
		let deal = make_first_deal();
		back_to_v1();
		assert!(Marketplace::deals_of_pool(POOL).is_empty(), "not indexed at version 1");

		Migration::<Test>::on_runtime_upgrade();
		assert_eq!(Marketplace::on_chain_storage_version(), StorageVersion::new(2));
		let migrated = Deals::<Test>::get(first_deal()).expect("the deal decodes in the new layout");
		// The request's 1024 MiB were not kept: the app's 1 core and 256 MiB.
		assert_eq!(migrated.requirements, Resources { cpu_cores: 1, memory_mib: 256, ..Default::default() });
		assert_eq!((migrated.volume, migrated.request, migrated.workerpool), (deal.volume, deal.request, deal.workerpool));
		assert_eq!(Marketplace::deals_of_pool(POOL).len(), 1);
		check_invariants();

		// At version 2, it does nothing.
		let before = Deals::<Test>::get(first_deal());
		Migration::<Test>::on_runtime_upgrade();
		assert_eq!(Deals::<Test>::get(first_deal()).map(|d| d.requirements), before.map(|d| d.requirements));
	});
}

#[test]
fn a_pool_lists_its_own_deals_until_they_are_removed() {
	run(|| {
		make_first_deal();
		let listed: Vec<_> = Marketplace::deals_of_pool(POOL).into_iter().map(|(id, _)| id).collect();
		assert_eq!(listed, vec![first_deal()]);
		assert!(Marketplace::deals_of_pool(POOL + 1).is_empty(), "another pool has none");

		let removed = Marketplace::remove_deal(&first_deal()).expect("the deal was there");
		assert_eq!(removed.workerpool.id, POOL);
		assert!(!DealsByPool::<Test>::contains_key(POOL, first_deal()), "its index entry goes with it");
		assert!(Marketplace::deals_of_pool(POOL).is_empty());
		assert!(Marketplace::remove_deal(&first_deal()).is_none(), "nothing left to remove");
	});
}

#[test]
fn combined_requirements_take_the_larger_amount_and_a_named_architecture() {
	use ect_primitives::CpuArch;
	let app = Resources { cpu_cores: 2, memory_mib: 256, cpu_arch: CpuArch::X86_64, ..Default::default() };
	let request = Resources { cpu_cores: 1, memory_mib: 4096, disk_mib: 10, region: 3, ..Default::default() };
	let both = app.combined(&request);
	assert_eq!(
		both,
		Resources { cpu_cores: 2, memory_mib: 4096, disk_mib: 10, gpu_memory_mib: 0, cpu_arch: CpuArch::X86_64, region: 3 }
	);
	assert_eq!(request.combined(&app), both, "the same either way when only one names each");
	assert_eq!(Resources::default().combined(&Resources::default()), Resources::default());
	// A machine meets the combination exactly when it meets both.
	let machine = Resources { cpu_cores: 2, memory_mib: 4096, disk_mib: 10, cpu_arch: CpuArch::X86_64, region: 3, ..Default::default() };
	assert!(machine.satisfies(&both) && machine.satisfies(&app) && machine.satisfies(&request));
	let smaller = Resources { memory_mib: 4095, ..machine };
	assert!(!smaller.satisfies(&both) && !smaller.satisfies(&request));
}
