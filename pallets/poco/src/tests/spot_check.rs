//! Spot checks (`protocol.md` §7, `crate::spot_check`): a trusted worker's
//! lone consensus is checked at its pool's rate, drawn from the hash of the
//! block that holds its contribution; a checked task is certified only by a
//! group of two or more, and a cheater who loses is punished.

use super::*;
use codec::Encode;
use crate::{spot_check::is_checked, Error, Event, SpotCheck, SpotCheckRates, TaskStatus, Tasks};
use ect_primitives::{task_id, LockReason, TaskId, WorkerReputation};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	frame_system,
	sp_io::hashing::blake2_256,
};

/// A trusted worker: score 15, weight 4, enough to close a trust 4 task alone.
const TRUSTED_SCORE: u32 = 15;
const TRUST: u32 = 4;
/// The honest digest, and the cheater's.
const HONEST: u8 = 7;
const WRONG: u8 = 6;

fn set_rate(per_million: u32) {
	assert_ok!(Poco::set_spot_check_rate(RuntimeOrigin::signed(account("scheduler")), 0, per_million));
}

/// Ends the current block with hash `hash` and starts the next one.
fn next_block(hash: H256) {
	let n = System::block_number();
	frame_system::BlockHash::<Test>::insert(n, hash);
	System::set_block_number(n + 1);
}

/// A block hash under which `task` is checked at `per_million` (or not).
fn hash_where(task: &TaskId, per_million: u32, checked: bool) -> H256 {
	(0u32..)
		.map(|i| H256(blake2_256(&i.to_le_bytes())))
		.find(|hash| is_checked(hash.as_bytes(), task, per_million) == checked)
		.expect("some hash draws either way")
}

fn task_record(task: &TaskId) -> crate::TaskOf<Test> {
	Tasks::<Test>::get(task).expect("the task exists")
}

fn score(worker: &str) -> u32 {
	<Reputation as WorkerReputation<AccountId>>::score(&account(worker))
}

/// What `worker` owns, free or staked.
fn owned(worker: &str) -> Balance {
	free(worker) + held(LockReason::WorkerStake, worker)
}

fn finalize(task: &TaskId) {
	assert_ok!(Poco::finalize(RuntimeOrigin::signed(account("scheduler")), *task, bounded(b"https://s/r"), bounded(b"")));
}

/// A trust 4 task to which trusted `w1` contributed `digest` alone, in a
/// pool checking `per_million`; the draw's block is not over yet.
fn lone_consensus(per_million: u32, digest_byte: u8) -> TaskId {
	set_rate(per_million);
	Reputation::set_score(&account("w1"), TRUSTED_SCORE);
	let (_, task) = initialized_task(DealSpec { trust: TRUST, ..Default::default() });
	contribute("w1", &task, digest(digest_byte));
	let record = task_record(&task);
	assert_eq!(record.status, TaskStatus::Revealing, "w1's weight alone meets the trust");
	assert_eq!(record.check, SpotCheck::Drawn { block: System::block_number() as u32, per_million });
	task
}

