//! The task life cycle in the full runtime (`protocol.md` §5–§8): deals made
//! through the order book, contributions authorized by the scheduler's real
//! sr25519 signature, reveals, reopen, finalize and claim, with every
//! payout, stake, score and the kitty checked to the planck.

mod common;

use common::*;
use ect_poco_math::payout::split_pot;
use ect_runtime::{
	polkadot_sdk::{
		pallet_balances, pallet_timestamp,
		sp_core::H256,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
		sp_keyring::Sr25519Keyring,
	},
	genesis_config_presets::DEV_TASK_RETENTION,
	AccountId, AllPalletsWithSystem, Balance, Balances, BlockNumber, Runtime, System,
};
use ect_runtime::polkadot_sdk::frame_support::traits::OnInitialize;
use pallet_ect_escrow::{Escrow as _, LockReason, Pot};
use pallet_ect_marketplace::{task_id, Deals, TaskId};
use pallet_ect_poco::{ContributeArgsOf, TaskOf, TaskStatus, TaskView, Tasks};
use pallet_ect_reputation::Scores;

type Escrow = pallet_ect_escrow::Pallet<Runtime>;
type Poco = pallet_ect_poco::Call<Runtime>;

/// The category S of the genesis presets: T = 1 200 s.
const T_MS: u64 = 1_200_000;
const START_MS: u64 = 1_800_000_000_000;
const APP_PRICE: Balance = UNIT;
const DATASET_PRICE: Balance = UNIT / 2;
const POOL_PRICE: Balance = 10 * UNIT;
/// 30% of the pool price, for each worker and for the scheduler.
const STAKE: Balance = 3 * UNIT;
/// The pool's default scheduler reward ratio.
const SCHEDULER_RATIO: u8 = 1;

const REQUESTER: Sr25519Keyring = Sr25519Keyring::Dave;
const SCHEDULER: Sr25519Keyring = Sr25519Keyring::Charlie;
const WORKERS: [Sr25519Keyring; 4] =
	[Sr25519Keyring::Eve, Sr25519Keyring::Ferdie, Sr25519Keyring::AliceStash, Sr25519Keyring::BobStash];

fn set_time(ms: u64) {
	pallet_timestamp::Now::<Runtime>::put(ms);
}

fn free(who: Sr25519Keyring) -> Balance {
	pallet_balances::Pallet::<Runtime>::free_balance(who.to_account_id())
}

/// `worker`'s contribution of `digest`, authorized by the scheduler's key.
fn contribution(worker: Sr25519Keyring, task: &TaskId, digest: H256) -> ContributeArgsOf<Runtime> {
	common::contribution(SCHEDULER, worker, task, digest, Some(H256::repeat_byte(2)))
}

/// `worker` contributes `digest` to `task`, in a block of its own.
fn contribute(worker: Sr25519Keyring, task: &TaskId, digest: H256) {
	call(worker, Poco::contribute { contribution: contribution(worker, task, digest) });
	next_block();
}

fn reveal(worker: Sr25519Keyring, task: &TaskId, digest: H256) {
	call(worker, Poco::reveal { task: *task, digest });
}

fn finalize(task: &TaskId) {
	call(
		SCHEDULER,
		Poco::finalize {
			task: *task,
			results: b"ipfs://result".to_vec().try_into().unwrap(),
			results_callback: Default::default(),
		},
	);
}

fn status(task: &TaskId) -> TaskStatus {
	Tasks::<Runtime>::get(task).map(|t| t.status).unwrap_or_default()
}

/// Genesis, the assets registered, the clock set.
fn scenario(test: impl FnOnce()) {
	with_genesis(DEV_RUNTIME_PRESET, || {
		System::set_block_number(1);
		set_time(START_MS);
		register_assets();
		let issuance = Balances::total_issuance();
		test();
		assert_eq!(Balances::total_issuance(), issuance, "no token created or destroyed");
		check_invariants();
	});
}

/// A dapp on this chain names the inbox as its callback target: the
/// certified result is its last result there, in the block that certified
/// it; a runtime id with no receiver delivers nowhere.
#[test]
fn a_dapp_on_this_chain_reads_its_certified_result_from_the_inbox() {
	use ect_runtime::polkadot_sdk::sp_io::hashing::blake2_256;
	use pallet_ect_marketplace::CallbackTarget;
	scenario(|| {
		let certify = |deal, data: &[u8]| {
			call(SCHEDULER, Poco::initialize { deal, index: 0 });
			let (task, digest) = (task_id(&deal, 0), H256(blake2_256(data)));
			contribute(WORKERS[0], &task, digest);
			reveal(WORKERS[0], &task, digest);
			call(
				SCHEDULER,
				Poco::finalize {
					task,
					results: b"ipfs://result".to_vec().try_into().unwrap(),
					results_callback: data.to_vec().try_into().unwrap(),
				},
			);
			assert_eq!(status(&task), TaskStatus::Completed);
			task
		};
		let inbox = Some(CallbackTarget::Runtime(pallet_ect_inbox::INBOX));
		let task = certify(make_deal_with(1, 1, 1, inbox), b"42");
		let kept = pallet_ect_inbox::LastResult::<Runtime>::get(REQUESTER.to_account_id()).expect("delivered");
		assert_eq!((kept.task, kept.data.to_vec(), kept.block), (task, b"42".to_vec(), System::block_number()));

		certify(make_deal_with(1, 1, 2, Some(CallbackTarget::Runtime(9))), b"43");
		let kept = pallet_ect_inbox::LastResult::<Runtime>::get(REQUESTER.to_account_id()).expect("still there");
		assert_eq!(kept.task, task, "no receiver has id 9: the inbox keeps the earlier result");
	});
}

