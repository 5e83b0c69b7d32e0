//! Retention [beyond]: a finished deal leaves the state with its tasks and
//! their contributions once its retention has passed, oldest first, within
//! the hook's weight budget; never while one of its tasks is unfinished.

use super::*;
use crate::{
	Contributions, Error, Event, Retiring, RetiringCursor, RetiringQueue, TaskRetention, TaskStatus, Tasks, WeightInfo,
};
use ect_primitives::{task_id, DealId, DealProvider};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::Hooks, weights::Weight},
	sp_runtime::BuildStorage,
};

type W = <Test as crate::Config>::WeightInfo;

/// The queue's cursor with no removal under way.
fn idle_cursor(head: u64, tail: u64) -> RetiringCursor {
	RetiringCursor { head, tail, removing: None, pruned: 0 }
}

/// Runs the hooks of block `n`; returns the weight the retention hook used.
fn block(n: u64) -> Weight {
	System::set_block_number(n);
	Poco::on_initialize(n)
}

/// Certifies task `index` of `deal` with the contributions of `workers`
/// (enough to reach the deal's trust), all revealing.
fn certify(deal: DealId, index: u32, workers: &[&str]) {
	assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, index));
	let task = task_id(&deal, index);
	for worker in workers {
		contribute(worker, &task, digest(9));
	}
	for worker in workers {
		reveal(worker, &task, digest(9));
	}
	assert_ok!(Poco::finalize(RuntimeOrigin::signed(account("scheduler")), task, bounded(b"ipfs://r"), bounded(b"")));
}

/// Whether anything of task `index` of `deal` is still in the state.
fn task_kept(deal: DealId, index: u32, workers: &[&str]) -> bool {
	let task = task_id(&deal, index);
	Tasks::<Test>::contains_key(task) || workers.iter().any(|w| Contributions::<Test>::contains_key(task, account(w)))
}

#[test]
fn a_finished_deal_leaves_the_state_once_its_retention_has_passed() {
	run(|| {
		let deal = make_deal(DealSpec { trust: 4, volume: 2, dataset: true, ..Default::default() });
		certify(deal, 0, &["w1", "w2"]);
		assert_eq!(RetiringQueue::<Test>::get(), RetiringCursor::default(), "a deal with a task to go is not queued");
		block(2);
		certify(deal, 1, &["w3", "w4"]);
		assert_eq!(Retiring::<Test>::get(0), Some((deal, 2)));
		assert_eq!(RetiringQueue::<Test>::get(), idle_cursor(0, 1));

		// Kept, and readable, until the last block of its retention.
		assert_eq!(block(2 + RETENTION - 1), W::prune_idle());
		assert!(dealt(deal));
		assert!(task_kept(deal, 0, &["w1", "w2"]) && task_kept(deal, 1, &["w3", "w4"]));
		assert_eq!(Tasks::<Test>::get(task_id(&deal, 1)).unwrap().results.to_vec(), b"ipfs://r".to_vec());

		let issuance = total_issuance();
		let balances: Vec<Balance> = FUNDED.iter().map(|name| free(name)).collect();
		let weight = block(2 + RETENTION);
		assert_eq!(weight, W::prune_idle() + W::prune_deal() + W::prune_task(2) * 2);
		assert!(!dealt(deal));
		assert!(!task_kept(deal, 0, &["w1", "w2"]) && !task_kept(deal, 1, &["w3", "w4"]));
		assert_eq!(Retiring::<Test>::get(0), None);
		assert_eq!(RetiringQueue::<Test>::get(), idle_cursor(1, 1));
		assert_eq!(events().last(), Some(&Event::DealPruned { deal, tasks: 2 }));
		// Removing records moves no money.
		assert_eq!(total_issuance(), issuance);
		assert_eq!(FUNDED.iter().map(|name| free(name)).collect::<Vec<_>>(), balances);

		// Nothing can be done with the deal any more; a claim refunds nothing.
		set_time(START_MS + 10 * T_MS);
		let anyone = || RuntimeOrigin::signed(account("stranger"));
		assert_noop!(Poco::claim(anyone(), deal, 0), Error::<Test>::UnknownDeal);
		assert_noop!(Poco::initialize(anyone(), deal, 1), Error::<Test>::UnknownDeal);
		assert_eq!(Poco::api_tasks_of_deal(deal, 0, 2), Vec::new());
		// An empty queue costs one read.
		assert_eq!(block(3 + RETENTION), W::prune_idle());
	});
}

