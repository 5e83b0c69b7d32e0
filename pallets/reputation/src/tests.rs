//! Every trait function and its events, the examples of `protocol.md` §6–§7,
//! task records and ratios, genesis, the runtime API helpers, the invariant
//! checker, and a property test of random reward/punish sequences against a
//! model built from the poco-math formulas.

use crate::{mock::*, AppRecords, Event, PoolRecords, Record, Score, Scores, WorkerReputation};
use ect_poco_math::{
	reputation::{loser_score, winner_score},
	weight::worker_weight,
};
use ect_primitives::PoolReputation;
use polkadot_sdk::{frame_support::traits::BuildGenesisConfig, sp_runtime::Permill};
use proptest::prelude::*;
use std::collections::BTreeMap;

type R = crate::Pallet<Test>;

// ---------------------------------------------------------------------------
// Helpers.

/// The reputation events emitted so far, oldest first.
fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Reputation(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// A record of `completed` and `failed` tasks.
fn record(completed: u32, failed: u32) -> Record {
	Record { completed, failed }
}

// ---------------------------------------------------------------------------
// Scores and weights.

#[test]
fn a_new_worker_has_score_zero_and_weight_two() {
	run(|| {
		assert_eq!(R::score(&1), 0);
		assert_eq!(R::weight(&1), 2);
		assert!(!Scores::<Test>::contains_key(1));
		assert!(events().is_empty());
	});
}

#[test]
fn a_worker_of_score_100_weighs_32() {
	run_with(vec![(1, 100)], || {
		assert_eq!(R::score(&1), 100);
		assert_eq!(R::weight(&1), 32);
	});
}

#[test]
fn weight_follows_worker_weight_of_the_score() {
	run_with(vec![(1, 11), (2, 12), (3, 300), (4, Score::MAX)], || {
		assert_eq!(R::weight(&1), 2);
		assert_eq!(R::weight(&2), 3);
		assert_eq!(R::weight(&3), 99);
		assert_eq!(R::weight(&4), worker_weight(Score::MAX));
	});
}

// ---------------------------------------------------------------------------
// Winners.

#[test]
fn a_winner_with_company_gains_one_point() {
	run(|| {
		R::reward(&1, 2);
		assert_eq!(R::score(&1), 1);
		assert_eq!(Scores::<Test>::get(1), 1);
		assert_eq!(events(), vec![Event::ScoreChanged { worker: 1, from: 0, to: 1 }]);
		R::reward(&1, 32);
		assert_eq!(R::score(&1), 2);
		assert_eq!(events().last(), Some(&Event::ScoreChanged { worker: 1, from: 1, to: 2 }));
	});
}

#[test]
fn a_winner_of_a_single_contributor_task_keeps_its_score() {
	run_with(vec![(1, 10)], || {
		R::reward(&1, 1);
		assert_eq!(R::score(&1), 10);
		// A task with no contribution cannot have a winner, but it gains nothing either.
		R::reward(&1, 0);
		assert_eq!(R::score(&1), 10);
		// A new worker alone gains nothing and gets no entry.
		R::reward(&2, 1);
		assert_eq!(R::score(&2), 0);
		assert!(!Scores::<Test>::contains_key(2));
		assert!(events().is_empty(), "no event when the score does not change");
	});
}

#[test]
fn a_winner_at_the_maximum_score_stays_there() {
	run_with(vec![(1, Score::MAX)], || {
		R::reward(&1, 5);
		assert_eq!(R::score(&1), Score::MAX);
		assert!(events().is_empty());
	});
}

// ---------------------------------------------------------------------------
// Losers.

#[test]
fn a_loser_of_score_100_drops_to_66() {
	run_with(vec![(1, 100)], || {
		R::punish(&1);
		assert_eq!(R::score(&1), 66);
		assert_eq!(R::weight(&1), 21);
		assert_eq!(events(), vec![Event::ScoreChanged { worker: 1, from: 100, to: 66 }]);
	});
}

#[test]
fn a_loser_of_score_1_drops_to_0_and_its_entry_is_removed() {
	run_with(vec![(1, 1)], || {
		assert!(Scores::<Test>::contains_key(1));
		R::punish(&1);
		assert_eq!(R::score(&1), 0);
		assert!(!Scores::<Test>::contains_key(1));
		assert_eq!(events(), vec![Event::ScoreChanged { worker: 1, from: 1, to: 0 }]);
	});
}

#[test]
fn a_new_loser_stays_at_zero_without_an_entry_or_an_event() {
	run(|| {
		R::punish(&1);
		assert_eq!(R::score(&1), 0);
		assert!(!Scores::<Test>::contains_key(1));
		assert!(events().is_empty());
	});
}

#[test]
fn repeated_losses_bring_any_score_down_to_zero() {
	run_with(vec![(1, 300)], || {
		let mut expected = 300;
		while expected > 0 {
			R::punish(&1);
			expected = loser_score(expected);
			assert_eq!(R::score(&1), expected);
		}
		assert!(Scores::<Test>::iter().next().is_none());
	});
}

// ---------------------------------------------------------------------------
// Portability.

#[test]
fn scores_belong_to_the_worker_not_to_the_pool() {
	run(|| {
		// Worker 1 wins two tasks of pool 0, then works for pool 7.
		R::reward(&1, 3);
		R::record_task(0, 10, true);
		R::reward(&1, 3);
		R::record_task(0, 10, true);
		R::record_task(7, 10, false);
		assert_eq!(R::score(&1), 2);
		// The only score entry is the worker's; pool records hold no score.
		assert_eq!(Scores::<Test>::iter().collect::<Vec<_>>(), vec![(1, 2)]);
		// Recording tasks (completed or failed) never touches a score.
		R::record_task(7, 11, false);
		assert_eq!(R::score(&1), 2);
		assert_eq!(R::weight(&1), worker_weight(2));
	});
}

#[test]
fn workers_scores_are_independent() {
	run(|| {
		R::reward(&1, 2);
		R::reward(&1, 2);
		R::reward(&2, 2);
		R::punish(&1);
		assert_eq!(R::score(&1), 1);
		assert_eq!(R::score(&2), 1);
		assert_eq!(R::score(&3), 0);
	});
}

// ---------------------------------------------------------------------------
// Task records.

#[test]
fn record_completed_counts_many_tasks_at_once_as_record_task_would() {
	run(|| {
		R::record_completed(1, 20, 3);
		R::record_completed(1, 20, 0);
		R::record_task(1, 20, false);
		assert_eq!(PoolRecords::<Test>::get(1), record(3, 1));
		assert_eq!(AppRecords::<Test>::get(20), record(3, 1));
		assert_eq!(
			events(),
			vec![
				Event::TasksCompleted { workerpool: 1, app: 20, count: 3 },
				Event::TaskRecorded { workerpool: 1, app: 20, completed: false },
			]
		);
	});
}

#[test]
fn record_task_counts_for_the_pool_and_the_app_and_emits_an_event() {
	run(|| {
		R::record_task(1, 20, true);
		R::record_task(1, 21, false);
		R::record_task(2, 20, true);
		assert_eq!(PoolRecords::<Test>::get(1), record(1, 1));
		assert_eq!(PoolRecords::<Test>::get(2), record(1, 0));
		assert_eq!(PoolRecords::<Test>::get(3), record(0, 0));
		assert_eq!(AppRecords::<Test>::get(20), record(2, 0));
		assert_eq!(AppRecords::<Test>::get(21), record(0, 1));
		assert_eq!(
			events(),
			vec![
				Event::TaskRecorded { workerpool: 1, app: 20, completed: true },
				Event::TaskRecorded { workerpool: 1, app: 21, completed: false },
				Event::TaskRecorded { workerpool: 2, app: 20, completed: true },
			]
		);
	});
}

#[test]
fn success_ratio_is_zero_without_tasks() {
	assert_eq!(Record::default().success_ratio(), Permill::zero());
}

#[test]
fn success_ratio_of_three_completed_and_one_failed_is_75_percent() {
	assert_eq!(record(3, 1).success_ratio(), Permill::from_percent(75));
	assert_eq!(record(1, 0).success_ratio(), Permill::one());
	assert_eq!(record(0, 5).success_ratio(), Permill::zero());
	// Rounded down.
	assert_eq!(record(1, 2).success_ratio(), Permill::from_parts(333_333));
	// No overflow at the counters' maximum.
	assert_eq!(record(u32::MAX, u32::MAX).success_ratio(), Permill::from_percent(50));
}

#[test]
fn record_counters_saturate() {
	let full = record(u32::MAX, u32::MAX);
	assert_eq!(full.with_task(true), full);
	assert_eq!(full.with_task(false), full);
	assert_eq!(Record::default().with_task(true), record(1, 0));
	assert_eq!(Record::default().with_task(false), record(0, 1));
}

#[test]
fn pool_reputation_is_the_pools_success_ratio() {
	run(|| {
		assert_eq!(<R as PoolReputation>::reputation(1), Permill::zero());
		for completed in [true, true, false, true] {
			R::record_task(1, 0, completed);
		}
		assert_eq!(<R as PoolReputation>::reputation(1), Permill::from_percent(75));
		assert_eq!(<R as PoolReputation>::reputation(2), Permill::zero());
		assert_eq!(R::app_reputation(0), Permill::from_percent(75));
		assert_eq!(R::app_reputation(1), Permill::zero());
	});
}

// ---------------------------------------------------------------------------
// Genesis, runtime API, invariants, the unit implementation.

#[test]
fn genesis_sets_scores_and_skips_zeros() {
	run_with(vec![(1, 100), (2, 0), (3, 5), (3, 7)], || {
		assert_eq!(R::score(&1), 100);
		assert_eq!(R::score(&2), 0);
		assert!(!Scores::<Test>::contains_key(2));
		assert_eq!(R::score(&3), 7, "a worker listed twice gets its last score");
		assert_eq!(Scores::<Test>::iter().count(), 2);
	});
}

#[test]
fn genesis_build_with_a_zero_score_removes_an_existing_entry() {
	run_with(vec![(1, 9)], || {
		crate::GenesisConfig::<Test> { scores: vec![(1, 0), (2, 4)] }.build();
		assert!(!Scores::<Test>::contains_key(1));
		assert_eq!(R::score(&2), 4);
	});
}

#[test]
fn runtime_api_helpers_read_the_storage() {
	run_with(vec![(1, 100)], || {
		R::record_task(4, 8, true);
		R::record_task(4, 9, false);
		assert_eq!(R::api_score(&1), 100);
		assert_eq!(R::api_weight(&1), 32);
		assert_eq!(R::api_score(&2), 0);
		assert_eq!(R::api_weight(&2), 2);
		assert_eq!(R::api_weights(vec![2, 1, 2]), vec![2, 32, 2]);
		let max = crate::runtime_api::MAX_WEIGHTS_PER_READ as usize;
		assert_eq!(R::api_weights(vec![1; max + 1]).len(), max);
		assert_eq!(R::api_workerpool_record(4), record(1, 1));
		assert_eq!(R::api_workerpool_record(5), Record::default());
		assert_eq!(R::api_app_record(8), record(1, 0));
		assert_eq!(R::api_app_record(9), record(0, 1));
	});
}

#[test]
fn try_state_rejects_a_stored_zero_score() {
	run(|| {
		Scores::<Test>::insert(1, 0);
		assert!(R::do_try_state().is_err());
		Scores::<Test>::insert(1, 1);
		assert!(R::do_try_state().is_ok());
	});
}

#[test]
fn the_unit_implementation_is_a_new_worker_forever() {
	run(|| {
		<() as WorkerReputation<AccountId>>::reward(&1, 5);
		<() as WorkerReputation<AccountId>>::punish(&1);
		<() as WorkerReputation<AccountId>>::record_task(1, 1, true);
		assert_eq!(<() as WorkerReputation<AccountId>>::score(&1), 0);
		assert_eq!(<() as WorkerReputation<AccountId>>::weight(&1), 2);
		assert!(Scores::<Test>::iter().next().is_none());
		assert!(PoolRecords::<Test>::iter().next().is_none());
		assert!(events().is_empty());
	});
}

// ---------------------------------------------------------------------------
// Property: random reward/punish sequences against the poco-math model.

/// One reputation update.
#[derive(Clone, Debug)]
enum Op {
	/// `reward(worker, contributors)`.
	Reward(AccountId, u32),
	/// `punish(worker)`.
	Punish(AccountId),
}

/// An update of one of four workers; rewards with 0 to 4 contributors.
fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		3 => (1u64..=4, 0u32..5).prop_map(|(w, n)| Op::Reward(w, n)),
		1 => (1u64..=4).prop_map(Op::Punish),
	]
}

