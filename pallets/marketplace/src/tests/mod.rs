//! Unit tests of every call: each success path, each refusal (`assert_noop!`),
//! events asserted, and the invariants of every pallet after every test.

mod api;
mod book;
mod match_orders;
mod migration;
mod migration_v2;
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
