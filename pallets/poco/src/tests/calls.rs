//! Each call: its success path, every error, every deadline edge (one
//! millisecond before and at the deadline).

use super::*;
use crate::{ContributionStatus, Contributions, Error, Event, OpenTasks, TaskStatus, Tasks};
use ect_primitives::LockReason;
use ect_primitives::{task_id, CallbackTarget};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::fungible::Mutate},
	sp_core::Pair,
	sp_runtime::MultiSignature,
};

fn trust(trust: u32) -> DealSpec {
	DealSpec { trust, dataset: true, ..Default::default() }
}

#[test]
fn initialize_sets_the_deadlines_from_the_deal_start() {
	run(|| {
		let deal = make_deal(trust(1));
		assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("stranger")), deal, 0));
		let id = task_id(&deal, 0);
		let task = Tasks::<Test>::get(id).unwrap();
		assert_eq!(task.status, TaskStatus::Active);
		assert_eq!(task.contribution_deadline, START_MS + 7 * T_MS);
		assert_eq!(task.final_deadline, START_MS + 10 * T_MS);
		assert_eq!(task.reveal_deadline, 0);
		assert!(OpenTasks::<Test>::contains_key(0, id));
		assert_eq!(events().last(), Some(&Event::TaskInitialized { task: id, deal, index: 0 }));
	});
}

#[test]
fn initialize_refuses_unknown_deals_other_indices_twice_and_late() {
	run(|| {
		let deal = make_deal(trust(1));
		let as_anyone = || RuntimeOrigin::signed(account("stranger"));
		assert_noop!(Poco::initialize(as_anyone(), H256::zero(), 0), Error::<Test>::UnknownDeal);
		assert_noop!(Poco::initialize(as_anyone(), deal, 1), Error::<Test>::TaskIndexOutOfRange);
		set_time(START_MS + 7 * T_MS - 1);
		assert_ok!(Poco::initialize(as_anyone(), deal, 0));
		assert_noop!(Poco::initialize(as_anyone(), deal, 0), Error::<Test>::TaskAlreadyInitialized);
	});
	run(|| {
		let deal = make_deal(trust(1));
		set_time(START_MS + 7 * T_MS);
		assert_noop!(
			Poco::initialize(RuntimeOrigin::signed(account("stranger")), deal, 0),
			Error::<Test>::ContributionDeadlinePassed
		);
	});
}

#[test]
fn a_contribution_locks_the_stake_and_one_fresh_worker_reaches_trust_one() {
	run(|| {
		let (_, task) = initialized_task(trust(1));
		contribute("w1", &task, digest(1));
		assert_eq!(held(LockReason::WorkerStake, "w1"), WORKER_STAKE);
		let record = Tasks::<Test>::get(task).unwrap();
		assert_eq!(record.status, TaskStatus::Revealing);
		assert_eq!(record.consensus, Some(crate::result_hash(&task, &digest(1))));
		assert_eq!(record.reveal_deadline, START_MS + 2 * T_MS);
		assert_eq!(record.winners, 1);
		let c = Contributions::<Test>::get(task, account("w1")).unwrap();
		assert_eq!((c.weight, c.status), (2, ContributionStatus::Contributed));
		assert!(events().contains(&Event::ConsensusReached { task, result_hash: crate::result_hash(&task, &digest(1)) }));
	});
}

#[test]
fn fresh_workers_need_ceil_log2_trust_agreeing_contributions() {
	for (trust_level, needed) in [(2u32, 1usize), (4, 2), (8, 3), (16, 4), (32, 5)] {
		run(|| {
			let (_, task) = initialized_task(trust(trust_level));
			for (i, worker) in WORKERS.iter().take(needed).enumerate() {
				assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Active, "not yet at {i}");
				contribute(worker, &task, digest(7));
			}
			assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Revealing, "trust {trust_level}");
		});
	}
}

