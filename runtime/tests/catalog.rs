//! The catalogue a browser lists (`CatalogApi`): apps, datasets, workerpools
//! and categories a page at a time, with their records, the app store's
//! verdict and their open offers, read through `state_call` as a client does.

mod common;

use common::*;
use ect_runtime::{
	catalog::{AppListing, CategoryListing, DatasetListing, Offers, Page, WorkerpoolListing, MAX_PAGE},
	genesis_config_presets::default_categories,
	polkadot_sdk::{
		frame_support::{assert_ok, traits::UnfilteredDispatchable},
		pallet_timestamp,
		sp_core::H256,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
		sp_keyring::Sr25519Keyring,
		sp_runtime::Percent,
	},
	Runtime, RuntimeOrigin, System,
};
use pallet_ect_marketplace::{Order, OrderOf};
use pallet_ect_registry::{AssetRef, Curation};

fn publish(who: Sr25519Keyring, order: OrderOf<Runtime>) {
	call(who, pallet_ect_marketplace::Call::<Runtime>::publish_offer { order });
}

#[test]
fn the_catalogue_lists_each_asset_with_its_record_verdict_and_cheapest_offer() {
	with_genesis(DEV_RUNTIME_PRESET, || {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000u64);
		let empty: Page<AppListing> = state_call("CatalogApi_apps", (0u32, 10u32));
		assert!(empty.items.is_empty() && empty.next.is_none(), "no app before one is registered");

		register_assets();
		let mut cheap = app_order(5, 1);
		cheap.price = UNIT / 4;
		publish(Sr25519Keyring::Alice, Order::App(app_order(7, 2)));
		publish(Sr25519Keyring::Alice, Order::App(cheap));
		publish(Sr25519Keyring::Charlie, Order::Workerpool(pool_order(9, 1)));
		assert_ok!(pallet_ect_registry::Call::<Runtime>::list_app { app: 0 }
			.dispatch_bypass_filter(RuntimeOrigin::root()));

		let apps: Page<AppListing> = state_call("CatalogApi_apps", (0u32, 10u32));
		assert_eq!(apps.next, None);
		let [app] = &apps.items[..] else { panic!("one app, not {}", apps.items.len()) };
		assert_eq!((app.id, app.app.owner.clone()), (0, Sr25519Keyring::Alice.to_account_id()));
		assert_eq!(app.app.name.to_vec(), b"sha256".to_vec());
		assert_eq!(app.curation, Some(Curation::Listed));
		assert_eq!((app.record.completed, app.record.failed), (0, 0));
		assert_eq!(app.offers, Offers { open: 2, remaining: 12, lowest_price: Some(UNIT / 4) });

		let datasets: Page<DatasetListing> = state_call("CatalogApi_datasets", (0u32, 10u32));
		let [dataset] = &datasets.items[..] else { panic!("one dataset") };
		assert_eq!(dataset.dataset.owner, Sr25519Keyring::Bob.to_account_id());
		assert_eq!(dataset.offers, Offers::default(), "no dataset order was published");

		let pools: Page<WorkerpoolListing> = state_call("CatalogApi_workerpools", (0u32, 10u32));
		let [pool] = &pools.items[..] else { panic!("one workerpool") };
		assert_eq!(pool.workerpool.owner, Sr25519Keyring::Charlie.to_account_id());
		assert_eq!(pool.workerpool.capabilities.cpu_cores, 4);
		assert_eq!(pool.operator, None);
		assert_eq!(pool.offers, Offers { open: 1, remaining: 9, lowest_price: Some(10 * UNIT) });
	});
}

/// The first app's offers as the catalogue sums them.
fn first_app_offers() -> Offers {
	let apps: Page<AppListing> = state_call("CatalogApi_apps", (0u32, 0u32));
	apps.items.first().map(|app| app.offers.clone()).expect("the app is listed")
}

#[test]
fn an_apps_offers_leave_out_the_requests_under_it_and_expired_orders_not_yet_pruned() {
	with_genesis(DEV_RUNTIME_PRESET, || {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000u64);
		register_assets();
		let mut short_lived = app_order(3, 3);
		short_lived.price = UNIT / 8;
		short_lived.expires = 5;
		publish(Sr25519Keyring::Alice, Order::App(short_lived));
		publish(Sr25519Keyring::Alice, Order::App(app_order(7, 2)));
		call(
			Sr25519Keyring::Dave,
			pallet_ect_marketplace::Call::<Runtime>::publish_request {
				order: request_order(2, 1),
				price_weight: Percent::from_percent(50),
			},
		);
		let listed: Vec<(H256, OrderOf<Runtime>, u32)> = state_call("MarketplaceApi_open_orders", AssetRef::App(0));
		assert_eq!(listed.len(), 3, "two offers and the request resting for want of a pool");
		assert_eq!(first_app_offers(), Offers { open: 2, remaining: 10, lowest_price: Some(UNIT / 8) });

		System::set_block_number(5);
		let listed: Vec<(H256, OrderOf<Runtime>, u32)> = state_call("MarketplaceApi_open_orders", AssetRef::App(0));
		assert_eq!(listed.len(), 2, "the expired offer is not open, though no block has pruned it");
		assert_eq!(first_app_offers(), Offers { open: 1, remaining: 7, lowest_price: Some(UNIT) });
	});
}

#[test]
fn categories_come_a_page_at_a_time_and_the_last_page_says_so() {
	with_genesis(DEV_RUNTIME_PRESET, || {
		let defaults = default_categories();
		assert!(defaults.len() >= 2, "the dev chain has several categories");
		let first: Page<CategoryListing> = state_call("CatalogApi_categories", (0u32, 1u32));
		assert_eq!(first.items.len(), 1);
		assert_eq!(first.items[0].category.name.to_vec(), defaults[0].0);
		assert_eq!(first.next, Some(1));

		let mut all = first.items;
		let mut next = first.next;
		while let Some(from) = next {
			let page: Page<CategoryListing> = state_call("CatalogApi_categories", (from, 2u32));
			assert!(page.items.len() <= 2);
			all.extend(page.items);
			next = page.next;
		}
		let names: Vec<Vec<u8>> = all.iter().map(|c| c.category.name.to_vec()).collect();
		let expected: Vec<Vec<u8>> = defaults.into_iter().map(|c| c.0).collect();
		assert_eq!(names, expected);
		assert!(all.iter().enumerate().all(|(i, c)| c.id == i as u32));

		let huge: Page<CategoryListing> = state_call("CatalogApi_categories", (0u32, u32::MAX));
		assert!(huge.items.len() as u32 <= MAX_PAGE);
		let beyond: Page<CategoryListing> = state_call("CatalogApi_categories", (u32::MAX, u32::MAX));
		assert!(beyond.items.is_empty() && beyond.next.is_none());
	});
}
