//! Governance changes the set, within its bounds and only with registered
//! keys; the session pallet sees a change once, at the next planning; and
//! sessions end at each multiple of their length.

use crate::{mock::*, Error, Event, SessionLength, SetChanged, Validators};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::EstimateNextSessionRotation},
	pallet_session::{SessionManager, ShouldEndSession},
	sp_runtime::{DispatchError, Permill},
};

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::ValidatorSet(event) => Some(event),
			_ => None,
		})
		.collect()
}

fn set() -> Vec<AccountId> {
	Validators::<Test>::get().into_inner()
}

#[test]
fn the_genesis_set_is_sorted_and_deduplicated_and_is_the_first_sessions() {
	new_test_ext().execute_with(|| {
		assert_eq!(set(), vec![1, 2, 3]);
		assert_eq!(SessionLength::<Test>::get(), SESSION);
		assert_eq!(<ValidatorSet as SessionManager<_>>::new_session_genesis(0), Some(vec![1, 2, 3]));
		assert_eq!(<ValidatorSet as SessionManager<_>>::new_session_genesis(1), Some(vec![1, 2, 3]));
		assert!(!SetChanged::<Test>::get());
	});
}

#[test]
fn governance_adds_a_registered_account_which_the_next_planning_returns() {
	new_test_ext().execute_with(|| {
		// Nothing changed: the session pallet keeps its set.
		assert_eq!(<ValidatorSet as SessionManager<_>>::new_session(2), None);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 0));
		assert_eq!(set(), vec![0, 1, 2, 3], "kept sorted");
		assert!(SetChanged::<Test>::get());
		assert_eq!(<ValidatorSet as SessionManager<_>>::new_session(3), Some(vec![0, 1, 2, 3]));
		// Told once.
		assert_eq!(<ValidatorSet as SessionManager<_>>::new_session(4), None);
		assert_eq!(events(), vec![Event::ValidatorAdded { who: 0 }, Event::SetPlanned { session: 3, count: 4 }]);
	});
}

#[test]
fn adding_is_refused_to_others_than_governance_without_keys_twice_and_past_the_bound() {
	new_test_ext().execute_with(|| {
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::signed(1), 4), DispatchError::BadOrigin);
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::root(), UNREGISTERED), Error::<Test>::NoSessionKeys);
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::root(), 2), Error::<Test>::AlreadyValidator);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::root(), 5), Error::<Test>::TooManyValidators);
		assert_eq!(set(), vec![1, 2, 3, 4]);
	});
}

#[test]
fn governance_removes_a_validator_down_to_the_minimum() {
	new_test_ext().execute_with(|| {
		assert_noop!(ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 1), DispatchError::BadOrigin);
		assert_noop!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 9), Error::<Test>::NotValidator);
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));
		assert_eq!(set(), vec![1, 3]);
		assert_noop!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1), Error::<Test>::TooFewValidators);
		assert_eq!(<ValidatorSet as SessionManager<_>>::new_session(2), Some(vec![1, 3]));
		assert_eq!(events(), vec![Event::ValidatorRemoved { who: 2 }, Event::SetPlanned { session: 2, count: 2 }]);
	});
}

#[test]
fn a_session_ends_at_each_multiple_of_its_length_and_the_estimates_agree() {
	new_test_ext().execute_with(|| {
		let ends: Vec<u64> = (1..=12).filter(|n| <ValidatorSet as ShouldEndSession<u64>>::should_end_session(*n)).collect();
		assert_eq!(ends, vec![5, 10]);
		assert_eq!(<ValidatorSet as EstimateNextSessionRotation<u64>>::average_session_length(), SESSION);
		let next = |n| <ValidatorSet as EstimateNextSessionRotation<u64>>::estimate_next_session_rotation(n).0;
		assert_eq!((next(1), next(4), next(5), next(6)), (Some(5), Some(5), Some(10), Some(10)));
		let progress = |n| <ValidatorSet as EstimateNextSessionRotation<u64>>::estimate_current_session_progress(n).0;
		assert_eq!(progress(5), Some(Permill::from_percent(20)), "the first block of a session");
		assert_eq!(progress(9), Some(Permill::from_percent(100)), "the last block of a session");
	});
}

#[test]
fn a_zero_length_counts_as_one_block() {
	new_test_ext().execute_with(|| {
		SessionLength::<Test>::put(0);
		assert!(<ValidatorSet as ShouldEndSession<u64>>::should_end_session(7));
		assert_eq!(<ValidatorSet as EstimateNextSessionRotation<u64>>::estimate_next_session_rotation(7).0, Some(8));
	});
}

#[test]
fn governance_notes_a_stall_for_the_finality_gadget() {
	new_test_ext().execute_with(|| {
		System::set_block_number(3);
		assert_noop!(ValidatorSet::note_stalled(RuntimeOrigin::signed(1), 5, 3), DispatchError::BadOrigin);
		assert_noop!(
			ValidatorSet::note_stalled(RuntimeOrigin::root(), SESSION + 1, 3),
			Error::<Test>::StallDelayTooLong
		);
		assert_noop!(ValidatorSet::note_stalled(RuntimeOrigin::root(), 5, 4), Error::<Test>::MedianInFuture);
		assert_ok!(ValidatorSet::note_stalled(RuntimeOrigin::root(), SESSION, 3));
		assert_eq!(stalls(), vec![(SESSION, 3)]);
		assert_eq!(events(), vec![Event::StallNoted { delay: SESSION, median: 3 }]);
	});
}
