//! The benchmark's view of its tasks, driven by the events of each block:
//! which tasks to initialize, which simulated workers contribute to which
//! task, who reveals, what to finalize, and when each task was certified.
//!
//! Workers are chosen round robin, a group of tasks at a time, as many as
//! the replication rule asks for at the workers' weights (their scores are
//! counted here as the chain counts them: +1 per won task with more than
//! one contributor). Every simulated worker computes the same digest, the
//! hash of the task id.

use std::{
	collections::{HashMap, VecDeque},
	time::Instant,
};

use ect_client::runtime::{AccountId, RuntimeEvent};
use pallet_ect_marketplace::{DealId, Event as MarketEvent, TaskId};
use pallet_ect_poco::{BatchKind, Event as PocoEvent};
use polkadot_sdk::sp_core::H256;

use crate::scheduler::assign::more_replicas;

/// A task on its way to certification.
struct Task {
	requested: Instant,
	workers: Vec<usize>,
	contributed: usize,
	revealed: usize,
}

/// What the tracker has seen, for the report.
#[derive(Default, Debug, Clone)]
pub struct Seen {
	/// Deals created for the requester.
	pub deals: u64,
	/// Tasks initialized.
	pub initialized: u64,
	/// Contributions.
	pub contributions: u64,
	/// Reveals.
	pub reveals: u64,
	/// Certified tasks.
	pub certified: u64,
	/// Batch items refused, by kind and error.
	pub refused: HashMap<String, u64>,
	/// Extrinsics that failed as a whole.
	pub failed_extrinsics: u64,
}

/// The tasks of one run.
pub struct Tracker {
	trust: u32,
	group: usize,
	requester: AccountId,
	workers: Vec<AccountId>,
	index: HashMap<AccountId, usize>,
	scores: Vec<u32>,
	next_worker: usize,
	/// Submission times of the requests whose deals are not seen yet.
	requests: VecDeque<Instant>,
	/// Request times of tasks not initialized yet.
	uninitialized: HashMap<TaskId, Instant>,
	tasks: HashMap<TaskId, Task>,
	/// Work to send.
	pub to_initialize: Vec<(DealId, u32)>,
	/// Per worker: tasks to contribute to.
	pub to_contribute: Vec<Vec<TaskId>>,
	/// Per worker: tasks to reveal.
	pub to_reveal: Vec<Vec<TaskId>>,
	/// Tasks to finalize.
	pub to_finalize: Vec<TaskId>,
	/// Counters.
	pub seen: Seen,
}

/// A certified task: when it was requested and when it was seen certified.
pub struct Certified {
	/// Request submission.
	pub requested: Instant,
	/// The block with its `TaskFinalized` event was seen.
	pub certified: Instant,
}

impl Tracker {
	/// A tracker for `requester`'s tasks at `trust`, computed by `workers`
	/// (with their current `scores`), assigned `group` tasks at a time.
	pub fn new(trust: u32, group: usize, requester: AccountId, workers: Vec<AccountId>, scores: Vec<u32>) -> Self {
		let index = workers.iter().enumerate().map(|(i, w)| (w.clone(), i)).collect();
		let count = workers.len();
		Self {
			trust,
			group: group.max(1),
			requester,
			workers,
			index,
			scores,
			next_worker: 0,
			requests: VecDeque::new(),
			uninitialized: HashMap::new(),
			tasks: HashMap::new(),
			to_initialize: Vec::new(),
			to_contribute: vec![Vec::new(); count],
			to_reveal: vec![Vec::new(); count],
			to_finalize: Vec::new(),
			seen: Seen::default(),
		}
	}

	/// A request was submitted at `at` (its deal is matched to it in order).
	pub fn requested(&mut self, at: Instant) {
		self.requests.push_back(at);
	}

	/// Tasks requested and not certified yet.
	pub fn in_flight(&self) -> usize {
		self.uninitialized.len() + self.tasks.len()
	}

	/// The digest every simulated worker computes for `task`.
	pub fn digest(task: &TaskId) -> H256 {
		H256(ect_runner::blake2_256(task.as_bytes()))
	}