#[test]
fn a_deal_with_an_unfinished_task_keeps_its_finished_ones_until_it_is_claimed() {
	run(|| {
		let deal = make_deal(DealSpec { trust: 1, volume: 2, dataset: true, ..Default::default() });
		certify(deal, 0, &["w1"]);
		block(1 + 5 * RETENTION);
		assert!(task_kept(deal, 0, &["w1"]), "task 1 is unfinished: the deal stays");
		assert_eq!(RetiringQueue::<Test>::get(), RetiringCursor::default());

		// Task 1 was never initialized; its claim refunds it and only it.
		set_time(START_MS + 10 * T_MS);
		let requester = free("requester");
		let claim = |index| Poco::claim(RuntimeOrigin::signed(account("requester")), deal, index);
		assert_noop!(claim(0), Error::<Test>::TaskFinished);
		assert_ok!(claim(1));
		assert!(free("requester") > requester);
		assert_eq!(Tasks::<Test>::get(task_id(&deal, 1)).unwrap().status, TaskStatus::Failed);
		let finished = 1 + 5 * RETENTION;
		assert_eq!(Retiring::<Test>::get(0), Some((deal, finished)));

		block(finished + RETENTION - 1);
		assert!(dealt(deal));
		block(finished + RETENTION);
		assert!(!dealt(deal));
		assert!(!task_kept(deal, 0, &["w1"]) && !task_kept(deal, 1, &[]));
	});
}

#[test]
fn deals_leave_oldest_first_each_after_its_own_retention() {
	run(|| {
		let first = make_deal(DealSpec { trust: 1, salt: 1, dataset: true, ..Default::default() });
		let second = make_deal(DealSpec { trust: 1, salt: 2, dataset: true, ..Default::default() });
		certify(first, 0, &["w1"]);
		block(4);
		certify(second, 0, &["w2"]);

		block(1 + RETENTION);
		assert!(!dealt(first));
		assert!(dealt(second));
		assert_eq!(RetiringQueue::<Test>::get(), idle_cursor(1, 2));
		block(3 + RETENTION);
		assert!(dealt(second));
		block(4 + RETENTION);
		assert!(!dealt(second));
		assert_eq!(RetiringQueue::<Test>::get(), idle_cursor(2, 2));
	});
}

#[test]
fn the_hook_never_spends_more_than_its_budget_and_resumes_where_it_stopped() {
	run(|| {
		let deal = make_deal(DealSpec { trust: 1, volume: 5, dataset: true, ..Default::default() });
		for index in 0..5 {
			certify(deal, index, &[WORKERS[index as usize]]);
		}
		// Room for the deal, one task at worst (MaxContributors) and one more
		// trust 1 task: two tasks a block.
		let budget = W::prune_idle() + W::prune_deal() + W::prune_task(MAX_CONTRIBUTORS) + W::prune_task(1);
		MaxPruneWeight::set(budget);

		let removed = |upto: u32| (0..5).filter(|i| !task_kept(deal, *i, &WORKERS)).count() as u32 == upto;
		let expected = W::prune_idle() + W::prune_deal() + W::prune_task(1) * 2;
		for (n, upto) in [(1 + RETENTION, 2), (2 + RETENTION, 4)] {
			let weight = block(n);
			assert!(weight.all_lte(budget));
			assert_eq!(weight, expected);
			assert!(removed(upto), "{upto} tasks removed by block {n}");
			assert_eq!(RetiringQueue::<Test>::get(), RetiringCursor { head: 0, tail: 1, removing: Some((0, 5)), pruned: upto });
			// The deal went first: neither a removed task nor a kept one can
			// be claimed or initialized (a removed one would read as never
			// initialized and be refunded again).
			assert!(!dealt(deal));
			set_time(START_MS + 10 * T_MS);
			for index in [0, 4] {
				let anyone = || RuntimeOrigin::signed(account("stranger"));
				assert_noop!(Poco::claim(anyone(), deal, index), Error::<Test>::UnknownDeal);
				assert_noop!(Poco::initialize(anyone(), deal, index), Error::<Test>::UnknownDeal);
			}
			check_invariants();
		}
		assert!(block(3 + RETENTION).all_lte(budget));
		assert!(removed(5));
		assert_eq!(RetiringQueue::<Test>::get(), idle_cursor(1, 1));
		assert_eq!(events().last(), Some(&Event::DealPruned { deal, tasks: 5 }));

		// A budget too small for one task at worst removes nothing.
		let other = make_deal(DealSpec { trust: 1, salt: 3, dataset: true, ..Default::default() });
		certify(other, 0, &["w1"]);
		MaxPruneWeight::set(W::prune_idle() + W::prune_deal());
		assert_eq!(block(4 + 2 * RETENTION), W::prune_idle());
		assert!(dealt(other));
		MaxPruneWeight::set(Weight::MAX);
	});
}

#[test]
fn genesis_may_set_the_retention_period() {
	run(|| assert_eq!(TaskRetention::<Test>::get(), RETENTION));
	let mut storage = polkadot_sdk::frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> { task_retention: Some(3) }.assimilate_storage(&mut storage).unwrap();
	polkadot_sdk::sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(TaskRetention::<Test>::get(), 3);
	});
}

/// Whether the marketplace still has `deal`.
fn dealt(deal: DealId) -> bool {
	<ect_mocks::MockMarket as DealProvider<AccountId, Balance>>::deal(&deal).is_some()
}
