//! The storage migration to version 3: orders of the layout before
//! expiries can never be used again, so the book is emptied with every
//! deposit returned, and every order index and state is dropped.

use super::*;
use crate::{migrations::v3::Migration, Book, Deals, OrderPrunes, PruneCursor, RestingRequests};
use codec::Encode;
use polkadot_sdk::{
	frame_support::{
		assert_ok,
		storage::unhashed,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	},
	sp_runtime::Percent,
};

/// Rewrites the book's entries in version 2's layout (orders without their
/// last field, `expires`), drops the prune schedule, storage version 2.
fn back_to_v2() {
	let entries: Vec<_> = Book::<Test>::iter().collect();
	for (hash, entry) in entries {
		let order = entry.order.encode();
		let mut old = order[..order.len() - 4].to_vec();
		old.extend((entry.owner, entry.deposit).encode());
		unhashed::put_raw(&Book::<Test>::hashed_key_for(hash), &old);
	}
	let _ = OrderPrunes::<Test>::clear(u32::MAX, None);
	PruneCursor::<Test>::kill();
	StorageVersion::new(2).put::<Marketplace>();
}

#[test]
fn the_book_is_emptied_with_its_deposits_and_old_order_state_dropped() {
	run(|| {
		let funds = |who: AccountId| Marketplace::api_funds(&who).deposits;
		let before = [funds(app_owner()), funds(scheduler()), funds(requester())];
		// A deal (four consumed orders), a presigned and a cancelled order,
		// two published offers and a resting request.
		match_default_orders();
		let mut other = app_order();
		other.salt = [7; 32];
		assert_ok!(Marketplace::presign(RuntimeOrigin::signed(app_owner()), Order::App(other.clone())));
		other.salt = [8; 32];
		assert_ok!(Marketplace::cancel(RuntimeOrigin::signed(app_owner()), Order::App(other.clone())));
		other.salt = [9; 32];
		assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(app_owner()), Order::App(other)));
		let mut pool = pool_order();
		(pool.salt, pool.price) = ([9; 32], POOL_PRICE * 2);
		assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(scheduler()), Order::Workerpool(pool)));
		let mut request = request_order();
		request.salt = [9; 32];
		assert_ok!(Marketplace::publish_request(RuntimeOrigin::signed(requester()), request, Percent::one()));
		assert_eq!((Book::<Test>::iter_keys().count(), RestingRequests::<Test>::iter_keys().count()), (3, 1));
		back_to_v2();
		assert!(Book::<Test>::iter_keys().all(|hash| Book::<Test>::get(hash).is_none()), "the old layout does not decode");

		run_to_block(3);
		Migration::<Test>::on_runtime_upgrade();
		assert_eq!(Marketplace::on_chain_storage_version(), StorageVersion::new(3));
		assert_eq!([funds(app_owner()), funds(scheduler()), funds(requester())], before, "every deposit is back");
		assert_eq!(unhashed::get_raw(&Book::<Test>::hashed_key_for(Marketplace::order_hash(&Order::App(app_order())))), None);
		assert_eq!(order_state_sizes(), [0; 10], "every order index and state is empty");
		assert_eq!(PruneCursor::<Test>::get(), 3);
		assert!(Deals::<Test>::contains_key(first_deal()), "deals are kept");
		check_invariants();

		// At version 3 it does nothing: a new order stays published.
		assert_ok!(Marketplace::publish_offer(RuntimeOrigin::signed(app_owner()), Order::App(app_order())));
		Migration::<Test>::on_runtime_upgrade();
		assert_eq!(Book::<Test>::iter_keys().count(), 1);
	});
}
