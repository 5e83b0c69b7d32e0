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
