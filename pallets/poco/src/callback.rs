//! The hook through which a finalized task's callback bytes reach their
//! target (`protocol.md` §9): another pallet, or the bridge to Ethereum.

use pallet_ect_marketplace::{CallbackTarget, DealId, TaskId};

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
}

/// No receiver: results stay on chain only.
impl ResultCallback for () {
	fn on_result(_deal: &DealId, _task: &TaskId, _target: CallbackTarget, _data: &[u8]) {}
}
