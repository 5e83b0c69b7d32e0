//! The hook through which a finalized task's callback bytes reach their
//! target (`protocol.md` §9): another pallet, or the bridge to Ethereum.

use crate::{CallbackTarget, DealId, TaskId};
use polkadot_sdk::frame_support::weights::Weight;

/// Receives the results of tasks whose deal names a callback target. Called
/// once per finalized task, inside `finalize`; an implementation must keep
/// its own work bounded (it is part of `finalize`'s weight budget).
pub trait ResultCallback {
	/// `data` (the certified callback bytes) for `target`.
	fn on_result(deal: &DealId, task: &TaskId, target: CallbackTarget, data: &[u8]);

	/// The task failed (claimed past its final deadline) and its requester
	/// was refunded on chain. Called once, inside `claim`, after the refund;
	/// the bridge sends the refund on to the origin chain.
	fn on_failure(_deal: &DealId, _task: &TaskId, _target: CallbackTarget) {}

	/// The most one `on_result` or `on_failure` costs (benchmarked by its
	/// implementation). PoCo declares it for every task a call may finalize
	/// or claim, and refunds it for each task whose deal has no callback
	/// target (the hook was not called).
	fn weight() -> Weight {
		Weight::zero()
	}
}

/// No receiver: results stay on chain only.
impl ResultCallback for () {
	fn on_result(_deal: &DealId, _task: &TaskId, _target: CallbackTarget, _data: &[u8]) {}
}
