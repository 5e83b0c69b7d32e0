//! The market in the full runtime: assets registered and four orders
//! published by signed calls, the request matched automatically, a second
//! deal matched from off-chain signed orders, and everything read back
//! through the runtime API the node serves to `state_call`.

mod common;

use common::*;
use ect_runtime::{
	polkadot_sdk::{
		pallet_timestamp,
		sp_core::{H256, Pair},
		sp_genesis_builder::DEV_RUNTIME_PRESET,
		sp_keyring::Sr25519Keyring,
		sp_runtime::{MultiSignature, Percent},
	},
	Balance, Runtime, System,
};
use pallet_ect_marketplace::{DealOf, Funds, Order, OrderOf, OrderState, Signed};
use pallet_ect_registry::AssetRef;

#[test]
fn four_published_orders_make_a_deal_read_back_through_the_runtime_api() {
	with_genesis(DEV_RUNTIME_PRESET, || {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000u64);
		register_assets();

		let publish = |who, order: OrderOf<Runtime>| {
			call(who, pallet_ect_marketplace::Call::<Runtime>::publish_offer { order })
		};
		publish(Sr25519Keyring::Alice, Order::App(app_order(100, 1)));
		publish(Sr25519Keyring::Bob, Order::Dataset(dataset_order(100, 1)));
		publish(Sr25519Keyring::Charlie, Order::Workerpool(pool_order(100, 1)));
		let request = request_order(3, 1);
		call(
			Sr25519Keyring::Dave,
			pallet_ect_marketplace::Call::<Runtime>::publish_request {
				order: request.clone(),
				price_weight: Percent::from_percent(100),
			},
		);

		let request_hash: H256 = state_call("MarketplaceApi_order_hash", Order::Request(request));
		let deal_id = pallet_ect_marketplace::deal_id(&request_hash, 0);
		let deal: Option<DealOf<Runtime>> = state_call("MarketplaceApi_deal", deal_id);
		let deal = deal.expect("the published request was matched into a deal");
		assert_eq!(deal.volume, 3);
		assert_eq!(deal.trust, 4);
		assert_eq!(deal.category, 1);
		assert_eq!(deal.app.owner, Sr25519Keyring::Alice.to_account_id());
		assert_eq!(deal.dataset.as_ref().map(|d| d.owner.clone()), Some(Sr25519Keyring::Bob.to_account_id()));
		assert_eq!(deal.workerpool.owner, Sr25519Keyring::Charlie.to_account_id());
		assert_eq!(deal.scheduler_stake, 3 * UNIT, "30% of the pool price");
		assert_eq!(deal.worker_stake, 3 * UNIT, "the pool's default 30% ratio");
		assert_eq!(deal.start, 1_800_000_000_000);

		let tasks: Vec<H256> = state_call("MarketplaceApi_deal_tasks", (deal_id, 0u32, 10u32));
		assert_eq!(tasks.len(), 3);
		assert_eq!(tasks[2], pallet_ect_marketplace::task_id(&deal_id, 2));

		let funds: Funds<Balance> = state_call("MarketplaceApi_funds", Sr25519Keyring::Dave.to_account_id());
		let task_price = UNIT + UNIT / 2 + 10 * UNIT;
		assert_eq!(funds.payment, 3 * task_price);
		let scheduler: Funds<Balance> = state_call("MarketplaceApi_funds", Sr25519Keyring::Charlie.to_account_id());
		assert_eq!(scheduler.scheduler_stake, 9 * UNIT);

		let request_state: OrderState = state_call("MarketplaceApi_order_state", request_hash);
		assert_eq!(request_state, OrderState { consumed: 3, cancelled: false, presigned: false, published: false });
		let open: Vec<(H256, OrderOf<Runtime>, u32)> = state_call("MarketplaceApi_open_orders", AssetRef::App(0));
		assert_eq!(open.len(), 1, "the app offer, not the filled request");
		assert_eq!(open[0].2, 97);
		check_invariants();
	});
}

