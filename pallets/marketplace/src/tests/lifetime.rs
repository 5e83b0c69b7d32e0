//! Order lifetime and pruning: expired orders are refused by every call
//! that writes order state, published offers leave the book at their
//! expiry, what the chain remembers of an order is forgotten
//! `OrderRetention` blocks after it, within a per-block budget — and after
//! 10,000 orders the order-state maps are back to their size before.

use super::*;
use crate::{
	Book, Consumed, Error, Event, OrderKind, OrderPrunes, PoolOrdersByCategory, Prune, PruneCursor, RestingRequests,
	MAX_PRUNE_SLOTS,
};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	sp_runtime::Percent,
};

/// The mock's `MaxPrunesPerBlock`.
const BUDGET: u32 = 4;

/// The block the default orders' state is forgotten at.
const FORGET_AT: u32 = EXPIRES + RETENTION;

/// Publishes the offer `order` as `owner`.
fn publish(owner: AccountId, order: crate::OrderOf<Test>) {
	assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(owner), order));
}

#[test]
fn expired_orders_are_refused_and_so_are_orders_expiring_too_far_but_for_cancel() {
	run(|| {
		run_to_block(EXPIRES as u64);
		let kind = OrderKind::Workerpool;
		let order = Order::Workerpool(pool_order());
		let signed = RuntimeOrigin::signed(scheduler());
		assert_noop!(Marketplace::presign(signed.clone(), order.clone()), Error::<Test>::OrderExpired(kind));
		assert_noop!(Marketplace::cancel(signed.clone(), order.clone()), Error::<Test>::OrderExpired(kind));
		assert_noop!(Marketplace::publish_offer(signed.clone(), order), Error::<Test>::OrderExpired(kind));
		assert_noop!(
			Marketplace::publish_request(RuntimeOrigin::signed(requester()), request_order(), Percent::one()),
			Error::<Test>::OrderExpired(OrderKind::Request)
		);

		let mut far = pool_order();
		far.expires = EXPIRES + MAX_LIFETIME + 1;
		let far = Order::Workerpool(far);
		assert_noop!(Marketplace::presign(signed.clone(), far.clone()), Error::<Test>::ExpiryTooFar(kind));
		assert_noop!(Marketplace::publish_offer(signed.clone(), far.clone()), Error::<Test>::ExpiryTooFar(kind));
		// Its owner may still void it before it comes in range.
		assert_ok!(Marketplace::cancel(signed, far));
	});
}

#[test]
fn a_published_offer_leaves_the_book_at_its_expiry_with_its_deposit() {
	run(|| {
		let before = Marketplace::api_funds(&scheduler());
		let order = Order::Workerpool(pool_order());
		let hash = Marketplace::order_hash(&order);
		publish(scheduler(), order);
		assert_eq!(OrderPrunes::<Test>::get(EXPIRES, hash), Some(Prune::Unlist));

		run_to_block(EXPIRES as u64 - 1);
		assert!(Book::<Test>::contains_key(hash));
		run_to_block(EXPIRES as u64);
		assert!(!Book::<Test>::contains_key(hash));
		assert!(PoolOrdersByCategory::<Test>::get(CATEGORY).is_empty());
		assert_eq!(Marketplace::api_funds(&scheduler()), before, "the deposit is back");
		assert_eq!(
			events()[events().len() - 2..],
			[Event::OrderUnpublished { order: hash }, Event::OfferExpired { order: hash }]
		);
	});
}

#[test]
fn an_offer_unpublished_before_its_expiry_is_no_longer_due() {
	run(|| {
		let order = Order::App(app_order());
		let hash = Marketplace::order_hash(&order);
		publish(app_owner(), order);
		assert_ok!(Marketplace::unpublish(RuntimeOrigin::signed(app_owner()), hash));
		assert_eq!(OrderPrunes::<Test>::get(EXPIRES, hash), None);
	});
}

#[test]
fn a_request_rests_until_its_own_expiry_when_that_comes_first() {
	run(|| {
		let mut request = request_order();
		request.expires = 4;
		let hash = Marketplace::order_hash(&Order::Request(request.clone()));
		assert_ok!(Marketplace::publish_request(RuntimeOrigin::signed(requester()), request, Percent::one()));
		assert_eq!(RestingRequests::<Test>::get(hash).map(|r| r.expires), Some(4));
		run_to_block(4);
		assert!(!Book::<Test>::contains_key(hash));
	});
}

