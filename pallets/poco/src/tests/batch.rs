//! Batch calls: each item succeeds or fails on its own, reported in events.

use super::*;
use crate::{BatchKind, Error, Event, TaskStatus, Tasks};
use ect_primitives::task_id;
use polkadot_sdk::{frame_support::assert_ok, sp_runtime::DispatchError};

fn failed(kind: BatchKind, index: u32, error: Error<Test>) -> Event<Test> {
	Event::BatchItemFailed { kind, index, error: DispatchError::from(error) }
}

#[test]
fn a_whole_deal_in_five_batch_calls_with_failing_items_reported() {
	run(|| {
		let issuance = total_issuance();
		let deal = make_deal(DealSpec { trust: 1, volume: 3, ..Default::default() });
		let tasks: Vec<H256> = (0..3).map(|i| task_id(&deal, i)).collect();
		let scheduler = || RuntimeOrigin::signed(account("scheduler"));

		assert_ok!(Poco::initialize_batch(scheduler(), bounded_items(vec![(deal, 0), (deal, 9), (deal, 1), (deal, 2)])));
		assert!(events().contains(&failed(BatchKind::Initialize, 1, Error::TaskIndexOutOfRange)));
		assert!(events().contains(&Event::BatchCompleted { kind: BatchKind::Initialize, succeeded: 3, failed: 1 }));

		// w1 contributes to tasks 0 and 1; its duplicate for task 0 fails alone.
		let items = vec![contribution("w1", &tasks[0], digest(1)), contribution("w1", &tasks[0], digest(1)), contribution("w1", &tasks[1], digest(2))];
		assert_ok!(Poco::contribute_batch(RuntimeOrigin::signed(account("w1")), bounded_items(items)));
		assert!(events().contains(&failed(BatchKind::Contribute, 1, Error::TaskNotActive)));
		assert!(events().contains(&Event::BatchCompleted { kind: BatchKind::Contribute, succeeded: 2, failed: 1 }));

		let reveals = vec![(tasks[0], digest(1)), (tasks[1], digest(9)), (tasks[1], digest(2))];
		assert_ok!(Poco::reveal_batch(RuntimeOrigin::signed(account("w1")), bounded_items(reveals)));
		assert!(events().contains(&failed(BatchKind::Reveal, 1, Error::BadDigest)));

		let finals = vec![
			(tasks[0], bounded(b"r0"), bounded(b"")),
			(tasks[2], bounded(b"r2"), bounded(b"")),
			(tasks[1], bounded(b"r1"), bounded(b"")),
		];
		assert_ok!(Poco::finalize_batch(scheduler(), bounded_items(finals)));
		assert!(events().contains(&failed(BatchKind::Finalize, 1, Error::TaskNotRevealing)));
		assert_eq!(Tasks::<Test>::get(tasks[0]).unwrap().status, TaskStatus::Completed);
		assert_eq!(Tasks::<Test>::get(tasks[1]).unwrap().status, TaskStatus::Completed);

		set_time(START_MS + 10 * T_MS);
		assert_ok!(Poco::claim_batch(RuntimeOrigin::signed(account("requester")), bounded_items(vec![(deal, 0), (deal, 2)])));
		assert!(events().contains(&failed(BatchKind::Claim, 0, Error::TaskFinished)));
		assert!(events().contains(&Event::BatchCompleted { kind: BatchKind::Claim, succeeded: 1, failed: 1 }));
		assert_eq!(Tasks::<Test>::get(tasks[2]).unwrap().status, TaskStatus::Failed);
		assert_eq!(total_issuance(), issuance);
	});
}

fn bounded_items<I: std::fmt::Debug>(items: Vec<I>) -> polkadot_sdk::frame_support::BoundedVec<I, polkadot_sdk::frame_support::traits::ConstU32<8>> {
	items.try_into().unwrap()
}
