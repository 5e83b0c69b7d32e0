//! What a worker sends in a block: every step of every task in progress as
//! one item of `work_batch` (`pallet_ect_poco`), at most `MaxBatch` items an
//! extrinsic, so that a step costs one transaction, not one per task. Each
//! item succeeds or fails on its own; the chain reports a failed item by
//! its index (`BatchItemFailed`), which settles that item's task only.

use ect_client::{
	runtime::{Runtime, RuntimeEvent},
	DispatchFailure, Error as ClientError, Sender, TxStage,
};
use pallet_ect_poco::{BatchKind, WorkItemOf};
use polkadot_sdk::{frame_support::BoundedVec, sp_core::H256};

use super::state::Stage;

/// The most items of one `work_batch` (the runtime's `MaxBatch`).
pub fn max_items() -> usize {
	use polkadot_sdk::frame_support::traits::Get;
	<<Runtime as pallet_ect_poco::Config>::MaxBatch as Get<u32>>::get() as usize
}

/// One step of one task.
#[derive(Clone)]
pub struct Action {
	/// The task.
	pub task: H256,
	/// What to send for it.
	pub item: WorkItemOf<Runtime>,
	/// Its stage once the item succeeds.
	pub done: Stage,
	/// The outcome counted then.
	pub outcome: &'static str,
	/// The chain's error that means it was done already.
	pub already: &'static str,
}

/// What became of an action.
pub struct Settled {
	/// The action.
	pub action: Action,
	/// Its item's result: done, or the chain's refusal.
	pub result: Result<(), ClientError>,
	/// Whether its item certified the task (a folded finalize).
	pub certified: bool,
}

/// Sends `actions` in `work_batch` extrinsics of at most [`max_items`]
/// items, all at once, each waited for in a block; returns each action with
/// its item's result. A transport failure (nothing known of the batch) is
/// the error.
pub async fn send(sender: &Sender, actions: Vec<Action>) -> Result<Vec<Settled>, ClientError> {
	let chunks: Vec<Vec<Action>> = actions.chunks(max_items()).map(<[Action]>::to_vec).collect();
	let sent = futures::future::join_all(chunks.into_iter().map(|chunk| async move {
		let items = BoundedVec::truncate_from(chunk.iter().map(|a| a.item.clone()).collect());
		let included = sender.send(pallet_ect_poco::Call::<Runtime>::work_batch { items }, TxStage::InBlock).await;
		(chunk, included)
	}))
	.await;
	let mut settled = Vec::new();
	for (chunk, included) in sent {
		settled.extend(settle(chunk, &included?.events)?);
	}
	Ok(settled)
}

/// The actions of one `work_batch`, each with its item's result, from the
/// events of that extrinsic (`events`); the extrinsic's own failure (none
/// of its items ran) is the error.
pub fn settle(chunk: Vec<Action>, events: &[RuntimeEvent]) -> Result<Vec<Settled>, ClientError> {
	if let Some(failure) = events.iter().find_map(|event| match event {
		RuntimeEvent::System(polkadot_sdk::frame_system::Event::ExtrinsicFailed { dispatch_error, .. }) =>
			Some(DispatchFailure::new(dispatch_error)),
		_ => None,
	}) {
		return Err(ClientError::Dispatch(failure));
	}
	Ok(chunk
		.into_iter()
		.enumerate()
		.map(|(index, action)| {
			let result = match failure_of(events, index) {
				Some(failure) => Err(ClientError::Dispatch(failure)),
				None => Ok(()),
			};
			let certified = result.is_ok() && finalized(events, &action.task);
			Settled { action, result, certified }
		})
		.collect())
}

/// The refusal of item `index` of the batch whose events are `events`.
fn failure_of(events: &[RuntimeEvent], index: usize) -> Option<DispatchFailure> {
	events.iter().find_map(|event| match event {
		RuntimeEvent::Poco(pallet_ect_poco::Event::BatchItemFailed { kind: BatchKind::Work, index: i, error })
			if *i as usize == index =>
			Some(DispatchFailure::new(error)),
		_ => None,
	})
}

/// Whether `events` finalize `task`.
fn finalized(events: &[RuntimeEvent], task: &H256) -> bool {
	events
		.iter()
		.any(|e| matches!(e, RuntimeEvent::Poco(pallet_ect_poco::Event::TaskFinalized { task: t, .. }) if t == task))
}

#[cfg(test)]
mod tests {
	use super::*;
	use polkadot_sdk::{frame_system::{self, DispatchEventInfo}, sp_runtime::DispatchError};

	fn action(task: u8) -> Action {
		let task = H256::repeat_byte(task);
		Action {
			task,
			item: WorkItemOf::<Runtime>::Reveal { task, digest: H256::zero() },
			done: Stage::Revealed,
			outcome: "revealed",
			already: "AlreadyRevealed",
		}
	}

	#[test]
	fn each_item_is_settled_by_its_index_and_a_failed_extrinsic_settles_none() {
		let finalized = RuntimeEvent::Poco(pallet_ect_poco::Event::TaskFinalized {
			task: H256::repeat_byte(1),
			digest: H256::zero(),
			winners: 1,
			losers: 0,
		});
		let failed = RuntimeEvent::Poco(pallet_ect_poco::Event::BatchItemFailed {
			kind: BatchKind::Work,
			index: 1,
			error: DispatchError::Other("no"),
		});
		let settled = settle(vec![action(1), action(2), action(3)], &[finalized, failed]).unwrap();
		assert_eq!(settled.iter().map(|s| s.result.is_ok()).collect::<Vec<_>>(), [true, false, true]);
		assert_eq!(settled.iter().map(|s| s.certified).collect::<Vec<_>>(), [true, false, false]);

		let whole = RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
			dispatch_error: DispatchError::BadOrigin,
			dispatch_info: DispatchEventInfo::default(),
		});
		assert!(matches!(settle(vec![action(1)], &[whole]), Err(ClientError::Dispatch(_))));
	}
}