#[test]
fn what_the_chain_remembers_of_an_order_is_forgotten_after_the_retention() {
	run(|| {
		// Consumed (a match), presigned and cancelled orders.
		match_default_orders();
		let mut presigned = app_order();
		presigned.salt = [8; 32];
		assert_ok!(Marketplace::presign(RuntimeOrigin::signed(app_owner()), Order::App(presigned)));
		let mut cancelled = pool_order();
		cancelled.salt = [9; 32];
		assert_ok!(Marketplace::cancel(RuntimeOrigin::signed(scheduler()), Order::Workerpool(cancelled)));
		assert_eq!(order_state_sizes()[..4], [4, 1, 1, 6]);
		assert_eq!(OrderPrunes::<Test>::iter_prefix(FORGET_AT).count(), 6);

		run_to_block(FORGET_AT as u64 - 1);
		assert_eq!(order_state_sizes()[..3], [4, 1, 1], "kept for the retention");
		// Six due, four per block.
		run_to_block(FORGET_AT as u64);
		assert_eq!(OrderPrunes::<Test>::iter_prefix(FORGET_AT).count(), 2);
		assert_eq!(PruneCursor::<Test>::get(), FORGET_AT, "the cursor waits for its slot to empty");
		run_to_block(FORGET_AT as u64 + 1);
		assert_eq!(order_state_sizes()[..4], [0, 0, 0, 0]);
		// The cursor catches up, MAX_PRUNE_SLOTS slots per block.
		run_to_block(FORGET_AT as u64 + 2);
		assert_eq!(PruneCursor::<Test>::get(), FORGET_AT + 3);
	});
}

#[test]
fn the_cursor_moves_at_most_max_prune_slots_per_block() {
	run(|| {
		System::set_block_number(100);
		let pruned = Marketplace::prune(100);
		assert_eq!((pruned.slots, pruned.orders), (MAX_PRUNE_SLOTS, 0));
		assert_eq!(PruneCursor::<Test>::get(), MAX_PRUNE_SLOTS);
	});
}

/// A fresh salt for the `i`-th order of the state-size test.
fn salt(i: u32, kind: u8) -> [u8; 32] {
	let mut salt = [kind; 32];
	salt[..4].copy_from_slice(&i.to_le_bytes());
	salt
}

#[test]
fn after_ten_thousand_orders_the_order_state_is_back_to_its_size_before() {
	run(|| {
		let before = order_state_sizes();
		let mut orders = 0u32;
		// 2,000 deals of four orders each, fully consumed; their expiries
		// spread over 100 blocks.
		for i in 0..2_000u32 {
			let expires = 10 + i % 100;
			let mut app = app_order();
			let mut dataset = dataset_order();
			let mut pool = pool_order();
			let mut request = request_order();
			(app.volume, dataset.volume, pool.volume, request.volume) = (1, 1, 1, 1);
			(app.salt, dataset.salt, pool.salt, request.salt) = (salt(i, 1), salt(i, 2), salt(i, 3), salt(i, 4));
			(app.expires, dataset.expires, pool.expires, request.expires) = (expires, expires, expires, expires);
			assert_ok!(Marketplace::match_orders(
				RuntimeOrigin::signed(stranger()),
				signed_app(app),
				Some(signed_dataset(dataset)),
				signed_pool(pool),
				signed_request(request),
			));
			orders += 4;
		}
		// 1,000 presigned and 995 cancelled orders that are never used.
		for i in 0..1_000u32 {
			let mut app = app_order();
			(app.salt, app.expires) = (salt(i, 5), 10 + i % 50);
			assert_ok!(Marketplace::presign(RuntimeOrigin::signed(app_owner()), Order::App(app)));
			orders += 1;
		}
		for i in 0..995u32 {
			let mut request = request_order();
			(request.salt, request.expires) = (salt(i, 6), 20 + i % 50);
			assert_ok!(Marketplace::cancel(RuntimeOrigin::signed(requester()), Order::Request(request)));
			orders += 1;
		}
		// 4 published offers and a resting request that expire unused.
		for i in 0..4u32 {
			let mut pool = pool_order();
			(pool.salt, pool.expires) = (salt(i, 7), 30);
			publish(scheduler(), Order::Workerpool(pool));
			orders += 1;
		}
		let mut request = request_order();
		(request.salt, request.workerpool_max_price) = (salt(0, 8), 1);
		assert_ok!(Marketplace::publish_request(RuntimeOrigin::signed(requester()), request, Percent::one()));
		orders += 1;
		assert_eq!(orders, 10_000);
		assert!(Consumed::<Test>::iter_keys().count() == 8_000 && Book::<Test>::iter_keys().count() == 5);
		check_invariants();

		// Every order expired by block 110; retention 5; 4 prunes a block.
		let forgotten_by = 110 + RETENTION + 10_000 / BUDGET + MAX_PRUNE_SLOTS;
		run_to_block(forgotten_by as u64);
		assert_eq!(order_state_sizes(), before);
	});
}

#[test]
fn the_automatic_match_skips_an_expired_offer_still_in_the_book() {
	run(|| {
		// The pool's offer expires at block 5, the app's and dataset's later;
		// the slot of block 5 is left behind as if pruning lagged.
		let mut pool = pool_order();
		pool.expires = 5;
		publish(scheduler(), Order::Workerpool(pool));
		publish(app_owner(), Order::App(app_order()));
		publish(dataset_owner(), Order::Dataset(dataset_order()));
		System::set_block_number(5);
		let info = Marketplace::publish_request(RuntimeOrigin::signed(requester()), request_order(), Percent::one())
			.expect("published");
		use crate::WeightInfo;
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::publish_request(0, 0)), "no failed try");
		assert_eq!(events().last(), Some(&Event::RequestResting { request: request_hash(), expires: 5 + 10 }));
		assert!(Consumed::<Test>::iter_keys().next().is_none());
	});
}