#[test]
fn contribute_refuses_unknown_and_revealing_tasks_twice_and_late() {
	run(|| {
		let (deal, task) = initialized_task(trust(100));
		let as_worker = |w: &str| RuntimeOrigin::signed(account(w));
		let mut unknown = contribution("w1", &task, digest(1));
		unknown.task = task_id(&deal, 7);
		assert_noop!(Poco::contribute(as_worker("w1"), unknown), Error::<Test>::UnknownTask);
		contribute("w1", &task, digest(1));
		assert_noop!(Poco::contribute(as_worker("w1"), contribution("w1", &task, digest(2))), Error::<Test>::AlreadyContributed);
		set_time(START_MS + 7 * T_MS - 1);
		contribute("w2", &task, digest(1));
		set_time(START_MS + 7 * T_MS);
		assert_noop!(
			Poco::contribute(as_worker("w3"), contribution("w3", &task, digest(1))),
			Error::<Test>::ContributionDeadlinePassed
		);
	});
	run(|| {
		let (_, task) = initialized_task(trust(1));
		contribute("w1", &task, digest(1));
		assert_noop!(
			Poco::contribute(RuntimeOrigin::signed(account("w2")), contribution("w2", &task, digest(1))),
			Error::<Test>::TaskNotActive
		);
	});
}

#[test]
fn contribute_refuses_a_full_task() {
	run(|| {
		let (_, task) = initialized_task(trust(1_000));
		let workers = ["w1", "w2", "w3", "w4", "w5", "stranger"];
		for (i, worker) in workers.iter().enumerate() {
			contribute(worker, &task, digest(i as u8 + 1));
		}
		assert_eq!(workers.len() as u32, MAX_CONTRIBUTORS);
		assert_noop!(
			Poco::contribute(RuntimeOrigin::signed(account("app-owner")), contribution("app-owner", &task, digest(9))),
			Error::<Test>::TooManyContributors
		);
	});
}

#[test]
fn contribute_refuses_a_bad_authorization() {
	run(|| {
		let (_, task) = initialized_task(trust(1));
		let mut by_stranger = contribution("w1", &task, digest(1));
		let message = crate::authorization_message(&System::block_hash(0), &account("w1"), &task, None);
		by_stranger.authorization = MultiSignature::Sr25519(key("stranger").sign(&message));
		assert_noop!(Poco::contribute(RuntimeOrigin::signed(account("w1")), by_stranger), Error::<Test>::BadAuthorization);
		// An authorization for w1 does not let w2 contribute.
		let mut borrowed = contribution("w2", &task, digest(1));
		borrowed.authorization = authorization(&account("w1"), &task, None);
		assert_noop!(Poco::contribute(RuntimeOrigin::signed(account("w2")), borrowed), Error::<Test>::BadAuthorization);
		// Nor on another chain.
		let mut foreign = contribution("w1", &task, digest(1));
		let message = crate::authorization_message(&H256::repeat_byte(3), &account("w1"), &task, None);
		foreign.authorization = MultiSignature::Sr25519(key("scheduler").sign(&message));
		assert_noop!(Poco::contribute(RuntimeOrigin::signed(account("w1")), foreign), Error::<Test>::BadAuthorization);
	});
}

#[test]
fn a_tee_deal_requires_a_valid_enclave_signature() {
	run(|| {
		let (_, task) = initialized_task(DealSpec { trust: 1, dataset: true, tee: true, ..Default::default() });
		let w1 = account("w1");
		assert_noop!(
			Poco::contribute(RuntimeOrigin::signed(w1.clone()), contribution("w1", &task, digest(1))),
			Error::<Test>::EnclaveRequired
		);
		let enclave = account("enclave");
		let mut args = contribution("w1", &task, digest(1));
		args.authorization = authorization(&w1, &task, Some(&enclave));
		let wrong = MultiSignature::Sr25519(key("enclave").sign(b"something else"));
		args.enclave = Some((enclave.clone(), wrong));
		assert_noop!(Poco::contribute(RuntimeOrigin::signed(w1.clone()), args.clone()), Error::<Test>::BadEnclaveSignature);
		let message = crate::enclave_message(&args.result_hash, &args.result_seal);
		args.enclave = Some((enclave.clone(), MultiSignature::Sr25519(key("enclave").sign(&message))));
		assert_ok!(Poco::contribute(RuntimeOrigin::signed(w1.clone()), args));
		assert_eq!(Contributions::<Test>::get(task, w1).unwrap().enclave, Some(enclave));
	});
}

