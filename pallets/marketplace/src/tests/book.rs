//! The order book: publishing, unpublishing, and automatic matching of
//! published requests with the best offers.

use super::*;
use crate::{Book, Deals, Error, Event, OperatingMode, OrderKind, OrdersByAsset, PoolOrdersByCategory};
use ect_primitives::{Escrow as _, LockReason};
use ect_primitives::{AssetRef, PoolPolicy};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::fungible::Mutate},
	frame_system::RawOrigin,
	sp_runtime::Percent,
};

/// Registers another workerpool owned by `owner`.
fn another_pool(owner: &str) -> u32 {
	Registry::add_workerpool(account(owner), PoolPolicy::default()).unwrap()
}

/// A workerpool order of `pool` at `price` for `volume` tasks.
fn pool_offer(pool: u32, price: Balance, volume: u32) -> crate::WorkerpoolOrderOf<Test> {
	let mut order = pool_order();
	order.workerpool = pool;
	order.price = price;
	order.volume = volume;
	order
}

fn publish(owner: &str, order: crate::OrderOf<Test>) {
	assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(account(owner)), order));
}

/// Publishes the default app and dataset offers.
fn publish_app_and_dataset() {
	publish("app-owner", Order::App(app_order()));
	publish("dataset-owner", Order::Dataset(dataset_order()));
}

fn publish_request(request: crate::RequestOrderOf<Test>, price_weight: u8) -> polkadot_sdk::frame_support::dispatch::DispatchResultWithPostInfo {
	Marketplace::publish_request(RuntimeOrigin::signed(requester()), request, Percent::from_percent(price_weight))
}

#[test]
fn publishing_an_offer_holds_a_deposit_and_indexes_it() {
	run(|| {
		let before = Marketplace::api_funds(&scheduler()).deposits;
		publish("scheduler", Order::Workerpool(pool_order()));
		let hash = Marketplace::order_hash(&Order::Workerpool(pool_order()));
		assert_eq!(Marketplace::api_funds(&scheduler()).deposits, before + OrderDeposit::get());
		assert_eq!(Book::<Test>::get(hash).map(|e| e.owner), Some(scheduler()));
		assert_eq!(OrdersByAsset::<Test>::get(AssetRef::Workerpool(POOL)).to_vec(), vec![hash]);
		assert_eq!(PoolOrdersByCategory::<Test>::get(CATEGORY).to_vec(), vec![(POOL_PRICE, hash)]);
		assert_eq!(events().last(), Some(&Event::OrderPublished { order: hash, kind: OrderKind::Workerpool, owner: scheduler() }));
	});
}

#[test]
fn workerpool_offers_are_kept_cheapest_first() {
	run(|| {
		let second = another_pool("stranger");
		for (owner, pool, price) in [("scheduler", POOL, 50), ("stranger", second, 20), ("scheduler", POOL, 30)] {
			publish(owner, Order::Workerpool(pool_offer(pool, price, 1)));
		}
		let prices: Vec<Balance> = PoolOrdersByCategory::<Test>::get(CATEGORY).iter().map(|(p, _)| *p).collect();
		assert_eq!(prices, vec![20, 30, 50]);
	});
}

#[test]
fn publishing_an_offer_is_refused_when_it_cannot_be_used() {
	run(|| {
		let as_owner = |name: &str| RuntimeOrigin::signed(account(name));
		assert_noop!(Marketplace::publish_offer(as_owner("requester"), Order::Request(request_order())), Error::<Test>::NotAnOffer);
		assert_noop!(Marketplace::publish_offer(as_owner("stranger"), Order::App(app_order())), Error::<Test>::NotOrderOwner);
		let mut unknown = app_order();
		unknown.app = 9;
		assert_noop!(Marketplace::publish_offer(as_owner("app-owner"), Order::App(unknown)), Error::<Test>::UnknownApp);
		let mut no_category = pool_order();
		no_category.category = 9;
		assert_noop!(Marketplace::publish_offer(as_owner("scheduler"), Order::Workerpool(no_category)), Error::<Test>::UnknownCategory);
		let mut empty = app_order();
		empty.volume = 0;
		assert_noop!(Marketplace::publish_offer(as_owner("app-owner"), Order::App(empty)), Error::<Test>::ZeroVolume);

		publish("app-owner", Order::App(app_order()));
		assert_noop!(Marketplace::publish_offer(as_owner("app-owner"), Order::App(app_order())), Error::<Test>::AlreadyPublished);

		let cancelled = Order::Dataset(dataset_order());
		assert_ok!(Marketplace::cancel(as_owner("dataset-owner"), cancelled.clone()));
		assert_noop!(Marketplace::publish_offer(as_owner("dataset-owner"), cancelled), Error::<Test>::OrderCancelled(OrderKind::Dataset));
	});
}