proptest! {
	#[test]
	fn scores_follow_the_poco_math_model(
		initial in proptest::collection::vec((1u64..=4, 0u32..400), 0..4),
		ops in proptest::collection::vec(op(), 0..80),
	) {
		run_with(initial.clone(), || {
			let mut model: BTreeMap<AccountId, Score> = BTreeMap::new();
			for (worker, score) in &initial {
				model.insert(*worker, *score);
			}
			for op in &ops {
				System::reset_events();
				let (worker, before) = match op {
					Op::Reward(w, n) => {
						let before = R::score(w);
						R::reward(w, *n);
						model.insert(*w, winner_score(before, *n));
						(*w, before)
					}
					Op::Punish(w) => {
						let before = R::score(w);
						R::punish(w);
						model.insert(*w, loser_score(before));
						(*w, before)
					}
				};
				let after = R::score(&worker);
				if let Op::Reward(..) = op {
					assert!(after >= before && after - before <= 1, "a reward adds at most one point");
				} else {
					assert!(after <= before, "a punishment never raises a score");
				}
				// An event exactly when the score changed.
				let expected = if after == before {
					vec![]
				} else {
					vec![Event::ScoreChanged { worker, from: before, to: after }]
				};
				assert_eq!(events(), expected);
				// The whole storage matches the model, zeros excluded.
				let stored: BTreeMap<AccountId, Score> = Scores::<Test>::iter().collect();
				let modelled: BTreeMap<AccountId, Score> =
					model.iter().filter(|(_, s)| **s != 0).map(|(w, s)| (*w, *s)).collect();
				assert_eq!(stored, modelled);
				for w in 1..=4 {
					assert_eq!(R::weight(&w), worker_weight(model.get(&w).copied().unwrap_or(0)));
				}
			}
		});
	}
}