#[test]
fn a_dataset_deal_requires_the_registered_checksum() {
	run(|| {
		let (_, task) = initialized_task(trust(1));
		let mut missing = contribution("w1", &task, digest(1));
		missing.dataset_checksum = None;
		assert_noop!(Poco::contribute(RuntimeOrigin::signed(account("w1")), missing), Error::<Test>::DatasetChecksumRequired);
		let mut other = contribution("w1", &task, digest(1));
		other.dataset_checksum = Some(H256::repeat_byte(0xbd));
		assert_noop!(Poco::contribute(RuntimeOrigin::signed(account("w1")), other), Error::<Test>::DatasetChecksumMismatch);
		assert_ok!(Registry::remove::<AccountId>(ect_primitives::AssetRef::Dataset(0)));
		assert_noop!(
			Poco::contribute(RuntimeOrigin::signed(account("w1")), contribution("w1", &task, digest(1))),
			Error::<Test>::UnknownDataset
		);
	});
	run(|| {
		// Without a dataset, no checksum is needed.
		let (_, task) = initialized_task(DealSpec { trust: 1, ..Default::default() });
		let mut none = contribution("w1", &task, digest(1));
		none.dataset_checksum = None;
		assert_ok!(Poco::contribute(RuntimeOrigin::signed(account("w1")), none));
	});
}

#[test]
fn a_worker_who_cannot_stake_is_refused() {
	run(|| {
		let (_, task) = initialized_task(trust(1));
		<Balances as Mutate<AccountId>>::set_balance(&account("w1"), WORKER_STAKE);
		assert_noop!(
			Poco::contribute(RuntimeOrigin::signed(account("w1")), contribution("w1", &task, digest(1))),
			Error::<Test>::WorkerCannotStake
		);
	});
}

#[test]
fn reveal_proves_the_consensus_digest() {
	run(|| {
		let (_, task) = initialized_task(trust(1));
		contribute("w1", &task, digest(1));
		reveal("w1", &task, digest(1));
		let record = Tasks::<Test>::get(task).unwrap();
		assert_eq!((record.revealed, record.digest), (1, Some(digest(1))));
		assert_eq!(Contributions::<Test>::get(task, account("w1")).unwrap().status, ContributionStatus::Proved);
		assert_eq!(events().last(), Some(&Event::Revealed { task, worker: account("w1"), digest: digest(1) }));
	});
}

#[test]
fn reveal_refuses_everything_but_a_matching_consensus_digest_in_time() {
	run(|| {
		let (deal, task) = initialized_task(trust(4));
		let as_worker = |w: &str| RuntimeOrigin::signed(account(w));
		assert_noop!(Poco::reveal(as_worker("w1"), task_id(&deal, 9), digest(1)), Error::<Test>::UnknownTask);
		contribute("w1", &task, digest(1));
		assert_noop!(Poco::reveal(as_worker("w1"), task, digest(1)), Error::<Test>::TaskNotRevealing);
		contribute("w2", &task, digest(2));
		// w3 copies w2's result hash but cannot forge w2's seal.
		let mut copied = contribution("w3", &task, digest(2));
		copied.result_seal = crate::result_seal(&account("w2"), &task, &digest(2));
		assert_ok!(Poco::contribute(as_worker("w3"), copied));
		contribute("w4", &task, digest(2));
		contribute("w5", &task, digest(2));
		assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Revealing);

		assert_noop!(Poco::reveal(as_worker("stranger"), task, digest(2)), Error::<Test>::NotContributor);
		assert_noop!(Poco::reveal(as_worker("w1"), task, digest(1)), Error::<Test>::NotInConsensus);
		assert_noop!(Poco::reveal(as_worker("w2"), task, digest(3)), Error::<Test>::BadDigest);
		assert_noop!(Poco::reveal(as_worker("w3"), task, digest(2)), Error::<Test>::BadSeal);
		set_time(START_MS + 2 * T_MS - 1);
		reveal("w2", &task, digest(2));
		assert_noop!(Poco::reveal(as_worker("w2"), task, digest(2)), Error::<Test>::AlreadyRevealed);
		set_time(START_MS + 2 * T_MS);
		assert_noop!(Poco::reveal(as_worker("w4"), task, digest(2)), Error::<Test>::RevealDeadlinePassed);
	});
}

