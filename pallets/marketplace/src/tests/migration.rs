//! The storage migration to version 1: every request published before it
//! rests as if published at the upgrade (listed under its dataset too),
//! and one that cannot rest leaves the book with its deposit returned.

use super::*;
use crate::{
	migrations::v1::{Migration, PRICE_WEIGHT},
	Book, Consumed, Event, Expiries, OrdersByAsset, RequestOrderOf, Resting, RestingByCategory, RestingRequests,
};
use ect_primitives::AssetRef;
use polkadot_sdk::{
	frame_support::{
		assert_ok,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
		weights::Weight,
	},
	sp_runtime::Percent,
};

/// Publishes `request` as its requester, price first (as the migration
/// rests requests).
fn publish_request(request: RequestOrderOf<Test>) {
	assert_ok!(Marketplace::publish_request(
		RuntimeOrigin::signed(request.requester.clone()),
		request,
		Percent::from_percent(100)
	));
}

/// The default request with `salt` (another order).
fn request_with_salt(salt: u8) -> RequestOrderOf<Test> {
	let mut request = request_order();
	request.salt = [salt; 32];
	request
}

/// Turns the marketplace's storage back into version 0's: no resting
/// indexes, requests listed under their app only, storage version 0.
fn back_to_v0() {
	for (hash, entry) in Book::<Test>::iter() {
		if let Order::Request(crate::RequestOrder { dataset: Some(dataset), .. }) = entry.order {
			OrdersByAsset::<Test>::mutate_exists(AssetRef::Dataset(dataset), |list| {
				crate::book::drop_entry(list, |h| *h != hash)
			});
		}
	}
	let _ = RestingRequests::<Test>::clear(u32::MAX, None);
	let _ = RestingByCategory::<Test>::clear(u32::MAX, None);
	let _ = Expiries::<Test>::clear(u32::MAX, None);
	StorageVersion::new(0).put::<Marketplace>();
}

/// What version 1 adds, each list sorted (the order of equal entries
/// follows publication, or the migration's pass over the book).
#[derive(Debug, PartialEq)]
struct Indexes {
	resting: Vec<(OrderHash, Resting<u64>)>,
	by_category: Vec<(u32, Vec<(Balance, OrderHash)>)>,
	expiries: Vec<(u64, Vec<OrderHash>)>,
	app_listing: Vec<OrderHash>,
	dataset_listing: Vec<OrderHash>,
}

/// The resting indexes and the default assets' listings.
fn indexes() -> Indexes {
	let sorted = |mut items: Vec<OrderHash>| {
		items.sort();
		items
	};
	let mut resting: Vec<_> = RestingRequests::<Test>::iter().collect();
	resting.sort_by_key(|(hash, _)| *hash);
	let mut by_category: Vec<_> = RestingByCategory::<Test>::iter()
		.map(|(category, list)| {
			let mut list = list.to_vec();
			list.sort();
			(category, list)
		})
		.collect();
	by_category.sort();
	let mut expiries: Vec<_> = Expiries::<Test>::iter().map(|(block, list)| (block, sorted(list.to_vec()))).collect();
	expiries.sort();
	Indexes {
		resting,
		by_category,
		expiries,
		app_listing: sorted(OrdersByAsset::<Test>::get(AssetRef::App(APP)).to_vec()),
		dataset_listing: sorted(OrdersByAsset::<Test>::get(AssetRef::Dataset(DATASET)).to_vec()),
	}
}

/// Runs the versioned migration; returns its weight.
fn migrate() -> Weight {
	Migration::<Test>::on_runtime_upgrade()
}

#[test]
fn the_migration_rests_published_requests_as_publishing_does() {
	run(|| {
		// An offer that serves neither request, and two requests (one
		// without a dataset) that fit one expiry block.
		assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(app_owner()), Order::App(app_order())));
		let mut plain = request_with_salt(7);
		(plain.dataset, plain.workerpool_max_price) = (None, 2 * POOL_PRICE);
		publish_request(request_order());
		publish_request(plain.clone());
		let published = indexes();
		assert_eq!(published.resting.len(), 2);
		assert_eq!(published.dataset_listing, vec![request_hash()]);

		back_to_v0();
		assert!(RestingRequests::<Test>::iter().next().is_none());
		assert!(!OrdersByAsset::<Test>::contains_key(AssetRef::Dataset(DATASET)));
		assert_eq!(Marketplace::on_chain_storage_version(), StorageVersion::new(0));
		let funds = Marketplace::api_funds(&requester());

		migrate();
		assert_eq!(indexes(), published);
		assert_eq!(Marketplace::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(RestingRequests::<Test>::get(request_hash()).map(|r| r.price_weight), Some(PRICE_WEIGHT));
		assert_eq!(Marketplace::api_funds(&requester()), funds, "no deposit moved");
		check_invariants();

		// At version 1, it does nothing.
		migrate();
		assert_eq!(indexes(), published);

		// Migrated requests are filled by offers arriving later.
		for (owner, order) in [(dataset_owner(), Order::Dataset(dataset_order())), (scheduler(), Order::Workerpool(pool_order()))] {
			assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(owner), order));
		}
		let plain = Marketplace::order_hash(&Order::Request(plain));
		assert_eq!((Consumed::<Test>::get(request_hash()), Consumed::<Test>::get(plain)), (4, 4));
		assert!(RestingRequests::<Test>::iter().next().is_none());
		assert_eq!(Marketplace::api_funds(&requester()).deposits, 0);
	});
}

