//! Open offers as the agents, the benchmark and the tests publish them: for
//! anyone (no restriction, no tag), at a price per task, for a volume.

use pallet_ect_marketplace::{AppOrder, WorkerpoolOrder};
use pallet_ect_registry::{Resources, Restriction, Tag};

use crate::runtime::{AccountId, Balance};

/// An offer of `app` to anyone at `price` for `volume` tasks.
pub fn app(app: u32, price: Balance, volume: u32, salt: [u8; 32]) -> AppOrder<AccountId, Balance> {
	AppOrder {
		app,
		price,
		volume,
		tag: Tag::NONE,
		dataset_restrict: Restriction::Anyone,
		workerpool_restrict: Restriction::Anyone,
		requester_restrict: Restriction::Anyone,
		salt,
	}
}

/// An offer of `workerpool` to anyone on `category`, up to `trust`, at
/// `price` for `volume` tasks, with no capability promised.
pub fn workerpool(
	workerpool: u32,
	category: u32,
	trust: u32,
	price: Balance,
	volume: u32,
	salt: [u8; 32],
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
	}
}
