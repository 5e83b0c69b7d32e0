//! A [`ResultCallback`] that records what it is given.

use ect_primitives::{CallbackTarget, DealId, ResultCallback, TaskId};
use polkadot_sdk::frame_support::weights::Weight;
use std::cell::RefCell;

std::thread_local! {
	/// The results delivered: (task, target, data).
	static CALLBACKS: RefCell<Vec<(TaskId, CallbackTarget, Vec<u8>)>> = const { RefCell::new(Vec::new()) };
}

/// What [`RecordCallbacks`] declares one delivery costs.
pub const CALLBACK_WEIGHT: Weight = Weight::from_parts(7_000_000, 1_000);

/// Records every result delivered to it, in order; failures are not recorded.
pub struct RecordCallbacks;

impl ResultCallback for RecordCallbacks {
	fn on_result(_deal: &DealId, task: &TaskId, target: CallbackTarget, data: &[u8]) {
		CALLBACKS.with(|c| c.borrow_mut().push((*task, target, data.to_vec())));
	}

	fn weight() -> Weight {
		CALLBACK_WEIGHT
	}
}

/// The results delivered so far in this thread.
pub fn callbacks() -> Vec<(TaskId, CallbackTarget, Vec<u8>)> {
	CALLBACKS.with(|c| c.borrow().clone())
}

/// Forgets the results delivered so far (a new test's externalities).
pub fn clear_callbacks() {
	CALLBACKS.with(|c| c.borrow_mut().clear());
}