	/// Takes in the events of a block seen at `now`; returns the tasks it
	/// certified.
	pub fn observe(&mut self, events: &[RuntimeEvent], now: Instant) -> Vec<Certified> {
		let mut certified = Vec::new();
		let mut initialized = Vec::new();
		for event in events {
			match event {
				RuntimeEvent::Marketplace(MarketEvent::DealCreated { deal, requester, first_index, volume, .. })
					if *requester == self.requester =>
				{
					self.seen.deals += 1;
					let requested = self.requests.pop_front().unwrap_or(now);
					for index in *first_index..first_index.saturating_add(*volume) {
						self.uninitialized.insert(pallet_ect_marketplace::task_id(deal, index), requested);
						self.to_initialize.push((*deal, index));
					}
				},
				RuntimeEvent::Poco(PocoEvent::TaskInitialized { task, .. }) =>
					if let Some(requested) = self.uninitialized.remove(task) {
						self.seen.initialized += 1;
						initialized.push((*task, requested));
					},
				RuntimeEvent::Poco(PocoEvent::Contributed { task, .. }) =>
					if let Some(t) = self.tasks.get_mut(task) {
						t.contributed += 1;
						self.seen.contributions += 1;
					},
				RuntimeEvent::Poco(PocoEvent::ConsensusReached { task, .. }) =>
					if let Some(t) = self.tasks.get(task) {
						for w in &t.workers {
							self.to_reveal[*w].push(*task);
						}
					},
				RuntimeEvent::Poco(PocoEvent::Revealed { task, .. }) =>
					if let Some(t) = self.tasks.get_mut(task) {
						t.revealed += 1;
						self.seen.reveals += 1;
						if t.revealed == t.workers.len() {
							self.to_finalize.push(*task);
						}
					},
				RuntimeEvent::Poco(PocoEvent::TaskFinalized { task, .. }) =>
					if let Some(t) = self.tasks.remove(task) {
						self.seen.certified += 1;
						if t.workers.len() > 1 {
							for w in &t.workers {
								self.scores[*w] = self.scores[*w].saturating_add(1);
							}
						}
						certified.push(Certified { requested: t.requested, certified: now });
					},
				RuntimeEvent::Poco(PocoEvent::BatchItemFailed { kind, error, .. }) => {
					let name = format!("{}: {}", kind_name(kind), ect_client::DispatchFailure::new(error).name());
					*self.seen.refused.entry(name).or_default() += 1;
				},
				RuntimeEvent::System(polkadot_sdk::frame_system::Event::ExtrinsicFailed { .. }) =>
					self.seen.failed_extrinsics += 1,
				_ => {},
			}
		}
		for group in initialized.chunks(self.group) {
			let workers = self.choose_workers();
			for (task, requested) in group {
				for w in &workers {
					self.to_contribute[*w].push(*task);
				}
				self.tasks.insert(*task, Task { requested: *requested, workers: workers.clone(), contributed: 0, revealed: 0 });
			}
		}
		certified
	}

	/// The next workers round robin, as many as the replication rule needs
	/// at their weights.
	fn choose_workers(&mut self) -> Vec<usize> {
		let count = self.workers.len();
		let candidates: Vec<usize> = (0..count.min(32)).map(|k| (self.next_worker + k) % count).collect();
		let weights: Vec<u32> = candidates.iter().map(|w| ect_poco_math::worker_weight(self.scores[*w])).collect();
		let needed = more_replicas(self.trust, &[], &[], &weights, false).max(1);
		self.next_worker = (self.next_worker + needed) % count;
		candidates.into_iter().take(needed).collect()
	}

	/// The worker index of `account`.
	pub fn worker_index(&self, account: &AccountId) -> Option<usize> {
		self.index.get(account).copied()
	}
}

fn kind_name(kind: &BatchKind) -> String {
	format!("{kind:?}").to_lowercase()
}

#[cfg(test)]
mod tests {
	use super::*;
	use polkadot_sdk::sp_core::crypto::AccountId32;

	fn account(i: u8) -> AccountId {
		AccountId32::new([i; 32])
	}

	fn deal_created(deal: DealId, requester: AccountId, volume: u32) -> RuntimeEvent {
		RuntimeEvent::Marketplace(MarketEvent::DealCreated {
			deal,
			request: H256::zero(),
			app_order: H256::zero(),
			dataset_order: None,
			workerpool_order: H256::zero(),
			requester,
			scheduler: account(99),
			first_index: 0,
			volume,
		})
	}

	fn poco(event: PocoEvent<ect_client::runtime::Runtime>) -> RuntimeEvent {
		RuntimeEvent::Poco(event)
	}

