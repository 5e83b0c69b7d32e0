//! A [`PoolReputation`] whose values the test sets.

use ect_primitives::{PoolReputation, WorkerpoolId};
use polkadot_sdk::sp_runtime::Permill;
use std::{cell::RefCell, collections::BTreeMap};

std::thread_local! {
	/// Per-pool reputations the test set, in parts per million.
	static REPUTATION: RefCell<BTreeMap<WorkerpoolId, u32>> = RefCell::default();
}

/// Pool reputations set with [`set_reputation`]; a pool not set has none.
pub struct MockPoolReputation;

impl PoolReputation for MockPoolReputation {
	fn reputation(pool: WorkerpoolId) -> Permill {
		Permill::from_parts(REPUTATION.with(|r| r.borrow().get(&pool).copied().unwrap_or(0)))
	}
}

/// Sets `pool`'s reputation to `ppm` parts per million.
pub fn set_reputation(pool: WorkerpoolId, ppm: u32) {
	REPUTATION.with(|r| r.borrow_mut().insert(pool, ppm));
}