#[test]
fn reopen_rejects_a_silent_consensus_group() {
	run(|| {
		let (_, task) = initialized_task(trust(1));
		contribute("w1", &task, digest(1));
		let as_scheduler = || RuntimeOrigin::signed(account("scheduler"));
		assert_noop!(Poco::reopen(RuntimeOrigin::signed(account("w1")), task), Error::<Test>::NotScheduler);
		set_time(START_MS + 2 * T_MS - 1);
		assert_noop!(Poco::reopen(as_scheduler(), task), Error::<Test>::RevealDeadlineNotReached);
		set_time(START_MS + 2 * T_MS);
		assert_ok!(Poco::reopen(as_scheduler(), task));
		let record = Tasks::<Test>::get(task).unwrap();
		assert_eq!((record.status, record.consensus, record.winners), (TaskStatus::Active, None, 0));
		assert_eq!(Contributions::<Test>::get(task, account("w1")).unwrap().status, ContributionStatus::Rejected);
		assert_eq!(events().last(), Some(&Event::TaskReopened { task }));
		assert_noop!(Poco::reopen(as_scheduler(), task), Error::<Test>::TaskNotRevealing);
		// The rejected worker cannot contribute again; others can.
		assert_noop!(
			Poco::contribute(RuntimeOrigin::signed(account("w1")), contribution("w1", &task, digest(1))),
			Error::<Test>::AlreadyContributed
		);
		contribute("w2", &task, digest(2));
		assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Revealing);
	});
	run(|| {
		let (deal, task) = initialized_task(trust(1));
		let as_scheduler = || RuntimeOrigin::signed(account("scheduler"));
		assert_noop!(Poco::reopen(as_scheduler(), task_id(&deal, 5)), Error::<Test>::UnknownTask);
		contribute("w1", &task, digest(1));
		reveal("w1", &task, digest(1));
		set_time(START_MS + 2 * T_MS);
		assert_noop!(Poco::reopen(as_scheduler(), task), Error::<Test>::SomeoneRevealed);
	});
}

#[test]
fn finalize_refuses_others_early_late_and_unrevealed_tasks() {
	run(|| {
		let (deal, task) = initialized_task(trust(4));
		let finalize = |who: &str, id| Poco::finalize(RuntimeOrigin::signed(account(who)), id, bounded(b"ipfs://r"), bounded(b""));
		assert_noop!(finalize("scheduler", task_id(&deal, 3)), Error::<Test>::UnknownTask);
		contribute("w1", &task, digest(1));
		assert_noop!(finalize("scheduler", task), Error::<Test>::TaskNotRevealing);
		contribute("w2", &task, digest(1));
		assert_noop!(finalize("w1", task), Error::<Test>::NotScheduler);
		assert_noop!(finalize("scheduler", task), Error::<Test>::NoneRevealed);
		reveal("w1", &task, digest(1));
		// One of two winners revealed: wait for the other or the reveal deadline.
		assert_noop!(finalize("scheduler", task), Error::<Test>::NotAllRevealed);
		set_time(START_MS + 2 * T_MS);
		assert_ok!(finalize("scheduler", task));
		assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Completed);
		assert_noop!(finalize("scheduler", task), Error::<Test>::TaskNotRevealing);
	});
	run(|| {
		let (_, task) = initialized_task(trust(1));
		contribute("w1", &task, digest(1));
		reveal("w1", &task, digest(1));
		set_time(START_MS + 10 * T_MS);
		assert_noop!(
			Poco::finalize(RuntimeOrigin::signed(account("scheduler")), task, bounded(b""), bounded(b"")),
			Error::<Test>::FinalDeadlinePassed
		);
		set_time(START_MS + 10 * T_MS - 1);
		assert_ok!(Poco::finalize(RuntimeOrigin::signed(account("scheduler")), task, bounded(b""), bounded(b"")));
	});
}

#[test]
fn finalize_delivers_the_callback_bytes_whose_hash_is_the_digest() {
	run(|| {
		let target = CallbackTarget::Runtime(7);
		let (_, task) = initialized_task(DealSpec { trust: 1, dataset: true, callback: Some(target), ..Default::default() });
		let bytes = b"pi=3.1416".to_vec();
		let callback_digest = H256(polkadot_sdk::sp_io::hashing::blake2_256(&bytes));
		contribute("w1", &task, callback_digest);
		reveal("w1", &task, callback_digest);
		assert_noop!(
			Poco::finalize(RuntimeOrigin::signed(account("scheduler")), task, bounded(b"r"), bounded(b"pi=3")),
			Error::<Test>::CallbackMismatch
		);
		assert_ok!(Poco::finalize(RuntimeOrigin::signed(account("scheduler")), task, bounded(b"r"), bounded(&bytes)));
		assert_eq!(callbacks(), vec![(task, target, bytes.clone())]);
		assert_eq!(Tasks::<Test>::get(task).unwrap().results_callback.to_vec(), bytes);
	});
}

