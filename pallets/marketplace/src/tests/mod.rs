//! Unit tests of every call: each success path, each refusal (`assert_noop!`),
//! events asserted, and the invariants of every pallet after every test.

mod api;
mod book;
mod match_orders;
mod migration;
mod lifetime;
mod migration_v2;
mod migration_v3;
mod operator;
mod orders;
mod properties;
mod resting;
mod signatures;

use crate::{mock::*, DealId, Order, OrderHash};
use polkadot_sdk::frame_support::traits::Hooks;

/// The hash of the default request.
fn request_hash() -> OrderHash {
	Marketplace::order_hash(&Order::Request(request_order()))
}

/// The id of the first deal of the default request.
fn first_deal() -> DealId {
	crate::deal_id(&request_hash(), 0)
}

/// The marketplace events emitted so far.
fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Marketplace(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Advances to block `n`, starting each block after the current one up to
/// `n` as the executive would (the marketplace's `on_initialize` expires the
/// requests due then).
fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Marketplace::on_initialize(next);
	}
}

/// Matches the default orders, signed, into the first deal.
fn match_default_orders() {
	polkadot_sdk::frame_support::assert_ok!(Marketplace::match_orders(
		RuntimeOrigin::signed(stranger()),
		signed_app(app_order()),
		Some(signed_dataset(dataset_order())),
		signed_pool(pool_order()),
		signed_request(request_order()),
	));
}

/// How many entries each order-state map and order-book index holds:
/// `Consumed`, `Cancelled`, `Presigned`, `OrderPrunes`, `Book`,
/// `OrdersByAsset`, `PoolOrdersByCategory`, `RestingRequests`,
/// `RestingByCategory`, `Expiries`.
fn order_state_sizes() -> [usize; 10] {
	use crate::*;
	[
		Consumed::<Test>::iter_keys().count(),
		Cancelled::<Test>::iter_keys().count(),
		Presigned::<Test>::iter_keys().count(),
		OrderPrunes::<Test>::iter_keys().count(),
		Book::<Test>::iter_keys().count(),
		OrdersByAsset::<Test>::iter_keys().count(),
		PoolOrdersByCategory::<Test>::iter_keys().count(),
		RestingRequests::<Test>::iter_keys().count(),
		RestingByCategory::<Test>::iter_keys().count(),
		Expiries::<Test>::iter_keys().count(),
	]
}
