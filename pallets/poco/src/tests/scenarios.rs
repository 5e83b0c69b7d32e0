//! The spec's scenarios (`protocol.md` §5–§8), with every payout and score
//! checked to the unit.

use super::*;
use crate::{TaskStatus, Tasks, Usage};
use ect_poco_math::payout::split_pot;
use ect_primitives::{task_id, LockReason, Pot, WorkerReputation};
use polkadot_sdk::frame_support::assert_ok;

fn finalize(task: &H256) {
	assert_ok!(Poco::finalize(RuntimeOrigin::signed(account("scheduler")), *task, bounded(b"ipfs://out"), bounded(b"")));
}

#[test]
fn trust_one_with_one_worker() {
	run(|| {
		let issuance = total_issuance();
		let (_, task) = initialized_task(DealSpec { trust: 1, dataset: true, ..Default::default() });
		let before: Vec<Balance> = FUNDED.iter().map(|n| free(n)).collect();
		contribute("w1", &task, digest(1));
		reveal("w1", &task, digest(1));
		finalize(&task);

		let price = APP_PRICE + DATASET_PRICE + POOL_PRICE;
		// The pot is the pool price (no loser); the worker gets 90%, the scheduler 10%.
		let worker_share = POOL_PRICE * 90 / 100;
		let gained = |name: &str| free(name) as i128 - before[FUNDED.iter().position(|n| *n == name).unwrap()] as i128;
		assert_eq!(gained("app-owner"), APP_PRICE as i128);
		assert_eq!(gained("dataset-owner"), DATASET_PRICE as i128);
		assert_eq!(gained("w1"), worker_share as i128);
		assert_eq!(gained("scheduler"), (SCHEDULER_STAKE + POOL_PRICE - worker_share) as i128);
		assert_eq!(held(LockReason::Payment, "requester"), 0, "the payment of {price} was spent");
		assert_eq!(held(LockReason::WorkerStake, "w1"), 0);
		assert_eq!(held(LockReason::SchedulerStake, "scheduler"), 0);
		// A single contributor keeps its score.
		assert_eq!(score("w1"), 0);
		assert!(events().contains(&crate::Event::TaskFinalized { task, digest: digest(1), winners: 1, losers: 0 }));
		let record = Tasks::<Test>::get(task).unwrap();
		assert_eq!(record.status, TaskStatus::Completed);
		assert_eq!(record.results.to_vec(), b"ipfs://out".to_vec());
		assert_eq!(record.usage, Some(Usage { fuel: 1_000, run_ms: 10 }));
		assert_eq!(Reputation::pool_counts(0).completed, 1);
		assert_eq!(total_issuance(), issuance);
	});
}

#[test]
fn three_agreeing_workers_outvote_a_dissenter_who_loses_stake_and_score() {
	run(|| {
		let issuance = total_issuance();
		// At trust 4: the dissenter (score 12, weight 3) alone does not reach
		// consensus (3 × 4 > 4 × 3 fails); nor do two fresh workers against it
		// (4 × 4 > 8 × 3 fails); a third agreeing worker of score 30 (weight 9)
		// does (36 × 4 > 40 × 3).
		Reputation::set_score(&account("w1"), 12);
		Reputation::set_score(&account("w4"), 30);
		let (_, task) = initialized_task(DealSpec { trust: 4, ..Default::default() });
		let before: Vec<Balance> = FUNDED.iter().map(|n| free(n)).collect();
		let gained = |name: &str| free(name) as i128 - before[FUNDED.iter().position(|n| *n == name).unwrap()] as i128;

		contribute("w1", &task, digest(6));
		contribute("w2", &task, digest(7));
		contribute("w3", &task, digest(7));
		assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Active);
		contribute("w4", &task, digest(7));
		assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Revealing);
		for w in ["w2", "w3", "w4"] {
			reveal(w, &task, digest(7));
		}
		finalize(&task);

		// The pot: pool price plus the dissenter's stake; winners share 90% by
		// floor(log2 w) of weights 2, 2 and 9 (factors 1, 1, 3).
		let pot = POOL_PRICE + WORKER_STAKE;
		let split = split_pot(pot, SCHEDULER_RATIO, &[2, 2, 9]).unwrap();
		assert_eq!(split.winners, vec![234, 234, 702]);
		assert_eq!(gained("w2"), 234);
		assert_eq!(gained("w3"), 234);
		assert_eq!(gained("w4"), 702);
		assert_eq!(gained("w1"), -(WORKER_STAKE as i128), "the dissenter lost its stake");
		assert_eq!(gained("scheduler"), (SCHEDULER_STAKE + split.scheduler) as i128);
		assert_eq!(split.scheduler, pot - 234 - 234 - 702);
		assert_eq!(gained("app-owner"), APP_PRICE as i128);

		assert!(events().contains(&crate::Event::TaskFinalized { task, digest: digest(7), winners: 3, losers: 1 }));
		// Scores: winners +1 (four contributors), the dissenter ×2/3.
		assert_eq!(score("w1"), 8);
		assert_eq!(score("w2"), 1);
		assert_eq!(score("w4"), 31);
		assert_eq!(total_issuance(), issuance);
	});
}

