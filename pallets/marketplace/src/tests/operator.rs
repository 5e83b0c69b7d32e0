//! A workerpool's operator key (named in the registry) acts for the pool's
//! owner on workerpool orders — signs, presigns, publishes, cancels — and
//! on nothing else; naming another operator voids what the last one did.

use super::*;
use crate::{Book, Error, OrderKind, Presigned, Signed};
use polkadot_sdk::frame_support::{assert_noop, assert_ok};

/// The pool's operator in these tests (a funded key).
fn operator() -> AccountId {
	stranger()
}

fn name_operator(who: Option<AccountId>) {
	Registry::set_operator(POOL, who);
}

fn match_with_pool(pool: crate::SignedOf<crate::WorkerpoolOrderOf<Test>, Test>) -> polkadot_sdk::sp_runtime::DispatchResult {
	Marketplace::match_orders(
		RuntimeOrigin::signed(requester()),
		signed_app(app_order()),
		Some(signed_dataset(dataset_order())),
		pool,
		signed_request(request_order()),
	)
}

#[test]
fn a_pool_order_signed_by_the_operator_matches_once_it_is_named() {
	run(|| {
		let by_operator = sign(pool_order(), Order::Workerpool, "stranger");
		assert_noop!(match_with_pool(by_operator.clone()), Error::<Test>::BadSignature(OrderKind::Workerpool));
		name_operator(Some(operator()));
		assert_ok!(match_with_pool(by_operator));
		// The deal's scheduler is still the owner: its stake is the owner's.
		let deal = crate::Deals::<Test>::get(first_deal()).unwrap();
		assert_eq!(deal.workerpool.owner, scheduler());
	});
}

#[test]
fn the_owner_still_signs_when_an_operator_is_named() {
	run(|| {
		name_operator(Some(operator()));
		assert_ok!(match_with_pool(signed_pool(pool_order())));
	});
}

#[test]
fn the_operator_presigns_publishes_and_cancels_pool_orders() {
	run(|| {
		name_operator(Some(operator()));
		let order = Order::Workerpool(pool_order());
		let hash = Marketplace::order_hash(&order);
		assert_ok!(Marketplace::presign(RuntimeOrigin::signed(operator()), order.clone()));
		assert_eq!(Presigned::<Test>::get(hash), Some(operator()));
		assert_ok!(match_with_pool(Signed { order: pool_order(), signature: None }));

		let mut second = pool_order();
		second.salt = [9; 32];
		let second_order = Order::Workerpool(second);
		let second_hash = Marketplace::order_hash(&second_order);
		assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(operator()), second_order.clone()));
		assert_eq!(Book::<Test>::get(second_hash).map(|entry| entry.owner), Some(operator()));
		assert_ok!(Marketplace::cancel(RuntimeOrigin::signed(operator()), second_order));
		assert!(Book::<Test>::get(second_hash).is_none());
	});
}

#[test]
fn the_operator_does_not_act_on_other_orders_or_once_replaced() {
	run(|| {
		name_operator(Some(operator()));
		let app = Order::App(app_order());
		assert_noop!(Marketplace::presign(RuntimeOrigin::signed(operator()), app.clone()), Error::<Test>::NotOrderOwner);
		assert_noop!(Marketplace::publish_offer(RuntimeOrigin::signed(operator()), app), Error::<Test>::NotOrderOwner);

		// Orders the operator published or signed stop counting once the
		// owner names another key (or none).
		let order = Order::Workerpool(pool_order());
		assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(operator()), order.clone()));
		let signed = sign(pool_order(), Order::Workerpool, "stranger");
		name_operator(None);
		assert_noop!(match_with_pool(signed), Error::<Test>::BadSignature(OrderKind::Workerpool));
		assert_noop!(
			match_with_pool(Signed { order: pool_order(), signature: None }),
			Error::<Test>::BadSignature(OrderKind::Workerpool)
		);
		assert_noop!(Marketplace::cancel(RuntimeOrigin::signed(operator()), order), Error::<Test>::NotOrderOwner);
	});
}
