//! Property test of whole task life cycles: random contributions (some
//! initializing their task), reveals, reopens, finalizes, the folded
//! `contribute_and_finalize` and `reveal_and_finalize`, claims, time
//! jumps and the retention hook never create or destroy funds (also when
//! every task is then ended, the deal removed and the same operations tried
//! again on it),
//! never finalize a task without consensus, finalize or claim a task at most
//! once and never both, never pay a worker twice, and never leave a stake
//! behind on finished tasks.

use super::*;
use crate::{TaskStatus, Tasks};
use ect_primitives::LockReason;
use ect_primitives::task_id;
use polkadot_sdk::{
	frame_support::{dispatch::DispatchResultWithPostInfo, storage::with_storage_layer, traits::Hooks},
	sp_runtime::DispatchResult,
};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
	Initialize { task: u8 },
	Contribute { task: u8, worker: u8, digest: u8, initialize: bool },
	Reveal { task: u8, worker: u8, digest: u8 },
	ContributeAndFinalize { task: u8, worker: u8, digest: u8 },
	RevealAndFinalize { task: u8, worker: u8, digest: u8 },
	Reopen { task: u8 },
	Finalize { task: u8 },
	Claim { task: u8 },
	Wait { time_refs_tenths: u8 },
	Blocks { count: u8 },
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		1 => (0..3u8).prop_map(|task| Op::Initialize { task }),
		4 => (0..3u8, 0..5u8, 0..3u8, any::<bool>())
			.prop_map(|(task, worker, digest, initialize)| Op::Contribute { task, worker, digest, initialize }),
		3 => (0..3u8, 0..5u8, 0..3u8).prop_map(|(task, worker, digest)| Op::Reveal { task, worker, digest }),
		1 => (0..3u8, 0..5u8, 0..3u8).prop_map(|(task, worker, digest)| Op::ContributeAndFinalize { task, worker, digest }),
		2 => (0..3u8, 0..5u8, 0..3u8).prop_map(|(task, worker, digest)| Op::RevealAndFinalize { task, worker, digest }),
		1 => (0..3u8).prop_map(|task| Op::Reopen { task }),
		2 => (0..3u8).prop_map(|task| Op::Finalize { task }),
		1 => (0..3u8).prop_map(|task| Op::Claim { task }),
		1 => (0..30u8).prop_map(|time_refs_tenths| Op::Wait { time_refs_tenths }),
		1 => (0..2 * RETENTION as u8).prop_map(|count| Op::Blocks { count }),
	]
}

/// A call's outcome without its post-dispatch information.
fn drop_info(result: DispatchResultWithPostInfo) -> DispatchResult {
	result.map(|_| ()).map_err(|e| e.error)
}