#[test]
fn trust_one_with_one_worker() {
	scenario(|| {
		let deal = make_deal(1, 1, 1);
		call(SCHEDULER, Poco::initialize { deal, index: 0 });
		let task = task_id(&deal, 0);
		let (alice, bob, charlie, eve) = (free(Sr25519Keyring::Alice), free(Sr25519Keyring::Bob), free(SCHEDULER), free(WORKERS[0]));

		contribute(WORKERS[0], &task, H256::repeat_byte(7));
		assert_eq!(status(&task), TaskStatus::Revealing);
		reveal(WORKERS[0], &task, H256::repeat_byte(7));
		finalize(&task);

		let worker_share = POOL_PRICE * 99 / 100;
		assert_eq!(free(Sr25519Keyring::Alice), alice + APP_PRICE);
		assert_eq!(free(Sr25519Keyring::Bob), bob + DATASET_PRICE);
		assert_eq!(free(WORKERS[0]), eve + worker_share);
		assert_eq!(free(SCHEDULER), charlie + STAKE + POOL_PRICE - worker_share);
		assert_eq!(Escrow::locked(LockReason::Payment, &REQUESTER.to_account_id()), 0);
		assert_eq!(status(&task), TaskStatus::Completed);
		assert_eq!(Scores::<Runtime>::get(WORKERS[0].to_account_id()), 0, "one contributor: no score change");

		let views: Vec<TaskView> = state_call("PocoApi_tasks_of_deal", (deal, 0u32, 5u32));
		assert_eq!(views.len(), 1);
		assert_eq!(views[0].status, TaskStatus::Completed);
		// Many tasks in one call, in the order asked; an unknown one is None.
		let unknown = task_id(&deal, 1);
		let records: Vec<Option<TaskOf<Runtime>>> = state_call("PocoApi_tasks", vec![unknown, task]);
		assert_eq!(records.len(), 2);
		assert!(records[0].is_none());
		assert_eq!(records[1].as_ref().map(|t| t.status), Some(TaskStatus::Completed));
		let record: pallet_ect_reputation::Record = state_call("ReputationApi_workerpool_record", 0u32);
		assert_eq!((record.completed, record.failed), (1, 0));
	});
}

#[test]
fn a_finished_deal_leaves_the_dev_chains_state_once_its_retention_has_passed() {
	scenario(|| {
		let deal = make_deal(1, 1, 1);
		call(SCHEDULER, Poco::initialize { deal, index: 0 });
		let task = task_id(&deal, 0);
		contribute(WORKERS[0], &task, H256::repeat_byte(7));
		reveal(WORKERS[0], &task, H256::repeat_byte(7));
		finalize(&task);
		let finished = System::block_number();
		// Every pallet's block-start hooks, as block production runs them.
		let start_block = |n: BlockNumber| {
			System::set_block_number(n);
			<AllPalletsWithSystem as OnInitialize<BlockNumber>>::on_initialize(n);
		};

		start_block(finished + DEV_TASK_RETENTION - 1);
		assert_eq!(status(&task), TaskStatus::Completed, "kept until its retention has passed");
		start_block(finished + DEV_TASK_RETENTION);
		assert!(Tasks::<Runtime>::get(task).is_none());
		assert!(pallet_ect_poco::Contributions::<Runtime>::get(task, WORKERS[0].to_account_id()).is_none());
		assert!(Deals::<Runtime>::get(deal).is_none());
		let views: Vec<TaskView> = state_call("PocoApi_tasks_of_deal", (deal, 0u32, 5u32));
		assert!(views.is_empty());
	});
}

