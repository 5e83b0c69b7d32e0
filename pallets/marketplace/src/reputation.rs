//! The workerpool reputation automatic matching reads (`protocol.md` §7).

use pallet_ect_registry::WorkerpoolId;
use polkadot_sdk::sp_runtime::Permill;

/// A workerpool's reputation: the share of its tasks that completed.
pub trait PoolReputation {
	/// The pool's reputation, from none to perfect.
	fn reputation(pool: WorkerpoolId) -> Permill;
}

/// No reputation source: every pool ranks the same, so price decides.
impl PoolReputation for () {
	fn reputation(_pool: WorkerpoolId) -> Permill {
		Permill::zero()
	}
}