#[test]
fn migrated_requests_get_a_full_lifetime_from_the_upgrade() {
	run(|| {
		let requests: Vec<RequestOrderOf<Test>> = (5..8u8).map(request_with_salt).collect();
		for request in &requests {
			publish_request(request.clone());
		}
		back_to_v0();
		run_to_block(5);
		migrate();
		// Two per block (MaxExpiriesPerBlock) from block 5 + RequestLifetime.
		assert_eq!((Expiries::<Test>::decode_len(15), Expiries::<Test>::decode_len(16)), (Some(2), Some(1)));
		for request in &requests {
			let hash = Marketplace::order_hash(&Order::Request(request.clone()));
			let resting = RestingRequests::<Test>::get(hash).expect("it rests");
			assert_eq!(resting.price_weight, PRICE_WEIGHT);
			assert!(resting.expires == 15 || resting.expires == 16);
		}
		check_invariants();

		run_to_block(16);
		assert!(Book::<Test>::iter().next().is_none(), "all expired");
		assert_eq!(Marketplace::api_funds(&requester()).deposits, 0);
	});
}

#[test]
fn a_request_with_no_room_to_rest_leaves_the_book_with_its_deposit() {
	run(|| {
		// Five requests in one category (MaxRestingPerCategory is 4): the
		// indexes are stripped after the fourth, so the fifth publishes.
		let requests: Vec<RequestOrderOf<Test>> = (5..10u8).map(request_with_salt).collect();
		for request in &requests[..4] {
			publish_request(request.clone());
		}
		back_to_v0();
		publish_request(requests[4].clone());
		back_to_v0();
		assert_eq!(Marketplace::api_funds(&requester()).deposits, 5 * OrderDeposit::get());

		migrate();
		let hashes: Vec<OrderHash> =
			requests.iter().map(|r| Marketplace::order_hash(&Order::Request(r.clone()))).collect();
		let dropped: Vec<OrderHash> = hashes.iter().copied().filter(|h| !Book::<Test>::contains_key(h)).collect();
		assert_eq!(dropped.len(), 1, "one request finds no room");
		assert!(events().contains(&Event::OrderUnpublished { order: dropped[0] }));
		assert!(!RestingRequests::<Test>::contains_key(dropped[0]));
		assert!(!OrdersByAsset::<Test>::get(AssetRef::App(APP)).contains(&dropped[0]));
		assert!(!OrdersByAsset::<Test>::get(AssetRef::Dataset(DATASET)).contains(&dropped[0]));
		assert_eq!(RestingRequests::<Test>::iter().count(), 4);
		assert_eq!(OrdersByAsset::<Test>::decode_len(AssetRef::Dataset(DATASET)), Some(4));
		assert_eq!(Marketplace::api_funds(&requester()).deposits, 4 * OrderDeposit::get());
		assert_eq!(Marketplace::on_chain_storage_version(), StorageVersion::new(1));
		check_invariants();
	});
}

#[test]
fn a_request_whose_dataset_listing_is_full_leaves_the_book_with_its_deposit() {
	run(|| {
		let before = Marketplace::api_funds(&requester());
		publish_request(request_order());
		back_to_v0();
		// Under version 0, the dataset's listing filled up with offers.
		for salt in 0..6u8 {
			let mut order = dataset_order();
			order.salt = [salt; 32];
			assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(dataset_owner()), Order::Dataset(order)));
		}

		migrate();
		assert!(!Book::<Test>::contains_key(request_hash()));
		assert!(RestingRequests::<Test>::iter().next().is_none());
		assert!(Expiries::<Test>::iter().next().is_none());
		assert!(!OrdersByAsset::<Test>::contains_key(AssetRef::App(APP)));
		assert_eq!(OrdersByAsset::<Test>::decode_len(AssetRef::Dataset(DATASET)), Some(6), "the offers stay");
		assert_eq!(events().last(), Some(&Event::OrderUnpublished { order: request_hash() }));
		assert_eq!(Marketplace::api_funds(&requester()), before, "the deposit is back");
		assert_eq!(Marketplace::on_chain_storage_version(), StorageVersion::new(1));
		check_invariants();
	});
}