#[test]
fn three_agreeing_workers_against_a_dissenter() {
	scenario(|| {
		// At trust 4: the dissenter (score 12, weight 3) alone does not reach
		// consensus, nor do two fresh workers against it; a third agreeing
		// worker of score 30 (weight 9) does.
		let accounts: Vec<AccountId> = WORKERS.iter().map(|w| w.to_account_id()).collect();
		Scores::<Runtime>::insert(&accounts[0], 12);
		Scores::<Runtime>::insert(&accounts[3], 30);
		let deal = make_deal(4, 1, 2);
		call(SCHEDULER, Poco::initialize { deal, index: 0 });
		let task = task_id(&deal, 0);
		let before: Vec<Balance> = WORKERS.iter().map(|w| free(*w)).collect();
		let scheduler_before = free(SCHEDULER);

		contribute(WORKERS[0], &task, H256::repeat_byte(6));
		for worker in &WORKERS[1..3] {
			contribute(*worker, &task, H256::repeat_byte(7));
		}
		assert_eq!(status(&task), TaskStatus::Active);
		contribute(WORKERS[3], &task, H256::repeat_byte(7));
		assert_eq!(status(&task), TaskStatus::Revealing);
		for worker in &WORKERS[1..] {
			reveal(*worker, &task, H256::repeat_byte(7));
		}
		finalize(&task);

		let pot = POOL_PRICE + STAKE;
		let split = split_pot(pot, SCHEDULER_RATIO, &[2, 2, 9]).unwrap();
		assert_eq!(free(WORKERS[0]), before[0] - STAKE, "the dissenter lost its stake");
		for (i, share) in split.winners.iter().enumerate() {
			assert_eq!(free(WORKERS[i + 1]), before[i + 1] + share, "winner {i} paid by floor(log2 w)");
		}
		assert_eq!(split.winners[2], 3 * split.winners[0]);
		assert_eq!(free(SCHEDULER), scheduler_before + STAKE + split.scheduler);
		assert_eq!(Scores::<Runtime>::get(&accounts[0]), 8, "12 × 2/3");
		assert_eq!(Scores::<Runtime>::get(&accounts[1]), 1);
		assert_eq!(Scores::<Runtime>::get(&accounts[3]), 31);
		let score: u32 = state_call("ReputationApi_score", accounts[3].clone());
		assert_eq!(score, 31);
	});
}

#[test]
fn nobody_reveals_then_reopen_then_new_contributions_finalize() {
	scenario(|| {
		let deal = make_deal(1, 1, 3);
		call(SCHEDULER, Poco::initialize { deal, index: 0 });
		let task = task_id(&deal, 0);
		contribute(WORKERS[0], &task, H256::repeat_byte(1));
		set_time(START_MS + 2 * T_MS);
		let todo: pallet_ect_poco::SchedulerTodo = state_call("PocoApi_scheduler_todo", (0u32, 10u32));
		assert_eq!(todo.reopen, vec![task]);
		call(SCHEDULER, Poco::reopen { task });
		assert_eq!(status(&task), TaskStatus::Active);
		contribute(WORKERS[1], &task, H256::repeat_byte(2));
		reveal(WORKERS[1], &task, H256::repeat_byte(2));
		let silent = free(WORKERS[0]);
		finalize(&task);
		assert_eq!(free(WORKERS[0]), silent, "the silent worker's stake was seized, not returned");
		assert_eq!(Escrow::locked(LockReason::WorkerStake, &WORKERS[0].to_account_id()), 0);
		assert_eq!(Tasks::<Runtime>::get(task).unwrap().digest, Some(H256::repeat_byte(2)));
	});
}

#[test]
fn a_claim_refunds_the_requester_feeds_the_kitty_and_the_kitty_pays_a_later_finalize() {
	scenario(|| {
		let deal = make_deal(1, 2, 4);
		call(SCHEDULER, Poco::initialize { deal, index: 0 });
		let task = task_id(&deal, 0);
		contribute(WORKERS[0], &task, H256::repeat_byte(1));
		let requester = free(REQUESTER);
		let worker = free(WORKERS[0]);
		set_time(START_MS + 10 * T_MS);
		call(Sr25519Keyring::Ferdie, Poco::claim { deal, index: 0 });
		call(Sr25519Keyring::Ferdie, Poco::claim { deal, index: 1 });
		let price = APP_PRICE + DATASET_PRICE + POOL_PRICE;
		assert_eq!(free(REQUESTER), requester + 2 * price, "refunded in full, for both tasks");
		assert_eq!(free(WORKERS[0]), worker + STAKE, "the contributor's stake is released");
		assert_eq!(Escrow::available(Pot::Kitty), 2 * STAKE, "both scheduler stakes in the kitty");
		assert_eq!(status(&task), TaskStatus::Failed);

		// A later task's finalize pays the scheduler 10% of the kitty.
		let later = make_deal(1, 1, 5);
		call(SCHEDULER, Poco::initialize { deal: later, index: 0 });
		let task = task_id(&later, 0);
		contribute(WORKERS[1], &task, H256::repeat_byte(3));
		reveal(WORKERS[1], &task, H256::repeat_byte(3));
		let scheduler = free(SCHEDULER);
		finalize(&task);
		let kitty_share = 2 * STAKE / 10;
		assert_eq!(Escrow::available(Pot::Kitty), 2 * STAKE - kitty_share);
		let worker_share = POOL_PRICE * 99 / 100;
		assert_eq!(free(SCHEDULER), scheduler + STAKE + kitty_share + POOL_PRICE - worker_share);
	});
}