#[test]
fn publishing_a_used_up_order_is_refused() {
	run(|| {
		let mut small = pool_order();
		small.volume = 4;
		assert_ok!(Marketplace::match_orders(
			RuntimeOrigin::signed(stranger()),
			signed_app(app_order()),
			Some(signed_dataset(dataset_order())),
			signed_pool(small.clone()),
			signed_request(request_order()),
		));
		assert_noop!(
			Marketplace::publish_offer(RuntimeOrigin::signed(scheduler()), Order::Workerpool(small)),
			Error::<Test>::OrderConsumed(OrderKind::Workerpool)
		);
	});
}

#[test]
fn a_full_book_and_an_owner_who_cannot_pay_the_deposit_are_refused() {
	run(|| {
		// Six offers per asset (MaxOrdersPerAsset).
		for salt in 0..6u8 {
			let mut order = app_order();
			order.salt = [salt; 32];
			publish("app-owner", Order::App(order));
		}
		let mut seventh = app_order();
		seventh.salt = [9; 32];
		assert_noop!(Marketplace::publish_offer(RuntimeOrigin::signed(app_owner()), Order::App(seventh)), Error::<Test>::OrderBookFull);

		// Five workerpool offers per category (MaxPoolOrdersPerCategory), across pools.
		let second = another_pool("stranger");
		for salt in 0..3u8 {
			let mut order = pool_order();
			order.salt = [salt; 32];
			publish("scheduler", Order::Workerpool(order.clone()));
			if salt < 2 {
				order.workerpool = second;
				publish("stranger", Order::Workerpool(order));
			}
		}
		let mut sixth = pool_order();
		sixth.salt = [9; 32];
		assert_noop!(Marketplace::publish_offer(RuntimeOrigin::signed(scheduler()), Order::Workerpool(sixth)), Error::<Test>::OrderBookFull);

		<Balances as Mutate<AccountId>>::set_balance(&dataset_owner(), OrderDeposit::get());
		assert_noop!(
			Marketplace::publish_offer(RuntimeOrigin::signed(dataset_owner()), Order::Dataset(dataset_order())),
			Error::<Test>::CannotPayDeposit
		);
	});
}

#[test]
fn unpublishing_returns_the_deposit_and_is_refused_to_others() {
	run(|| {
		let before = Marketplace::api_funds(&scheduler());
		publish("scheduler", Order::Workerpool(pool_order()));
		let hash = Marketplace::order_hash(&Order::Workerpool(pool_order()));
		assert_noop!(Marketplace::unpublish(RuntimeOrigin::signed(stranger()), hash), Error::<Test>::NotOrderOwner);
		assert_ok!(Marketplace::unpublish(RuntimeOrigin::signed(scheduler()), hash));
		assert_eq!(Marketplace::api_funds(&scheduler()), before);
		assert!(PoolOrdersByCategory::<Test>::get(CATEGORY).is_empty());
		assert!(!OrdersByAsset::<Test>::contains_key(AssetRef::Workerpool(POOL)));
		assert_eq!(events().last(), Some(&Event::OrderUnpublished { order: hash }));
		assert_noop!(Marketplace::unpublish(RuntimeOrigin::signed(scheduler()), hash), Error::<Test>::NotPublished);
	});
}

