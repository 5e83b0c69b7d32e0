//! Open offers as the agents, the benchmark and the tests publish them: for
//! anyone (no restriction, no tag), at a price per task, for a volume, until
//! an expiry block ([`ORDER_LIFETIME`] after the best block by default, see
//! [`crate::reads::expiry_in`]).

use pallet_ect_marketplace::{AppOrder, WorkerpoolOrder};
use pallet_ect_registry::{Resources, Restriction, Tag};

use polkadot_sdk::frame_support::traits::Get;

use crate::runtime::{AccountId, Balance, Runtime, DAYS};

/// How long the orders the agents and the CLI give out stay valid by
/// default, in blocks: 7 days. An order is void from its `expires` block
/// on; an offer leaves the order book there, its deposit returned.
pub const ORDER_LIFETIME: u32 = 7 * DAYS;

/// The longest lifetime the chain accepts, in blocks: the runtime's
/// `MaxOrderLifetime` (30 days). An order that expires later than this
/// after the current block is refused (`ExpiryTooFar`).
pub fn max_order_lifetime() -> u32 {
	<Runtime as pallet_ect_marketplace::Config>::MaxOrderLifetime::get()
}

/// An offer of `app` to anyone at `price` for `volume` tasks, void from
/// block `expires` on.
pub fn app(app: u32, price: Balance, volume: u32, salt: [u8; 32], expires: u32) -> AppOrder<AccountId, Balance> {
	AppOrder {
		app,
		price,
		volume,
		tag: Tag::NONE,
		dataset_restrict: Restriction::Anyone,
		workerpool_restrict: Restriction::Anyone,
		requester_restrict: Restriction::Anyone,
		salt,
		expires,
	}
}

/// An offer of `workerpool` to anyone on `category`, up to `trust`, at
/// `price` for `volume` tasks, with no capability promised, void from block
/// `expires` on.
pub fn workerpool(
	workerpool: u32,
	category: u32,
	trust: u32,
	price: Balance,
	volume: u32,
	salt: [u8; 32],
	expires: u32,
) -> WorkerpoolOrder<AccountId, Balance> {
	WorkerpoolOrder {
		workerpool,
		price,
		volume,
		tag: Tag::NONE,
		category,
		trust,
		app_restrict: Restriction::Anyone,
		dataset_restrict: Restriction::Anyone,
		requester_restrict: Restriction::Anyone,
		salt,
		capabilities: Resources::default(),
		expires,
	}
}
