//! The functions behind the runtime API.

use super::*;
use crate::{task_id, Funds, OrderState};
use ect_primitives::AssetRef;
use polkadot_sdk::frame_support::assert_ok;

#[test]
fn order_state_open_orders_deal_tasks_and_funds() {
	run(|| {
		assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(app_owner()), Order::App(app_order())));
		let app_hash = Marketplace::order_hash(&Order::App(app_order()));
		assert_eq!(
			Marketplace::api_order_state(app_hash),
			OrderState { consumed: 0, cancelled: false, presigned: false, published: true }
		);
		assert_eq!(Marketplace::api_open_orders(AssetRef::App(APP)), vec![(app_hash, Order::App(app_order()), 10)]);
		assert!(Marketplace::api_open_orders(AssetRef::Dataset(DATASET)).is_empty());

		assert_ok!(Marketplace::match_orders(
			RuntimeOrigin::signed(stranger()),
			crate::Signed { order: app_order(), signature: None },
			Some(signed_dataset(dataset_order())),
			signed_pool(pool_order()),
			signed_request(request_order()),
		));
		assert_eq!(Marketplace::api_open_orders(AssetRef::App(APP)), vec![(app_hash, Order::App(app_order()), 6)]);
		assert_eq!(Marketplace::api_order_state(app_hash).consumed, 4);

		let deal = first_deal();
		assert_eq!(Marketplace::api_deal(deal).map(|d| d.volume), Some(4));
		let tasks = Marketplace::api_deal_tasks(deal, 0, 100);
		assert_eq!(tasks, (0..4).map(|i| task_id(&deal, i)).collect::<Vec<_>>());
		assert_eq!(Marketplace::api_deal_tasks(deal, 3, 2), vec![task_id(&deal, 3)]);
		assert!(Marketplace::api_deal_tasks(deal, 4, 1).is_empty());
		assert!(Marketplace::api_deal(Default::default()).is_none());

		let price = APP_PRICE + DATASET_PRICE + POOL_PRICE;
		assert_eq!(
			Marketplace::api_funds(&requester()),
			Funds { free: START - 4 * price, payment: 4 * price, scheduler_stake: 0, worker_stake: 0, deposits: 0 }
		);
		assert_eq!(
			Marketplace::api_funds(&scheduler()),
			Funds {
				free: START - AssetDeposit::get() - 4 * 30,
				payment: 0,
				scheduler_stake: 4 * 30,
				worker_stake: 0,
				deposits: AssetDeposit::get(),
			}
		);
		assert_eq!(Marketplace::api_funds(&app_owner()).deposits, AssetDeposit::get() + OrderDeposit::get());
	});
}

#[test]
fn an_expired_order_waiting_to_be_pruned_is_not_open() {
	run(|| {
		assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(app_owner()), Order::App(app_order())));
		let hash = Marketplace::order_hash(&Order::App(app_order()));
		System::set_block_number(u64::from(EXPIRES) - 1);
		assert_eq!(Marketplace::api_open_orders(AssetRef::App(APP)).len(), 1, "open through its last block");

		System::set_block_number(u64::from(EXPIRES));
		assert!(crate::Book::<Test>::contains_key(hash), "not pruned yet");
		assert!(Marketplace::api_open_orders(AssetRef::App(APP)).is_empty());
	});
}
