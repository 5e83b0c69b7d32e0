//! A runtime upgrade's dry run (`try-runtime`) on a live state: the genesis
//! of the development preset, with the assets registered, deals in the
//! order book and tasks at every stage of their life. The upgrade's checks
//! (every pallet's `pre_upgrade` / `post_upgrade`, its storage version,
//! the whole state decoding) and every pallet's `try_state` must pass; a
//! broken invariant must make them fail.
//!
//! Built only with the `try-runtime` feature: `scripts/test.sh` runs it as
//! `cargo test -p ect-runtime --features try-runtime --test try_runtime`.

#![cfg(feature = "try-runtime")]

mod common;

use common::*;
use ect_runtime::{
	polkadot_sdk::{
		frame_support::traits::{GetStorageVersion, TryState, TryStateSelect, UpgradeCheckSelect},
		frame_system, pallet_timestamp,
		sp_core::H256,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
		sp_keyring::Sr25519Keyring,
	},
	AllPalletsWithSystem, Bridge, Escrow, Executive, Inbox, Marketplace, Poco, Registry, Reputation, Runtime, System,
	Upgrade, Validators,
};
use pallet_ect_marketplace::task_id;
use pallet_ect_poco::{SpotCheck, TaskStatus, Tasks};

const SCHEDULER: Sr25519Keyring = Sr25519Keyring::Charlie;
const WORKER: Sr25519Keyring = Sr25519Keyring::Eve;

/// `worker` contributes `digest` to `task`.
fn contribute(worker: Sr25519Keyring, task: &H256, digest: H256) {
	let contribution = common::contribution(SCHEDULER, worker, task, digest, Some(H256::repeat_byte(2)));
	call(worker, pallet_ect_poco::Call::<Runtime>::contribute { contribution });
}

/// The development genesis with two deals: at trust 2, a task revealing
/// (a new worker's contribution is consensus enough) and one initialized;
/// at trust 4, a task active with one contribution.
fn live_state(check: impl FnOnce()) {
	with_genesis(DEV_RUNTIME_PRESET, || {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000);
		register_assets();
		let (first, second) = (make_deal(2, 3, 1), make_deal(4, 2, 2));
		let digest = H256::repeat_byte(9);
		let (revealing, active) = (task_id(&first, 0), task_id(&second, 0));
		for (deal, index) in [(first, 0), (first, 1), (second, 0)] {
			call(SCHEDULER, pallet_ect_poco::Call::<Runtime>::initialize { deal, index });
		}
		contribute(WORKER, &revealing, digest);
		contribute(WORKER, &active, digest);
		assert_eq!(Tasks::<Runtime>::get(revealing).map(|t| t.status), Some(TaskStatus::Revealing));
		assert_eq!(Tasks::<Runtime>::get(active).map(|t| t.status), Some(TaskStatus::Active));
		assert_eq!(pallet_ect_marketplace::Deals::<Runtime>::iter().count(), 2);
		assert_eq!(Tasks::<Runtime>::iter().count(), 3);
		check();
	});
}

#[test]
fn every_protocol_pallet_is_at_its_in_code_storage_version() {
	live_state(|| {
		for (name, on_chain, in_code) in [
			("registry", Registry::on_chain_storage_version(), Registry::in_code_storage_version()),
			("escrow", Escrow::on_chain_storage_version(), Escrow::in_code_storage_version()),
			("marketplace", Marketplace::on_chain_storage_version(), Marketplace::in_code_storage_version()),
			("poco", Poco::on_chain_storage_version(), Poco::in_code_storage_version()),
			("reputation", Reputation::on_chain_storage_version(), Reputation::in_code_storage_version()),
			("bridge", Bridge::on_chain_storage_version(), Bridge::in_code_storage_version()),
			("inbox", Inbox::on_chain_storage_version(), Inbox::in_code_storage_version()),
			("validators", Validators::on_chain_storage_version(), Validators::in_code_storage_version()),
			("upgrade", Upgrade::on_chain_storage_version(), Upgrade::in_code_storage_version()),
		] {
			assert_eq!(on_chain, in_code, "{name}'s storage version");
		}
	});
}

#[test]
fn the_upgrade_checks_and_every_try_state_pass_on_a_live_state() {
	live_state(|| {
		Executive::try_runtime_upgrade(UpgradeCheckSelect::All).expect("the upgrade's checks pass");
		AllPalletsWithSystem::try_state(frame_system::Pallet::<Runtime>::block_number(), TryStateSelect::All)
			.expect("every pallet's invariants hold");
	});
}

