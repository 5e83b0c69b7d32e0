//! The benchmark's view of its tasks, driven by the events of each block:
//! which worker the scheduler's side of the run authorises for which task,
//! and when each task was published and certified.
//!
//! The workers are the product's ([`crate::hub`]): each takes its
//! authorisations and moves its tasks along by itself, with the folded
//! steps of the protocol (its contribution initializes the task; a task its
//! weight meets alone is contributed and certified in one item; the last
//! reveal of a replicated task certifies it). This module plays the
//! scheduler: workers are chosen round robin, a group of tasks at a time,
//! as many as the replication rule asks for at the workers' weights (their
//! scores are counted here as the chain counts them: +1 per won task with
//! more than one contributor).

use std::{
	collections::{HashMap, VecDeque},
	time::Instant,
};

use ect_agents::scheduler::assign::more_replicas;
use ect_client::runtime::{AccountId, RuntimeEvent};
use pallet_ect_marketplace::{DealId, Event as MarketEvent, TaskId};
use pallet_ect_poco::{BatchKind, Event as PocoEvent};

/// A task on its way to certification.
struct Task {
	requested: Instant,
	published: Instant,
	workers: Vec<usize>,
}

/// A worker to authorise for a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assign {
	/// The worker's index.
	pub worker: usize,
	/// The task's deal.
	pub deal: DealId,
	/// Its index in the deal.
	pub index: u32,
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
	scores: Vec<u32>,
	next_worker: usize,
	/// Submission times of the requests whose deals are not seen yet.
	requests: VecDeque<Instant>,
	tasks: HashMap<TaskId, Task>,
	/// The authorisations to give, in order.
	pub to_assign: Vec<Assign>,
	/// Counters.
	pub seen: Seen,
}

/// A certified task: when it was requested, published and certified.
pub struct Certified {
	/// Request submission.
	pub requested: Instant,
	/// The block with the request's deal was seen.
	pub published: Instant,
	/// The block with its `TaskFinalized` event was seen.
	pub certified: Instant,
}

impl Tracker {
	/// A tracker for `requester`'s tasks at `trust`, computed by `workers`
	/// (with their current `scores`), assigned `group` tasks at a time.
	pub fn new(trust: u32, group: usize, requester: AccountId, workers: Vec<AccountId>, scores: Vec<u32>) -> Self {
		Self {
			trust,
			group: group.max(1),
			requester,
			workers,
			scores,
			next_worker: 0,
			requests: VecDeque::new(),
			tasks: HashMap::new(),
			to_assign: Vec::new(),
			seen: Seen::default(),
		}
	}

	/// A request was submitted at `at` (its deal is matched to it in order).
	pub fn requested(&mut self, at: Instant) {
		self.requests.push_back(at);
	}

	/// Tasks published and not certified yet.
	pub fn in_flight(&self) -> usize {
		self.tasks.len()
	}

	/// Requests whose deal was not seen yet.
	pub fn unpublished(&self) -> usize {
		self.requests.len()
	}