	/// Drives `volume` tasks at `trust` through every stage; returns the
	/// tracker and the task ids.
	fn through_consensus(trust: u32, volume: u32, group: usize) -> (Tracker, Vec<TaskId>) {
		let workers: Vec<AccountId> = (1..=10).map(account).collect();
		let mut tracker = Tracker::new(trust, group, account(50), workers, vec![0; 10]);
		let deal = H256::repeat_byte(7);
		let now = Instant::now();
		tracker.requested(now);
		// Another requester's deal is not ours.
		assert!(tracker.observe(&[deal_created(H256::repeat_byte(8), account(51), 3)], now).is_empty());
		assert!(tracker.to_initialize.is_empty());
		tracker.observe(&[deal_created(deal, account(50), volume)], now);
		assert_eq!(tracker.to_initialize, (0..volume).map(|i| (deal, i)).collect::<Vec<_>>());
		let tasks: Vec<TaskId> = (0..volume).map(|i| pallet_ect_marketplace::task_id(&deal, i)).collect();
		let initialized: Vec<RuntimeEvent> =
			tasks.iter().enumerate().map(|(i, task)| poco(PocoEvent::TaskInitialized { task: *task, deal, index: i as u32 })).collect();
		tracker.observe(&initialized, now);
		assert_eq!(tracker.in_flight(), volume as usize);
		(tracker, tasks)
	}

	#[test]
	fn trust_one_takes_one_worker_per_group_and_certifies() {
		let (mut tracker, tasks) = through_consensus(1, 4, 2);
		// Two groups of two tasks, each group on its own worker.
		let busy: Vec<usize> = tracker.to_contribute.iter().map(Vec::len).filter(|n| *n > 0).collect();
		assert_eq!(busy, vec![2, 2]);
		let worker = tracker.to_contribute.iter().position(|t| !t.is_empty()).unwrap();
		let task = tracker.to_contribute[worker][0];
		let now = Instant::now();
		tracker.observe(
			&[
				poco(PocoEvent::Contributed { task, worker: account(worker as u8 + 1), result_hash: H256::zero() }),
				poco(PocoEvent::ConsensusReached { task, result_hash: H256::zero() }),
			],
			now,
		);
		assert_eq!(tracker.to_reveal[worker], vec![task]);
		tracker.observe(&[poco(PocoEvent::Revealed { task, worker: account(worker as u8 + 1), digest: Tracker::digest(&task) })], now);
		assert_eq!(tracker.to_finalize, vec![task]);
		let done = tracker.observe(&[poco(PocoEvent::TaskFinalized { task, digest: Tracker::digest(&task), winners: 1, losers: 0 })], now);
		assert_eq!(done.len(), 1);
		assert_eq!(tracker.seen.certified, 1);
		assert_eq!(tracker.in_flight(), tasks.len() - 1);
		// A single contributor does not change scores.
		assert!(tracker.scores.iter().all(|s| *s == 0));
	}

	#[test]
	fn trust_five_takes_three_fresh_workers_and_raises_their_scores() {
		let (mut tracker, tasks) = through_consensus(5, 1, 8);
		let chosen: Vec<usize> = (0..10).filter(|w| !tracker.to_contribute[*w].is_empty()).collect();
		assert_eq!(chosen.len(), 3, "2 * 2 * 2 >= 5 > 2 * 2");
		let task = tasks[0];
		let now = Instant::now();
		tracker.observe(&[poco(PocoEvent::ConsensusReached { task, result_hash: H256::zero() })], now);
		let mut reveals = Vec::new();
		for w in &chosen {
			assert_eq!(tracker.to_reveal[*w], vec![task]);
			reveals.push(poco(PocoEvent::Revealed { task, worker: account(*w as u8 + 1), digest: Tracker::digest(&task) }));
		}
		tracker.observe(&reveals[..2], now);
		assert!(tracker.to_finalize.is_empty(), "finalized only once every worker revealed");
		tracker.observe(&reveals[2..], now);
		assert_eq!(tracker.to_finalize, vec![task]);
		tracker.observe(&[poco(PocoEvent::TaskFinalized { task, digest: Tracker::digest(&task), winners: 3, losers: 0 })], now);
		for w in 0..10 {
			assert_eq!(tracker.scores[w], u32::from(chosen.contains(&w)), "worker {w}");
		}
		// The next task goes to the next workers round robin.
		assert_eq!(tracker.next_worker, 3);
	}

	#[test]
	fn refusals_are_counted_by_kind_and_error() {
		let (mut tracker, _) = through_consensus(1, 1, 1);
		let error = polkadot_sdk::sp_runtime::DispatchError::Other("x");
		tracker.observe(&[poco(PocoEvent::BatchItemFailed { kind: BatchKind::Contribute, index: 0, error })], Instant::now());
		assert_eq!(tracker.seen.refused.len(), 1);
		assert!(tracker.seen.refused.keys().all(|k| k.starts_with("contribute: ")));
	}
}