#[test]
fn a_broken_invariant_fails_the_upgrade_checks() {
	live_state(|| {
		// A revealing task no longer in its pool's open tasks: PoCo's
		// invariants say the index and the status disagree.
		let task = Tasks::<Runtime>::iter_keys().find(|id| {
			Tasks::<Runtime>::get(id).is_some_and(|t| t.status == TaskStatus::Revealing)
		});
		pallet_ect_poco::OpenTasks::<Runtime>::remove(0, task.expect("a revealing task"));
		let error = Executive::try_runtime_upgrade(UpgradeCheckSelect::All).expect_err("the checks catch it");
		assert!(format!("{error:?}").contains("try_state"), "{error:?}");
		let poco = pallet_ect_poco::Pallet::<Runtime>::do_try_state().expect_err("PoCo's invariants fail");
		assert!(format!("{poco:?}").contains("open-task index"), "{poco:?}");
		// The upgrade checks without `try_state` still pass: it is the invariant.
		Executive::try_runtime_upgrade(UpgradeCheckSelect::PreAndPost).expect("the migrations' checks pass");
	});
}

/// The upgrade fixture's migration (the second runtime of the forkless
/// upgrade test, `runtime/src/upgrade_fixture.rs`) passes its own checks on
/// a live state, and they catch a category it did not tag.
#[test]
fn the_upgrade_fixtures_migration_tags_every_category_and_its_checks_pass() {
	use ect_runtime::{polkadot_sdk::frame_support::traits::OnRuntimeUpgrade, upgrade_fixture::{TagCategories, MARK}};
	live_state(|| {
		let state = TagCategories::pre_upgrade().expect("pre_upgrade");
		TagCategories::on_runtime_upgrade();
		TagCategories::post_upgrade(state.clone()).expect("post_upgrade");
		let descriptions: Vec<Vec<u8>> =
			pallet_ect_registry::Categories::<Runtime>::iter_values().map(|c| c.description.into_inner()).collect();
		assert_eq!(descriptions.len(), 5);
		assert!(descriptions.iter().all(|d| d.ends_with(MARK)), "{descriptions:?}");
		// A category that lost its mark fails the check.
		pallet_ect_registry::Categories::<Runtime>::mutate(0, |c| {
			if let Some(c) = c {
				c.description = Default::default();
			}
		});
		assert!(TagCategories::post_upgrade(state).is_err());
	});
}

#[test]
fn pocos_version_1_migration_passes_its_checks_on_a_version_0_state() {
	use codec::Encode;
	use ect_runtime::polkadot_sdk::frame_support::{storage::unhashed, traits::StorageVersion};
	live_state(|| {
		// The live tasks as version 0 stored them: without their spot check
		// (the last field), which none had then.
		for (id, mut task) in Tasks::<Runtime>::iter().collect::<Vec<_>>() {
			task.check = SpotCheck::None;
			let bytes = task.encode();
			unhashed::put_raw(&Tasks::<Runtime>::hashed_key_for(id), &bytes[..bytes.len() - 1]);
		}
		StorageVersion::new(0).put::<Poco>();
		Executive::try_runtime_upgrade(UpgradeCheckSelect::All).expect("the migration's checks and try_state pass");
		assert_eq!(Poco::on_chain_storage_version(), Poco::in_code_storage_version());
		assert_eq!(Tasks::<Runtime>::iter().count(), 3, "every task decodes after the migration");
	});
}

#[test]
fn the_marketplaces_version_1_migration_passes_its_checks_on_a_version_0_state() {
	use ect_runtime::polkadot_sdk::{frame_support::traits::StorageVersion, sp_runtime::Percent};
	use pallet_ect_marketplace::{Expiries, Order, OrdersByAsset, RestingByCategory, RestingRequests};
	use pallet_ect_registry::AssetRef;
	live_state(|| {
		// A request no published pool serves (it pays no pool), which rests.
		let mut request = request_order(2, 7);
		request.workerpool_max_price = 0;
		call(
			Sr25519Keyring::Dave,
			pallet_ect_marketplace::Call::<Runtime>::publish_request {
				order: request.clone(),
				price_weight: Percent::from_percent(100),
			},
		);
		let hash = Marketplace::order_hash(&Order::Request(request.clone()));
		let resting = RestingRequests::<Runtime>::get(hash).expect("the request rests");
		// As version 0 stored it: in the book under its app only, no resting indexes.
		RestingRequests::<Runtime>::remove(hash);
		RestingByCategory::<Runtime>::remove(request.category);
		Expiries::<Runtime>::remove(resting.expires);
		let dataset = AssetRef::Dataset(request.dataset.expect("the request names a dataset"));
		OrdersByAsset::<Runtime>::mutate(dataset, |list| list.retain(|h| *h != hash));
		deals_as_version_1();
		StorageVersion::new(0).put::<Marketplace>();

		Executive::try_runtime_upgrade(UpgradeCheckSelect::All).expect("the migration's checks and try_state pass");
		assert_eq!(Marketplace::on_chain_storage_version(), Marketplace::in_code_storage_version());
		// Version 1 rested it again (its checks passed); version 3 then
		// emptied the book, whose orders had no expiry at version 2.
		assert!(!RestingRequests::<Runtime>::contains_key(hash) && OrdersByAsset::<Runtime>::get(dataset).is_empty());
	});
}

