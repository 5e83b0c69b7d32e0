//! The inbox keeps each requester's last certified result, and only
//! bounded ones.

use crate::{mock::*, Delivered, Event, LastResult};
use polkadot_sdk::{frame_support::weights::Weight, sp_core::H256};

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Inbox(event) => Some(event),
			_ => None,
		})
		.collect()
}

#[test]
fn a_result_becomes_its_requesters_last_and_the_next_replaces_it() {
	run(|| {
		let (deal, first, second) = (H256::repeat_byte(1), H256::repeat_byte(2), H256::repeat_byte(3));
		Inbox::receive(&7, deal, first, b"42");
		let kept = LastResult::<Test>::get(7).unwrap();
		assert_eq!((kept.deal, kept.task, kept.data.to_vec(), kept.block), (deal, first, b"42".to_vec(), 1));
		System::set_block_number(2);
		Inbox::receive(&7, deal, second, b"43");
		assert_eq!(LastResult::<Test>::get(7).map(|d: Delivered<Test>| (d.task, d.block)), Some((second, 2)));
		// Another requester's results are its own.
		assert!(LastResult::<Test>::get(8).is_none());
		assert_eq!(
			events(),
			vec![
				Event::ResultReceived { requester: 7, deal, task: first, kept: true },
				Event::ResultReceived { requester: 7, deal, task: second, kept: true },
			]
		);
	});
}

#[test]
fn a_result_longer_than_the_bound_is_told_but_not_kept() {
	run(|| {
		let (deal, task) = (H256::repeat_byte(1), H256::repeat_byte(2));
		Inbox::receive(&7, deal, task, b"12345678");
		Inbox::receive(&7, deal, H256::repeat_byte(3), b"123456789");
		assert_eq!(LastResult::<Test>::get(7).map(|d| d.task), Some(task), "the earlier result stays");
		assert_eq!(events().last(), Some(&Event::ResultReceived { requester: 7, deal, task: H256::repeat_byte(3), kept: false }));
		assert!(Inbox::receive_weight().all_gt(Weight::zero()));
	});
}