#[test]
fn a_trusted_cheater_drawn_for_a_check_is_caught_punished_and_nothing_wrong_is_certified() {
	run(|| {
		let task = lone_consensus(1_000_000, WRONG);
		let before = owned("w1");
		// Nobody knows the draw in the contribution's block: no reveal yet.
		let as_w1 = RuntimeOrigin::signed(account("w1"));
		assert_noop!(Poco::reveal(as_w1.clone(), task, digest(WRONG)), Error::<Test>::SpotCheckDrawPending);
		next_block(H256::repeat_byte(1));
		// Checked: the cheater's digest stays secret.
		assert_noop!(Poco::reveal(as_w1.clone(), task, digest(WRONG)), Error::<Test>::SpotChecked);

		// The checker's contribution reopens the task; a disagreeing check
		// certifies nothing on one contribution, and honest replicas decide
		// under the usual rule with the cheater's weight counted.
		contribute("w2", &task, digest(HONEST));
		assert!(events().contains(&Event::SpotChecked { task }));
		let record = task_record(&task);
		assert_eq!((record.status, record.check, record.consensus), (TaskStatus::Active, SpotCheck::Checked, None));
		contribute("w3", &task, digest(HONEST));
		contribute("w4", &task, digest(HONEST));
		assert_eq!(task_record(&task).status, TaskStatus::Active, "2 × 2 × 2 against 4 is not trust 4 yet");
		contribute("w5", &task, digest(HONEST));
		let record = task_record(&task);
		assert_eq!((record.status, record.winners), (TaskStatus::Revealing, 4));
		assert_noop!(Poco::reveal(as_w1, task, digest(WRONG)), Error::<Test>::NotInConsensus);
		for worker in ["w2", "w3", "w4", "w5"] {
			reveal(worker, &task, digest(HONEST));
		}
		finalize(&task);

		assert_eq!(task_record(&task).digest, Some(digest(HONEST)), "the honest result is certified");
		assert!(events().contains(&Event::TaskFinalized { task, digest: digest(HONEST), winners: 4, losers: 1 }));
		assert_eq!(owned("w1"), before - WORKER_STAKE, "the cheater's stake is seized");
		assert_eq!(held(LockReason::WorkerStake, "w1"), 0);
		assert_eq!(score("w1"), TRUSTED_SCORE * 2 / 3, "and its score cut");
	});
}

#[test]
fn a_checker_that_agrees_certifies_the_task_with_the_trusted_worker() {
	run(|| {
		let task = lone_consensus(1_000_000, HONEST);
		next_block(H256::repeat_byte(1));
		contribute("w2", &task, digest(HONEST));
		let record = task_record(&task);
		assert_eq!((record.status, record.winners, record.check), (TaskStatus::Revealing, 2, SpotCheck::Checked));
		reveal("w1", &task, digest(HONEST));
		reveal("w2", &task, digest(HONEST));
		finalize(&task);
		assert!(events().contains(&Event::TaskFinalized { task, digest: digest(HONEST), winners: 2, losers: 0 }));
		assert_eq!(score("w1"), TRUSTED_SCORE + 1, "two contributors: the winners gain a point");
	});
}

#[test]
fn an_unchecked_draw_is_revealed_from_the_next_block_and_takes_no_checker() {
	run(|| {
		let task = lone_consensus(500_000, HONEST);
		assert_noop!(
			Poco::reveal(RuntimeOrigin::signed(account("w1")), task, digest(HONEST)),
			Error::<Test>::SpotCheckDrawPending
		);
		next_block(hash_where(&task, 500_000, false));
		assert_noop!(
			Poco::contribute(RuntimeOrigin::signed(account("w2")), contribution("w2", &task, digest(HONEST))),
			Error::<Test>::TaskNotActive
		);
		reveal("w1", &task, digest(HONEST));
		finalize(&task);
		assert_eq!(task_record(&task).status, TaskStatus::Completed);
	});
}

#[test]
fn a_checked_draw_refuses_other_contributions_until_the_next_block() {
	run(|| {
		let task = lone_consensus(1_000_000, HONEST);
		// In the contribution's own block the draw is unknown: no checker yet.
		assert_noop!(
			Poco::contribute(RuntimeOrigin::signed(account("w2")), contribution("w2", &task, digest(HONEST))),
			Error::<Test>::TaskNotActive
		);
		next_block(hash_where(&task, 1_000_000, true));
		contribute("w2", &task, digest(HONEST));
		assert_eq!(task_record(&task).check, SpotCheck::Checked);
	});
}

#[test]
fn a_pool_that_checks_nothing_draws_nothing() {
	run(|| {
		Reputation::set_score(&account("w1"), TRUSTED_SCORE);
		let (_, task) = initialized_task(DealSpec { trust: TRUST, ..Default::default() });
		contribute("w1", &task, digest(HONEST));
		assert_eq!(task_record(&task).check, SpotCheck::None);
		reveal("w1", &task, digest(HONEST));
		finalize(&task);
	});
}

#[test]
fn contribute_and_finalize_waits_for_the_draw_in_a_pool_that_checks() {
	run(|| {
		set_rate(1);
		let (_, task) = initialized_task(DealSpec { trust: 1, ..Default::default() });
		assert_noop!(
			Poco::contribute_and_finalize(
				RuntimeOrigin::signed(account("w1")),
				contribution("w1", &task, digest(HONEST)),
				digest(HONEST),
				bounded(b"https://s/r"),
				bounded(b""),
			),
			Error::<Test>::SpotCheckDrawPending
		);
	});
}