#[test]
fn the_marketplaces_version_3_migration_passes_its_checks_on_a_version_2_state() {
	use codec::Encode;
	use ect_runtime::polkadot_sdk::{
		frame_support::{storage::unhashed, traits::StorageVersion},
		sp_runtime::Percent,
	};
	use pallet_ect_marketplace::{Book, Consumed, OrderPrunes, PruneCursor};
	live_state(|| {
		let dave = Sr25519Keyring::Dave.to_account_id();
		let held = Marketplace::api_funds(&dave).deposits;
		// A request no published pool serves, which rests with its deposit.
		let mut request = request_order(2, 7);
		request.workerpool_max_price = 0;
		call(
			Sr25519Keyring::Dave,
			pallet_ect_marketplace::Call::<Runtime>::publish_request { order: request, price_weight: Percent::one() },
		);
		assert!(Marketplace::api_funds(&dave).deposits > held);
		// The book as version 2 stored it: orders without their last field,
		// `expires`; no prune schedule.
		for (hash, entry) in Book::<Runtime>::iter().collect::<Vec<_>>() {
			let order = entry.order.encode();
			let mut old = order[..order.len() - 4].to_vec();
			old.extend((entry.owner, entry.deposit).encode());
			unhashed::put_raw(&Book::<Runtime>::hashed_key_for(hash), &old);
		}
		let _ = OrderPrunes::<Runtime>::clear(u32::MAX, None);
		StorageVersion::new(2).put::<Marketplace>();
		assert!(Consumed::<Runtime>::iter().next().is_some(), "the deals consumed their orders");

		Executive::try_runtime_upgrade(UpgradeCheckSelect::All).expect("the migration's checks and try_state pass");
		assert_eq!(Marketplace::on_chain_storage_version(), Marketplace::in_code_storage_version());
		assert!(Book::<Runtime>::iter_keys().next().is_none() && Consumed::<Runtime>::iter().next().is_none());
		assert_eq!(Marketplace::api_funds(&dave).deposits, held, "the deposit is back");
		assert_eq!(PruneCursor::<Runtime>::get(), 1);
		assert_eq!(pallet_ect_marketplace::Deals::<Runtime>::iter().count(), 2, "deals are kept");
	});
}

/// The live deals as versions 0 and 1 of the marketplace stored them:
/// without their requirements (the last field, a fixed-size `Resources`)
/// and with no pool index.
fn deals_as_version_1() {
	use codec::{Encode, MaxEncodedLen};
	use ect_runtime::polkadot_sdk::frame_support::storage::unhashed;
	use pallet_ect_marketplace::{Deals, DealsByPool};
	let requirements = pallet_ect_registry::Resources::max_encoded_len();
	for (id, deal) in Deals::<Runtime>::iter().collect::<Vec<_>>() {
		let bytes = deal.encode();
		unhashed::put_raw(&Deals::<Runtime>::hashed_key_for(id), &bytes[..bytes.len() - requirements]);
	}
	let _ = DealsByPool::<Runtime>::clear(u32::MAX, None);
}

#[test]
fn the_marketplaces_version_2_migration_passes_its_checks_on_a_version_1_state() {
	use ect_runtime::polkadot_sdk::frame_support::traits::StorageVersion;
	use pallet_ect_marketplace::{Deals, DealsByPool};
	live_state(|| {
		deals_as_version_1();
		StorageVersion::new(1).put::<Marketplace>();
		assert!(DealsByPool::<Runtime>::iter().next().is_none());

		Executive::try_runtime_upgrade(UpgradeCheckSelect::All).expect("the migration's checks and try_state pass");
		assert_eq!(Marketplace::on_chain_storage_version(), Marketplace::in_code_storage_version());
		assert_eq!(Deals::<Runtime>::iter().count(), 2, "every deal decodes after the migration");
		assert_eq!(DealsByPool::<Runtime>::iter().count(), 2, "and is indexed under its pool");
	});
}