#[test]
fn cancelling_a_published_order_takes_it_out_of_the_book() {
	run(|| {
		publish("app-owner", Order::App(app_order()));
		assert_ok!(Marketplace::cancel(RuntimeOrigin::signed(app_owner()), Order::App(app_order())));
		assert!(Book::<Test>::iter().next().is_none());
		assert_eq!(Marketplace::api_funds(&app_owner()).deposits, AssetDeposit::get());
	});
}

#[test]
fn a_published_request_takes_the_cheapest_pool_and_splits_its_volume() {
	run(|| {
		let issuance = total_issuance();
		publish_app_and_dataset();
		let second = another_pool("stranger");
		publish("scheduler", Order::Workerpool(pool_offer(POOL, 90, 10)));
		publish("stranger", Order::Workerpool(pool_offer(second, 60, 2)));

		let info = publish_request(request_order(), 100).expect("published");
		assert_eq!(info.actual_weight, Some(<() as crate::WeightInfo>::publish_request(0, 2)));

		let hash = request_hash();
		let first = Deals::<Test>::get(crate::deal_id(&hash, 0)).unwrap();
		assert_eq!((first.workerpool.id, first.workerpool.price, first.volume), (second, 60, 2));
		let next = Deals::<Test>::get(crate::deal_id(&hash, 2)).unwrap();
		assert_eq!((next.workerpool.id, next.workerpool.price, next.volume), (POOL, 90, 2));
		assert!(events().contains(&Event::RequestMatched { request: hash, deals: 2, volume: 4, remaining: 0 }));

		// The request and the used-up pool offer left the book; their deposits are back.
		assert!(!Book::<Test>::contains_key(hash));
		assert_eq!(Marketplace::api_funds(&requester()).deposits, 0);
		assert_eq!(Marketplace::api_funds(&stranger()).deposits, AssetDeposit::get());
		let paid = 2 * (APP_PRICE + DATASET_PRICE + 60) + 2 * (APP_PRICE + DATASET_PRICE + 90);
		assert_eq!(Escrow::locked(LockReason::Payment, &requester()), paid);
		assert_eq!(total_issuance(), issuance);
	});
}

#[test]
fn a_requester_can_prefer_reputation_over_price() {
	run(|| {
		publish_app_and_dataset();
		let second = another_pool("stranger");
		publish("scheduler", Order::Workerpool(pool_offer(POOL, 90, 10)));
		publish("stranger", Order::Workerpool(pool_offer(second, 60, 10)));
		set_reputation(POOL, 990_000);
		set_reputation(second, 100_000);

		assert_ok!(publish_request(request_order(), 0));
		let deal = Deals::<Test>::get(first_deal()).unwrap();
		assert_eq!((deal.workerpool.id, deal.volume), (POOL, 4), "the reputable pool wins");
	});
}

#[test]
fn with_equal_prices_the_more_reputable_pool_wins() {
	run(|| {
		publish_app_and_dataset();
		let second = another_pool("stranger");
		publish("scheduler", Order::Workerpool(pool_offer(POOL, 90, 10)));
		publish("stranger", Order::Workerpool(pool_offer(second, 90, 10)));
		set_reputation(second, 500_000);
		assert_ok!(publish_request(request_order(), 100));
		assert_eq!(Deals::<Test>::get(first_deal()).unwrap().workerpool.id, second);
	});
}

#[test]
fn a_pool_that_breaks_a_rule_is_skipped_and_the_next_one_used() {
	run(|| {
		publish_app_and_dataset();
		let second = another_pool("stranger");
		let mut restricted = pool_offer(second, 10, 10);
		restricted.requester_restrict = ect_primitives::Restriction::Account(stranger());
		publish("stranger", Order::Workerpool(restricted));
		publish("scheduler", Order::Workerpool(pool_offer(POOL, 90, 10)));
		let info = publish_request(request_order(), 100).unwrap();
		assert_eq!(info.actual_weight, Some(<() as crate::WeightInfo>::publish_request(1, 1)));
		assert_eq!(Deals::<Test>::get(first_deal()).unwrap().workerpool.id, POOL);
	});
}