#[test]
fn reopening_a_lone_consensus_nobody_checked_clears_its_draw() {
	run(|| {
		let task = lone_consensus(1_000_000, WRONG);
		next_block(H256::repeat_byte(1));
		set_time(task_record(&task).reveal_deadline);
		assert_ok!(Poco::reopen(RuntimeOrigin::signed(account("scheduler")), task));
		let record = task_record(&task);
		assert_eq!((record.status, record.check), (TaskStatus::Active, SpotCheck::None));
	});
}

#[test]
fn the_scheduler_sets_its_pools_rate_within_a_million() {
	run(|| {
		assert_eq!(Poco::spot_check_rate(0), 0, "the mock's default");
		set_rate(200_000);
		assert_eq!(SpotCheckRates::<Test>::get(0), Some(200_000));
		assert!(events().contains(&Event::SpotCheckRateSet { pool: 0, per_million: 200_000 }));
		Registry::set_operator(0, Some(account("stranger")));
		assert_ok!(Poco::set_spot_check_rate(RuntimeOrigin::signed(account("stranger")), 0, 1_000_000));
		assert_eq!(Poco::spot_check_rate(0), 1_000_000);
		let as_w1 = RuntimeOrigin::signed(account("w1"));
		assert_noop!(Poco::set_spot_check_rate(as_w1.clone(), 0, 0), Error::<Test>::NotScheduler);
		assert_noop!(Poco::set_spot_check_rate(as_w1, 9, 0), Error::<Test>::UnknownWorkerpool);
		let as_owner = RuntimeOrigin::signed(account("scheduler"));
		assert_noop!(Poco::set_spot_check_rate(as_owner, 0, 1_000_001), Error::<Test>::RateAboveMillion);
	});
}

/// Over 200 tasks of a trusted cheater at a 20% rate, the checks caught it
/// as often as the binomial law says (99% interval of B(200, 0.2): 26 to
/// 54), each time with its stake and score; every checked task certified
/// the honest digest.
#[test]
fn over_200_tasks_at_20_percent_the_cheater_is_caught_within_the_binomial_interval() {
	run(|| {
		const TASKS: u32 = 200;
		const RATE: u32 = 200_000;
		set_rate(RATE);
		let deal = make_deal(DealSpec { trust: TRUST, volume: TASKS, ..Default::default() });
		let mut caught = 0u32;
		for index in 0..TASKS {
			assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, index));
			let task = task_id(&deal, index);
			// Every task starts from the same scores: a trusted cheater,
			// fresh checkers.
			Reputation::set_score(&account("w1"), TRUSTED_SCORE);
			for worker in ["w2", "w3", "w4", "w5"] {
				Reputation::set_score(&account(worker), 0);
			}
			contribute("w1", &task, digest(WRONG));
			next_block(H256(blake2_256(&(b"block", index).encode())));
			match Poco::reveal(RuntimeOrigin::signed(account("w1")), task, digest(WRONG)) {
				Ok(_) => {
					finalize(&task);
					assert_eq!(task_record(&task).digest, Some(digest(WRONG)), "unchecked, the trusted result stands");
				},
				Err(error) => {
					assert_eq!(error, Error::<Test>::SpotChecked.into());
					caught += 1;
					let before = owned("w1");
					for worker in ["w2", "w3", "w4", "w5"] {
						contribute(worker, &task, digest(HONEST));
					}
					for worker in ["w2", "w3", "w4", "w5"] {
						reveal(worker, &task, digest(HONEST));
					}
					finalize(&task);
					assert_eq!(task_record(&task).digest, Some(digest(HONEST)));
					assert_eq!(owned("w1"), before - WORKER_STAKE, "caught: its stake is seized");
					assert_eq!(score("w1"), TRUSTED_SCORE * 2 / 3, "and its score cut");
				},
			}
		}
		assert!((26..=54).contains(&caught), "{caught} of {TASKS} caught at 20%");
	});
}