fn apply(deal: H256, op: &Op) -> DispatchResult {
	let task = |index: u8| task_id(&deal, index.into());
	let worker = |index: u8| WORKERS[index as usize];
	match *op {
		Op::Initialize { task: index } => Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, index.into()),
		Op::Contribute { task: index, worker: w, digest: d, initialize } => {
			let mut args = contribution(worker(w), &task(index), digest(d + 1));
			args.initialize = initialize.then_some((deal, index.into()));
			drop_info(Poco::contribute(RuntimeOrigin::signed(account(worker(w))), args))
		},
		Op::Reveal { task: index, worker: w, digest: d } =>
			Poco::reveal(RuntimeOrigin::signed(account(worker(w))), task(index), digest(d + 1)),
		Op::ContributeAndFinalize { task: index, worker: w, digest: d } => {
			let mut args = contribution(worker(w), &task(index), digest(d + 1));
			args.initialize = Some((deal, index.into()));
			drop_info(Poco::contribute_and_finalize(
				RuntimeOrigin::signed(account(worker(w))),
				args,
				digest(d + 1),
				bounded(b"r"),
				bounded(b""),
			))
		},
		Op::RevealAndFinalize { task: index, worker: w, digest: d } =>
			drop_info(Poco::reveal_and_finalize(
				RuntimeOrigin::signed(account(worker(w))),
				task(index),
				digest(d + 1),
				bounded(b"r"),
				bounded(b""),
			)),
		Op::Reopen { task: index } => Poco::reopen(RuntimeOrigin::signed(account("scheduler")), task(index)),
		Op::Finalize { task: index } =>
			drop_info(Poco::finalize(RuntimeOrigin::signed(account("scheduler")), task(index), bounded(b"r"), bounded(b""))),
		Op::Claim { task: index } => drop_info(Poco::claim(RuntimeOrigin::signed(account("stranger")), deal, index.into())),
		Op::Wait { time_refs_tenths } => {
			let now = polkadot_sdk::pallet_timestamp::Now::<Test>::get();
			set_time(now + u64::from(time_refs_tenths) * T_MS / 10);
			Ok(())
		},
		Op::Blocks { count } => {
			let n = System::block_number() + u64::from(count);
			System::set_block_number(n);
			Poco::on_initialize(n);
			Ok(())
		},
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

	#[test]
	fn task_life_cycles_keep_the_money_and_state_machine_invariants(
		trust in 1..9u32,
		ops in prop::collection::vec(op(), 1..60),
	) {
		new_test_ext().execute_with(|| {
			let issuance = total_issuance();
			let deal = make_deal(DealSpec { trust, volume: 3, dataset: true, ..Default::default() });
			for op in &ops {
				let _ = with_storage_layer(|| apply(deal, op));
				prop_assert_eq!(total_issuance(), issuance, "issuance changed after {:?}", op);
				check_invariants();
			}
			// Then every task ends (claimed past the final deadline if it had
			// not), the retention passes and the hook removes the deal; the
			// same operations again find nothing left to pay or refund.
			let now = polkadot_sdk::pallet_timestamp::Now::<Test>::get();
			set_time(now.max(START_MS + 10 * T_MS));
			for task in 0..3 {
				let _ = with_storage_layer(|| apply(deal, &Op::Claim { task }));
			}
			let _ = apply(deal, &Op::Blocks { count: RETENTION as u8 });
			let removed = events().iter().any(|e| matches!(e, crate::Event::DealPruned { deal: d, tasks: 3 } if *d == deal));
			prop_assert!(removed, "the finished deal was not removed");
			for op in &ops {
				let _ = with_storage_layer(|| apply(deal, op));
				prop_assert_eq!(total_issuance(), issuance, "issuance changed after {:?} on the removed deal", op);
				check_invariants();
			}
			// The events tell what happened, also to tasks the retention hook removed.
			let finished: Vec<crate::Event<Test>> = events();
			let finalized_of = |id| finished.iter().filter(|e| matches!(e, crate::Event::TaskFinalized { task, .. } if *task == id)).count();
			let claimed_of = |id| finished.iter().filter(|e| matches!(e, crate::Event::TaskClaimed { task, .. } if *task == id)).count();
			for index in 0..3u32 {
				let id = task_id(&deal, index);
				let (finalized, claimed) = (finalized_of(id), claimed_of(id));
				prop_assert!(finalized + claimed <= 1, "task {} finalized {} and claimed {} times", index, finalized, claimed);
				if let Some(task) = Tasks::<Test>::get(id) {
					if task.status == TaskStatus::Completed {
						prop_assert!(task.consensus.is_some() && task.revealed > 0, "finalized without consensus");
					}
					if matches!(task.status, TaskStatus::Completed | TaskStatus::Failed) {
						prop_assert!(finalized + claimed == 1);
					}
				}
			}
			// No worker is paid twice: each protocol-pot reward to a worker is
			// its share of one finalized task it won (revealed in).
			for w in WORKERS {
				let who = account(w);
				let rewards = ect_mocks::rewards::<AccountId, Balance>().iter()
					.filter(|(paid, _, pot)| *paid == who && *pot == ect_primitives::Pot::Protocol).count();
				let won = (0..3u32).filter(|i| {
					let id = task_id(&deal, *i);
					finalized_of(id) == 1 &&
						finished.iter().any(|e| matches!(e, crate::Event::Revealed { task, worker, .. } if *task == id && *worker == who))
				}).count();
				prop_assert!(rewards <= won, "{} was paid {} times for {} won tasks", w, rewards, won);
			}
			// Once every task is finished, no stake or payment is left held.
			let all_finished = (0..3u32).all(|i| {
				let id = task_id(&deal, i);
				finalized_of(id) + claimed_of(id) == 1
			});
			if all_finished {
				for w in WORKERS {
					prop_assert_eq!(held(LockReason::WorkerStake, w), 0);
				}
				prop_assert_eq!(held(LockReason::Payment, "requester"), 0);
				prop_assert_eq!(held(LockReason::SchedulerStake, "scheduler"), 0);
			}
			Ok(())
		})?;
	}
}