#[test]
fn claim_refuses_unknown_deals_other_indices_early_and_finished_tasks() {
	run(|| {
		let (deal, task) = initialized_task(trust(1));
		let claim = |index| Poco::claim(RuntimeOrigin::signed(account("stranger")), deal, index);
		assert_noop!(Poco::claim(RuntimeOrigin::signed(account("stranger")), H256::zero(), 0), Error::<Test>::UnknownDeal);
		assert_noop!(claim(1), Error::<Test>::TaskIndexOutOfRange);
		set_time(START_MS + 10 * T_MS - 1);
		assert_noop!(claim(0), Error::<Test>::FinalDeadlineNotReached);
		set_time(START_MS + 10 * T_MS);
		assert_ok!(claim(0));
		assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Failed);
		assert_noop!(claim(0), Error::<Test>::TaskFinished);
		assert_noop!(
			Poco::contribute(RuntimeOrigin::signed(account("w1")), contribution("w1", &task, digest(1))),
			Error::<Test>::TaskNotActive
		);
	});
}

#[test]
fn a_completed_task_cannot_be_claimed() {
	run(|| {
		let (deal, task) = initialized_task(trust(1));
		contribute("w1", &task, digest(1));
		reveal("w1", &task, digest(1));
		assert_ok!(Poco::finalize(RuntimeOrigin::signed(account("scheduler")), task, bounded(b""), bounded(b"")));
		set_time(START_MS + 10 * T_MS);
		assert_noop!(Poco::claim(RuntimeOrigin::signed(account("requester")), deal, 0), Error::<Test>::TaskFinished);
	});
}

#[test]
fn the_runtime_api_lists_tasks_contributions_and_the_schedulers_work() {
	run(|| {
		let deal = make_deal(DealSpec { trust: 1, volume: 3, dataset: true, ..Default::default() });
		let todo = Poco::api_scheduler_todo(0, 10);
		assert_eq!(todo.initialize, vec![(deal, 0), (deal, 1), (deal, 2)]);
		assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, 0));
		assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, 1));
		let (t0, t1) = (task_id(&deal, 0), task_id(&deal, 1));
		contribute("w1", &t1, digest(1));
		let todo = Poco::api_scheduler_todo(0, 10);
		assert_eq!(todo.initialize, vec![(deal, 2)]);
		assert_eq!(todo.authorize, vec![t0]);
		assert!(todo.finalize.is_empty() && todo.reopen.is_empty());
		reveal("w1", &t1, digest(1));
		assert_eq!(Poco::api_scheduler_todo(0, 10).finalize, vec![t1]);

		let views = Poco::api_tasks_of_deal(deal, 0, 10);
		assert_eq!(views.iter().map(|v| v.status).collect::<Vec<_>>(), vec![TaskStatus::Active, TaskStatus::Revealing, TaskStatus::Unset]);
		assert_eq!(views[2].final_deadline, START_MS + 10 * T_MS);
		assert_eq!(views[1].contributions, 1);
		// Many records in one call, in the order asked, at most MAX_TASKS_PER_READ.
		let t2 = task_id(&deal, 2);
		let records = Poco::api_tasks(vec![t1, t2, t0]);
		assert_eq!(records.iter().map(|r| r.as_ref().map(|t| t.status)).collect::<Vec<_>>(), vec![
			Some(TaskStatus::Revealing),
			None,
			Some(TaskStatus::Active)
		]);
		let max = crate::runtime_api::MAX_TASKS_PER_READ as usize;
		assert_eq!(Poco::api_tasks(vec![t0; max + 3]).len(), max);
		let contributions = Poco::api_contributions(t1);
		assert_eq!(contributions.len(), 1);
		assert_eq!(contributions[0].0, account("w1"));

		// A silent consensus group past its reveal deadline is to be reopened.
		contribute("w2", &t0, digest(2));
		set_time(START_MS + 2 * T_MS);
		let todo = Poco::api_scheduler_todo(0, 10);
		assert_eq!(todo.reopen, vec![t0]);
		assert_eq!(Poco::api_scheduler_todo(0, 1).initialize.len(), 1);
	});
}

