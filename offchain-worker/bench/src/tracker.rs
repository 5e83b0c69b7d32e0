//! The benchmark's view of its tasks, driven by the events of each block:
//! when each task was published and certified, and what the chain did with
//! them. The scheduler and the workers are the product's (`crate::hub`,
//! `ect_agents::scheduler`): this module only watches.

use std::{
	collections::{HashMap, VecDeque},
	time::Instant,
};

use ect_client::runtime::{AccountId, RuntimeEvent};
use pallet_ect_marketplace::{Event as MarketEvent, TaskId};
use pallet_ect_poco::{BatchKind, Event as PocoEvent};

/// A task on its way to certification.
struct Task {
	requested: Instant,
	published: Instant,
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
	requester: AccountId,
	/// Submission times of the requests whose deals are not seen yet.
	requests: VecDeque<Instant>,
	tasks: HashMap<TaskId, Task>,
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
	/// A tracker for `requester`'s tasks.
	pub fn new(requester: AccountId) -> Self {
		Self { requester, requests: VecDeque::new(), tasks: HashMap::new(), seen: Seen::default() }
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
					for index in *first_index..first_index.saturating_add(*volume) {
						let task = pallet_ect_marketplace::task_id(deal, index);
						self.tasks.insert(task, Task { requested, published: now });
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
}

fn kind_name(kind: &BatchKind) -> String {
	format!("{kind:?}").to_lowercase()
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_ect_marketplace::DealId;
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

	/// `volume` tasks of one deal published; returns the tracker, the deal
	/// and the task ids.
	fn published(volume: u32) -> (Tracker, DealId, Vec<TaskId>) {
		let mut tracker = Tracker::new(account(50));
		let deal = H256::repeat_byte(7);
		let now = Instant::now();
		tracker.requested(now);
		// Another requester's deal is not ours.
		assert!(tracker.observe(&[deal_created(H256::repeat_byte(8), account(51), 3)], now).is_empty());
		assert_eq!(tracker.in_flight(), 0);
		assert_eq!(tracker.unpublished(), 1);
		tracker.observe(&[deal_created(deal, account(50), volume)], now);
		assert_eq!(tracker.unpublished(), 0);
		assert_eq!(tracker.in_flight(), volume as usize);
		(tracker, deal, (0..volume).map(|i| pallet_ect_marketplace::task_id(&deal, i)).collect())
	}

	#[test]
	fn a_task_is_counted_along_its_steps_until_certified() {
		let (mut tracker, deal, tasks) = published(4);
		let task = tasks[0];
		let digest = H256::repeat_byte(3);
		let block = [
			poco(PocoEvent::TaskInitialized { task, deal, index: 0 }),
			poco(PocoEvent::Contributed { task, worker: account(1), result_hash: H256::zero() }),
			poco(PocoEvent::ConsensusReached { task, result_hash: H256::zero() }),
			poco(PocoEvent::Revealed { task, worker: account(1), digest }),
			poco(PocoEvent::TaskFinalized { task, digest, winners: 1, losers: 0 }),
		];
		let done = tracker.observe(&block, Instant::now());
		assert_eq!(done.len(), 1);
		assert!(done[0].published <= done[0].certified);
		assert_eq!((tracker.seen.initialized, tracker.seen.contributions, tracker.seen.reveals, tracker.seen.certified), (1, 1, 1, 1));
		assert_eq!(tracker.in_flight(), tasks.len() - 1);
		// Certified once: a second event for it (or another requester's task) counts nothing.
		let again = [poco(PocoEvent::TaskFinalized { task, digest, winners: 1, losers: 0 })];
		assert!(tracker.observe(&again, Instant::now()).is_empty());
		assert_eq!(tracker.seen.certified, 1);
	}

	#[test]
	fn refusals_are_counted_by_kind_and_error() {
		let (mut tracker, _, _) = published(1);
		let error = polkadot_sdk::sp_runtime::DispatchError::Other("x");
		tracker.observe(&[poco(PocoEvent::BatchItemFailed { kind: BatchKind::Work, index: 0, error })], Instant::now());
		assert_eq!(tracker.seen.refused.len(), 1);
		assert!(tracker.seen.refused.keys().all(|k| k.starts_with("work: ")));
	}
}