#[test]
fn an_unmatched_request_stays_in_the_book_with_its_deposit() {
	run(|| {
		publish_app_and_dataset();
		let info = publish_request(request_order(), 100).unwrap();
		assert_eq!(info.actual_weight, Some(<() as crate::WeightInfo>::publish_request(0, 0)));
		let hash = request_hash();
		assert!(Book::<Test>::contains_key(hash));
		assert_eq!(OrdersByAsset::<Test>::get(AssetRef::App(APP)).len(), 2, "the app offer and the request");
		assert!(events().contains(&Event::RequestMatched { request: hash, deals: 0, volume: 0, remaining: 4 }));
		assert_eq!(Marketplace::api_funds(&requester()).deposits, OrderDeposit::get());
	});
}

#[test]
fn automatic_matching_stops_after_max_match_candidates_failures() {
	run(|| {
		publish_app_and_dataset();
		let second = another_pool("stranger");
		for (owner, pool, salt) in [("scheduler", POOL, 1u8), ("stranger", second, 2), ("scheduler", POOL, 3)] {
			let mut order = pool_offer(pool, 10 + salt as Balance, 10);
			order.salt = [salt; 32];
			if salt < 3 {
				order.requester_restrict = ect_primitives::Restriction::Account(stranger());
			}
			publish(owner, Order::Workerpool(order));
		}
		// Two failures (MaxMatchCandidates) end the walk before the good offer.
		let info = publish_request(request_order(), 100).unwrap();
		assert_eq!(info.actual_weight, Some(<() as crate::WeightInfo>::publish_request(2, 0)));
		assert!(events().contains(&Event::RequestMatched { request: request_hash(), deals: 0, volume: 0, remaining: 4 }));
	});
}

#[test]
fn automatic_matching_stops_at_max_deals_per_publish() {
	run(|| {
		publish_app_and_dataset();
		let second = another_pool("stranger");
		for (owner, pool, salt) in [("scheduler", POOL, 1u8), ("scheduler", POOL, 2), ("stranger", second, 3), ("stranger", second, 4)] {
			let mut order = pool_offer(pool, 50 + salt as Balance, 1);
			order.salt = [salt; 32];
			publish(owner, Order::Workerpool(order));
		}
		let info = publish_request(request_order(), 100).unwrap();
		assert_eq!(info.actual_weight, Some(<() as crate::WeightInfo>::publish_request(0, 3)));
		assert!(events().contains(&Event::RequestMatched { request: request_hash(), deals: 3, volume: 3, remaining: 1 }));
		assert!(Book::<Test>::contains_key(request_hash()));
	});
}

#[test]
fn publishing_a_request_is_refused_when_halted_by_others_and_for_unknown_assets() {
	run(|| {
		assert_noop!(
			Marketplace::publish_request(RuntimeOrigin::signed(stranger()), request_order(), Percent::one()),
			Error::<Test>::NotOrderOwner
		);
		let mut unknown = request_order();
		unknown.app = 9;
		assert_noop!(publish_request(unknown, 100), Error::<Test>::UnknownApp);
		let mut unknown = request_order();
		unknown.category = 9;
		assert_noop!(publish_request(unknown, 100), Error::<Test>::UnknownCategory);
		let mut empty = request_order();
		empty.volume = 0;
		assert_noop!(publish_request(empty, 100), Error::<Test>::ZeroVolume);
		assert_ok!(publish_request(request_order(), 100));
		assert_noop!(publish_request(request_order(), 100), Error::<Test>::AlreadyPublished);

		assert_ok!(Marketplace::set_operating_mode(RawOrigin::Root.into(), OperatingMode::Halted));
		let mut other = request_order();
		other.salt = [8; 32];
		assert_noop!(publish_request(other, 100), Error::<Test>::MarketHalted);
	});
}