#[test]
fn nobody_reveals_then_reopen_then_new_contributions_finalize() {
	run(|| {
		let issuance = total_issuance();
		let (_, task) = initialized_task(DealSpec { trust: 1, ..Default::default() });
		contribute("w1", &task, digest(1));
		set_time(START_MS + 2 * T_MS);
		assert_ok!(Poco::reopen(RuntimeOrigin::signed(account("scheduler")), task));
		contribute("w2", &task, digest(2));
		reveal("w2", &task, digest(2));
		let (before, winner_before) = (free("w1"), free("w2"));
		finalize(&task);
		// The silent worker is a loser: stake seized into the pot.
		assert_eq!(free("w1"), before);
		assert_eq!(held(LockReason::WorkerStake, "w1"), 0);
		let pot = POOL_PRICE + WORKER_STAKE;
		assert_eq!(held(LockReason::WorkerStake, "w2"), 0);
		assert_eq!(Tasks::<Test>::get(task).unwrap().digest, Some(digest(2)));
		assert_eq!(
			free("w2"),
			winner_before + WORKER_STAKE + pot * 90 / 100,
			"the one winner gets its stake back and 90% of a pot holding the loser's stake"
		);
		assert_eq!(total_issuance(), issuance);
	});
}

#[test]
fn a_claimed_task_refunds_the_requester_and_feeds_the_kitty_which_pays_a_later_finalize() {
	run(|| {
		let issuance = total_issuance();
		let deal = make_deal(DealSpec { trust: 1, volume: 2, dataset: true, ..Default::default() });
		let requester_before = free("requester");
		assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, 0));
		let failed = task_id(&deal, 0);
		contribute("w1", &failed, digest(1));
		let w1_before = free("w1");
		set_time(START_MS + 10 * T_MS);
		assert_ok!(Poco::claim(RuntimeOrigin::signed(account("stranger")), deal, 0));
		let price = APP_PRICE + DATASET_PRICE + POOL_PRICE;
		assert_eq!(free("requester"), requester_before + price, "refunded in full");
		assert!(events().contains(&crate::Event::TaskClaimed { task: failed, refund: price }));
		assert_eq!(free("w1"), w1_before + WORKER_STAKE, "the worker's stake is released");
		assert_eq!(score("w1"), 0, "no score change on claim");
		assert_eq!(pot(Pot::Kitty), SCHEDULER_STAKE, "the scheduler's stake went to the kitty");
		assert_eq!(held(LockReason::SchedulerStake, "scheduler"), SCHEDULER_STAKE, "the other task's stake");
		assert_eq!(Reputation::pool_counts(0).failed, 1);

		// The second task was never initialized: it is claimable too (same deadline).
		let requester_before = free("requester");
		assert_ok!(Poco::claim(RuntimeOrigin::signed(account("requester")), deal, 1));
		assert_eq!(free("requester"), requester_before + price);
		assert_eq!(pot(Pot::Kitty), 2 * SCHEDULER_STAKE);
		assert_eq!(Tasks::<Test>::get(task_id(&deal, 1)).unwrap().status, TaskStatus::Failed);

		// A later deal's finalize pays the scheduler max(10% of the kitty, KittyMin).
		set_time(START_MS + 20 * T_MS);
		let (_, task) = initialized_task(DealSpec { trust: 1, salt: 9, ..Default::default() });
		contribute("w2", &task, digest(2));
		reveal("w2", &task, digest(2));
		let scheduler_before = free("scheduler");
		finalize(&task);
		let kitty_share = (2 * SCHEDULER_STAKE / 10).max(KITTY_MIN);
		assert_eq!(pot(Pot::Kitty), 2 * SCHEDULER_STAKE - kitty_share);
		assert_eq!(free("scheduler"), scheduler_before + SCHEDULER_STAKE + kitty_share + POOL_PRICE / 10);
		assert_eq!(total_issuance(), issuance);
	});
}

/// `worker`'s reputation score.
fn score(worker: &str) -> u32 {
	<Reputation as WorkerReputation<AccountId>>::score(&account(worker))
}