#[test]
fn orders_signed_off_chain_are_matched_by_anyone() {
	with_genesis(DEV_RUNTIME_PRESET, || {
		System::set_block_number(1);
		register_assets();
		let sign = |who: Sr25519Keyring, order: OrderOf<Runtime>| -> Option<MultiSignature> {
			let hash: H256 = state_call("MarketplaceApi_order_hash", order);
			Some(MultiSignature::Sr25519(who.pair().sign(hash.as_bytes())))
		};
		let (app, dataset, pool, request) = (app_order(5, 2), dataset_order(5, 2), pool_order(5, 2), request_order(2, 2));
		call(
			Sr25519Keyring::Eve,
			pallet_ect_marketplace::Call::<Runtime>::match_orders {
				app_order: Signed { signature: sign(Sr25519Keyring::Alice, Order::App(app.clone())), order: app },
				dataset_order: Some(Signed {
					signature: sign(Sr25519Keyring::Bob, Order::Dataset(dataset.clone())),
					order: dataset,
				}),
				workerpool_order: Signed {
					signature: sign(Sr25519Keyring::Charlie, Order::Workerpool(pool.clone())),
					order: pool,
				},
				request_order: Signed {
					signature: sign(Sr25519Keyring::Dave, Order::Request(request.clone())),
					order: request.clone(),
				},
			},
		);
		let request_hash: H256 = state_call("MarketplaceApi_order_hash", Order::Request(request));
		let deal: Option<DealOf<Runtime>> =
			state_call("MarketplaceApi_deal", pallet_ect_marketplace::deal_id(&request_hash, 0));
		assert_eq!(deal.map(|d| d.volume), Some(2));
		check_invariants();
	});
}

/// Matching both ways in the full runtime: a request published before any
/// offer rests for the runtime's lifetime (a week of blocks); the offers
/// published later fill it, the last one making the deal; another resting
/// request expires in the runtime's `on_initialize` at its block, and its
/// deposit goes back.
#[test]
fn a_resting_request_is_filled_by_later_offers_or_expires() {
	use ect_runtime::{
		polkadot_sdk::frame_support::traits::{fungible::InspectHold, Get, OnInitialize},
		AllPalletsWithSystem, Balances,
	};
	let deposit = <<Runtime as pallet_ect_marketplace::Config>::OrderDeposit as Get<Balance>>::get();
	with_genesis(DEV_RUNTIME_PRESET, || {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000u64);
		register_assets();
		let dave = Sr25519Keyring::Dave.to_account_id();
		let held_before = Balances::total_balance_on_hold(&dave);
		let publish_request = |request| {
			call(
				Sr25519Keyring::Dave,
				pallet_ect_marketplace::Call::<Runtime>::publish_request { order: request, price_weight: Percent::from_percent(100) },
			)
		};
		let filled = request_order(3, 1);
		let filled_hash: H256 = state_call("MarketplaceApi_order_hash", Order::Request(filled.clone()));
		let expiring = request_order(2, 2);
		let expiring_hash: H256 = state_call("MarketplaceApi_order_hash", Order::Request(expiring.clone()));
		publish_request(filled);
		publish_request(expiring);
		let resting = pallet_ect_marketplace::RestingRequests::<Runtime>::get(filled_hash).expect("the request rests");
		assert_eq!(resting.expires, 1 + 7 * ect_runtime::DAYS);
		assert_eq!(Balances::total_balance_on_hold(&dave), held_before + 2 * deposit);

		let publish = |who, order: OrderOf<Runtime>| {
			call(who, pallet_ect_marketplace::Call::<Runtime>::publish_offer { order })
		};
		publish(Sr25519Keyring::Alice, Order::App(app_order(3, 1)));
		publish(Sr25519Keyring::Bob, Order::Dataset(dataset_order(100, 1)));
		let open: Vec<(H256, OrderOf<Runtime>, u32)> = state_call("MarketplaceApi_open_orders", AssetRef::Dataset(0));
		assert_eq!(open.len(), 3, "the dataset offer and both requests, listed under their dataset");
		publish(Sr25519Keyring::Charlie, Order::Workerpool(pool_order(100, 1)));
		let deal: Option<DealOf<Runtime>> =
			state_call("MarketplaceApi_deal", pallet_ect_marketplace::deal_id(&filled_hash, 0));
		assert_eq!(deal.expect("the last offer made the deal").volume, 3, "the first request, filled at once");
		let state: OrderState = state_call("MarketplaceApi_order_state", filled_hash);
		assert!(!state.published && state.consumed == 3);
		assert!(pallet_ect_marketplace::RestingRequests::<Runtime>::get(filled_hash).is_none());
		// The app offer's volume went to the first request: the second still rests.
		assert!(pallet_ect_marketplace::RestingRequests::<Runtime>::get(expiring_hash).is_some());
		check_invariants();

		let due = pallet_ect_marketplace::RestingRequests::<Runtime>::get(expiring_hash).unwrap().expires;
		System::set_block_number(due);
		AllPalletsWithSystem::on_initialize(due);
		let state: OrderState = state_call("MarketplaceApi_order_state", expiring_hash);
		assert!(!state.published, "the request expired");
		let funds: Funds<Balance> = state_call("MarketplaceApi_funds", dave.clone());
		assert_eq!(Balances::total_balance_on_hold(&dave), held_before + funds.payment, "both deposits returned");
		check_invariants();
	});
}