#[test]
fn the_schedulers_todo_lists_deadlines_and_what_is_claimable() {
	run(|| {
		let deal = make_deal(DealSpec { trust: 1, volume: 3, dataset: true, ..Default::default() });
		assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, 0));
		assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, 1));
		let (t0, t1) = (task_id(&deal, 0), task_id(&deal, 1));
		contribute("w1", &t1, digest(1));
		reveal("w1", &t1, digest(1));
		assert_ok!(Poco::finalize(RuntimeOrigin::signed(account("scheduler")), t1, bounded(b"r"), bounded(b"")));
		// Open tasks and their final deadlines; nothing claimable yet.
		let todo = Poco::api_scheduler_todo(0, 10);
		assert_eq!(todo.deadlines, vec![(t0, START_MS + 10 * T_MS)]);
		assert!(todo.claimable.is_empty());
		set_time(START_MS + 10 * T_MS - 1);
		assert!(Poco::api_scheduler_todo(0, 10).claimable.is_empty());
		// Past it: the open task and the one never initialized, not the
		// completed one; none of them has a deadline to watch any more.
		set_time(START_MS + 10 * T_MS);
		let todo = Poco::api_scheduler_todo(0, 10);
		assert!(todo.deadlines.is_empty());
		let mut claimable = todo.claimable.clone();
		claimable.sort_by_key(|(_, index)| *index);
		assert_eq!(claimable, vec![(deal, 0), (deal, 2)]);
		assert_eq!(Poco::api_scheduler_todo(0, 1).claimable.len(), 1);
		for (deal, index) in claimable {
			assert_ok!(Poco::claim(RuntimeOrigin::signed(account("stranger")), deal, index));
		}
		assert!(Poco::api_scheduler_todo(0, 10).claimable.is_empty());
	});
}

#[test]
fn the_schedulers_walk_skips_deals_past_their_contribution_deadline() {
	run(|| {
		// A deal of a million tasks: before its contribution deadline the
		// walk offers the first ones; after it, the deal is skipped without
		// reading its tasks (a read per task would take seconds).
		let deal = make_deal(DealSpec { trust: 1, volume: 3, dataset: true, ..Default::default() });
		ect_mocks::MockMarket::modify::<AccountId, Balance>(deal, |d| d.volume = 1_000_000);
		assert_eq!(Poco::api_scheduler_todo(0, 2).initialize, vec![(deal, 0), (deal, 1)]);
		set_time(START_MS + 7 * T_MS);
		let walk = std::time::Instant::now();
		assert!(Poco::api_scheduler_todo(0, 10).initialize.is_empty());
		assert!(walk.elapsed() < std::time::Duration::from_millis(200), "the walk read the tasks: {:?}", walk.elapsed());
	});
}

#[test]
fn every_call_needs_a_signed_origin() {
	use polkadot_sdk::{frame_system::RawOrigin, sp_runtime::DispatchError};
	run(|| {
		let (deal, task) = initialized_task(trust(1));
		let none = || RuntimeOrigin::from(RawOrigin::None);
		assert_noop!(Poco::initialize(none(), deal, 0), DispatchError::BadOrigin);
		assert_noop!(Poco::contribute(none(), contribution("w1", &task, digest(1))), DispatchError::BadOrigin);
		assert_noop!(Poco::reveal(none(), task, digest(1)), DispatchError::BadOrigin);
		assert_noop!(Poco::reopen(none(), task), DispatchError::BadOrigin);
		assert_noop!(Poco::finalize(none(), task, bounded(b""), bounded(b"")), DispatchError::BadOrigin);
		assert_noop!(Poco::claim(none(), deal, 0), DispatchError::BadOrigin);
		assert_noop!(Poco::initialize_batch(none(), Default::default()), DispatchError::BadOrigin);
		assert_noop!(Poco::contribute_batch(none(), Default::default()), DispatchError::BadOrigin);
		assert_noop!(Poco::reveal_batch(none(), Default::default()), DispatchError::BadOrigin);
		assert_noop!(Poco::finalize_batch(none(), Default::default()), DispatchError::BadOrigin);
		assert_noop!(Poco::claim_batch(none(), Default::default()), DispatchError::BadOrigin);
	});
}