	/// Takes in the events of a block seen at `now`; returns the tasks it
	/// certified.
	pub fn observe(&mut self, events: &[RuntimeEvent], now: Instant) -> Vec<Certified> {
		let mut certified = Vec::new();
		for event in events {
			match event {
				RuntimeEvent::Marketplace(MarketEvent::DealCreated { deal, requester, first_index, volume, .. })
					if *requester == self.requester =>
				{
					self.seen.deals += 1;
					let requested = self.requests.pop_front().unwrap_or(now);
					let indices: Vec<u32> = (*first_index..first_index.saturating_add(*volume)).collect();
					for group in indices.chunks(self.group) {
						self.assign(*deal, group, requested, now);
					}
				},
				RuntimeEvent::Poco(PocoEvent::TaskInitialized { task, .. }) if self.tasks.contains_key(task) =>
					self.seen.initialized += 1,
				RuntimeEvent::Poco(PocoEvent::Contributed { task, .. }) if self.tasks.contains_key(task) =>
					self.seen.contributions += 1,
				RuntimeEvent::Poco(PocoEvent::Revealed { task, .. }) if self.tasks.contains_key(task) =>
					self.seen.reveals += 1,
				RuntimeEvent::Poco(PocoEvent::TaskFinalized { task, .. }) =>
					if let Some(t) = self.tasks.remove(task) {
						self.seen.certified += 1;
						if t.workers.len() > 1 {
							for w in &t.workers {
								self.scores[*w] = self.scores[*w].saturating_add(1);
							}
						}
						certified.push(Certified { requested: t.requested, published: t.published, certified: now });
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
		certified
	}

	/// Gives tasks `indices` of `deal` to the next workers.
	fn assign(&mut self, deal: DealId, indices: &[u32], requested: Instant, published: Instant) {
		let workers = self.choose_workers();
		for index in indices {
			let task = pallet_ect_marketplace::task_id(&deal, *index);
			for w in &workers {
				self.to_assign.push(Assign { worker: *w, deal, index: *index });
			}
			self.tasks.insert(task, Task { requested, published, workers: workers.clone() });
		}
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
}

fn kind_name(kind: &BatchKind) -> String {
	format!("{kind:?}").to_lowercase()
}

#[cfg(test)]
mod tests {
	use super::*;
	use polkadot_sdk::sp_core::H256;
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

	/// `volume` tasks of one deal published at `trust`, `group` at a time,
	/// to 10 fresh workers; returns the tracker, the deal and the task ids.
	fn published(trust: u32, volume: u32, group: usize) -> (Tracker, DealId, Vec<TaskId>) {
		let workers: Vec<AccountId> = (1..=10).map(account).collect();
		let mut tracker = Tracker::new(trust, group, account(50), workers, vec![0; 10]);
		let deal = H256::repeat_byte(7);
		let now = Instant::now();
		tracker.requested(now);
		// Another requester's deal is not ours.
		assert!(tracker.observe(&[deal_created(H256::repeat_byte(8), account(51), 3)], now).is_empty());
		assert!(tracker.to_assign.is_empty());
		assert_eq!(tracker.unpublished(), 1);
		tracker.observe(&[deal_created(deal, account(50), volume)], now);
		assert_eq!(tracker.unpublished(), 0);
		assert_eq!(tracker.in_flight(), volume as usize);
		(tracker, deal, (0..volume).map(|i| pallet_ect_marketplace::task_id(&deal, i)).collect())
	}

	fn busy(tracker: &Tracker) -> Vec<usize> {
		let mut workers: Vec<usize> = tracker.to_assign.iter().map(|a| a.worker).collect();
		workers.dedup();
		workers
	}

	#[test]
	fn trust_one_gives_each_group_to_one_worker() {
		let (mut tracker, deal, tasks) = published(1, 4, 2);
		assert_eq!(busy(&tracker), vec![0, 1], "two groups of two tasks, each on its own worker");
		assert_eq!(
			tracker.to_assign[..2],
			[Assign { worker: 0, deal, index: 0 }, Assign { worker: 0, deal, index: 1 }]
		);
		let task = tasks[0];
		let digest = H256::repeat_byte(3);
		let block = [
			poco(PocoEvent::TaskInitialized { task, deal, index: 0 }),
			poco(PocoEvent::Contributed { task, worker: account(1), result_hash: H256::zero() }),
			poco(PocoEvent::ConsensusReached { task, result_hash: H256::zero() }),
			poco(PocoEvent::Revealed { task, worker: account(1), digest }),
			poco(PocoEvent::TaskFinalized { task, digest, winners: 1, losers: 0 }),
		];
		tracker.to_assign.clear();
		let done = tracker.observe(&block, Instant::now());
		assert_eq!(done.len(), 1);
		assert!(tracker.to_assign.is_empty(), "the workers reveal by themselves");
		assert_eq!((tracker.seen.initialized, tracker.seen.contributions, tracker.seen.reveals, tracker.seen.certified), (1, 1, 1, 1));
		assert_eq!(tracker.in_flight(), tasks.len() - 1);
		// A single contributor does not change scores.
		assert!(tracker.scores.iter().all(|s| *s == 0));
	}

	#[test]
	fn trust_five_takes_three_fresh_workers_whose_scores_then_rise() {
		let (mut tracker, deal, tasks) = published(5, 1, 8);
		let chosen = busy(&tracker);
		assert_eq!(chosen, vec![0, 1, 2], "2 * 2 * 2 >= 5 > 2 * 2");
		assert!(tracker.to_assign.iter().all(|a| a.deal == deal && a.index == 0));
		tracker.to_assign.clear();
		let task = tasks[0];
		let digest = H256::repeat_byte(3);
		tracker.observe(&[poco(PocoEvent::ConsensusReached { task, result_hash: H256::zero() })], Instant::now());
		assert!(tracker.to_assign.is_empty(), "the workers reveal by themselves");
		tracker.observe(&[poco(PocoEvent::TaskFinalized { task, digest, winners: 3, losers: 0 })], Instant::now());
		for w in 0..10 {
			assert_eq!(tracker.scores[w], u32::from(chosen.contains(&w)), "worker {w}");
		}
		// The next task goes to the next workers round robin.
		assert_eq!(tracker.next_worker, 3);
	}

	#[test]
	fn refusals_are_counted_by_kind_and_error() {
		let (mut tracker, _, _) = published(1, 1, 1);
		let error = polkadot_sdk::sp_runtime::DispatchError::Other("x");
		tracker.observe(&[poco(PocoEvent::BatchItemFailed { kind: BatchKind::Work, index: 0, error })], Instant::now());
		assert_eq!(tracker.seen.refused.len(), 1);
		assert!(tracker.seen.refused.keys().all(|k| k.starts_with("work: ")));
	}
}
