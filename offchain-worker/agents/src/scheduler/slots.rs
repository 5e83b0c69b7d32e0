//! Tasks nobody initialized yet, given to workers as slots [beyond]: the
//! scheduler authorises workers for a task of a deal by its deal and index
//! (`pool::Slot`), and the first contribution initializes the task
//! (`ContributeArgs::initialize`), instead of initializing tasks
//! (`initialize_batch`, a bounded batch a block) and authorising workers a
//! block later. A trust 1 task is then a single `ContributeAndFinalize` item
//! in the block after its deal, and the scheduler sends no transaction for
//! it at all.
//!
//! Workers are chosen as for an initialized task (`super::authorize`): live
//! workers whose capabilities meet the deal's requirements, least loaded
//! first, then the fastest, as many as the replication rule asks for at
//! their weights (read in bulk, once a step). The order is taken once a
//! step for each set of requirements, and the step's slots take the workers
//! round robin along it, so that one step's tasks spread over the pool
//! instead of going to the same few; each worker (or, for a replicated
//! task, each team of workers) takes as many slots in a row as it has cores,
//! so that it computes them at once and sends their steps in one batch.
//!
//! An authorised worker that has not contributed within `PENDING_FOR_SECS`
//! no longer counts (the task is still uninitialized, so it comes back in
//! the next step's list): its slot goes to someone else. A slot no live
//! worker can take is left to `initialize_batch`, so that the task follows
//! the initialized path and tells why it waits (`Shared::set_waiting`).

use ect_client::runtime::AccountId;
use pallet_ect_registry::Resources;
use polkadot_sdk::sp_core::H256;

use super::{assign, state::Given, PENDING_FOR_SECS};
use crate::pool::{Capabilities, Slot};

/// A worker chosen for a slot: who, and the task's deal and index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
	/// The task.
	pub task: H256,
	/// The worker.
	pub worker: AccountId,
	/// Where the task comes from.
	pub slot: Slot,
}

/// The live workers that meet one set of requirements, in the order they
/// are given tasks, where the next one is taken from, and the team the
/// slots go to meanwhile.
struct Queue {
	/// The workers, each with the slots it takes in a row (its cores).
	workers: Vec<(AccountId, u32)>,
	next: usize,
	/// The workers the current run of slots goes to, and how many slots
	/// of the run are left.
	team: Vec<AccountId>,
	left: u32,
}

impl Queue {
	/// The workers of `live` that meet `required`, least loaded first
	/// (`load`), then the fastest.
	fn new(live: &[(AccountId, Capabilities)], required: &Resources, load: &dyn Fn(&AccountId) -> u64) -> Self {
		let mut fit: Vec<&(AccountId, Capabilities)> =
			live.iter().filter(|(_, capabilities)| capabilities.resources().satisfies(required)).collect();
		fit.sort_by(|(a, of_a), (b, of_b)| {
			load(a).cmp(&load(b)).then_with(|| of_b.fuel_per_sec.cmp(&of_a.fuel_per_sec)).then_with(|| a.cmp(b))
		});
		let workers = fit.into_iter().map(|(worker, c)| (worker.clone(), u32::from(c.cpu_cores).max(1))).collect();
		Self { workers, next: 0, team: Vec::new(), left: 0 }
	}

	/// Starts a slot: a new team once the current one took its run.
	fn begin(&mut self) {
		if self.left == 0 {
			self.team.clear();
		}
	}

	/// The next worker for the current slot that is not among `taken`: one
	/// of the team, or else the next one round robin, who joins the team
	/// (its first member sets the run's length: its cores). `None` once a
	/// whole turn finds none.
	fn take(&mut self, taken: &[AccountId]) -> Option<AccountId> {
		if let Some(member) = self.team.iter().find(|w| !taken.contains(w)) {
			return Some(member.clone());
		}
		for _ in 0..self.workers.len() {
			let (worker, cores) = &self.workers[self.next];
			self.next = (self.next + 1) % self.workers.len();
			if !taken.contains(worker) && !self.team.contains(worker) {
				if self.team.is_empty() {
					self.left = *cores;
				}
				self.team.push(worker.clone());
				return Some(worker.clone());
			}
		}
		None
	}

	/// Ends a slot: one fewer left in the team's run.
	fn end(&mut self) {
		self.left = self.left.saturating_sub(1);
	}
}

/// What a step knows to give slots: the live workers and their loads and
/// weights, the authorisations already given, and the time.
pub struct Pool<'a> {
	/// The live workers with their capabilities.
	pub live: &'a [(AccountId, Capabilities)],
	/// Each worker's load (tasks given, ever, this step's counted).
	pub load: &'a dyn Fn(&AccountId) -> u64,
	/// Each worker's consensus weight.
	pub weight: &'a dyn Fn(&AccountId) -> u32,
	/// The authorisations given for a task so far (saved and this step's).
	pub given: &'a dyn Fn(&H256) -> Vec<Given>,
	/// Now, unix seconds.
	pub now: u64,
}

/// What a slot's deal asks of its workers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wants {
	/// The deal's trust.
	pub trust: u32,
	/// What its workers must meet ([`super::fit::for_workers`] of its requirements).
	pub required: Resources,
}

/// Chooses workers for `slots` (deal, index: tasks not initialized) whose
/// deals `wants` describes (a slot of a deal it does not know is skipped):
/// for each, as many as the replication rule asks for beyond its pending
/// authorisations. Returns the workers chosen, and the slots that got none
/// and have no pending authorisation (left to `initialize_batch`).
pub fn choose(
	pool: &Pool<'_>,
	slots: &[(H256, u32)],
	wants: &dyn Fn(&H256) -> Option<Wants>,
) -> (Vec<Chosen>, Vec<(H256, u32)>) {
	let (mut chosen, mut left) = (Vec::new(), Vec::new());
	let mut queues: Vec<(Resources, Queue)> = Vec::new();
	for &(deal, index) in slots {
		let Some(Wants { trust, required }) = wants(&deal) else { continue };
		let task = pallet_ect_marketplace::task_id(&deal, index);
		let given = (pool.given)(&task);
		let mut taken: Vec<AccountId> = given.iter().map(|g| g.worker.clone()).collect();
		let mut weights: Vec<u32> = given
			.iter()
			.filter(|g| pool.now.saturating_sub(g.at) < PENDING_FOR_SECS)
			.map(|g| (pool.weight)(&g.worker))
			.collect();
		let at = match queues.iter().position(|(r, _)| *r == required) {
			Some(at) => at,
			None => {
				queues.push((required, Queue::new(pool.live, &required, pool.load)));
				queues.len() - 1
			},
		};
		let queue = &mut queues[at].1;
		queue.begin();
		while assign::wants_more(trust, &[], &weights, false) {
			let Some(worker) = queue.take(&taken) else { break };
			weights.push((pool.weight)(&worker));
			taken.push(worker.clone());
			chosen.push(Chosen { task, worker, slot: Slot { deal, index } });
		}
		queue.end();
		if weights.is_empty() {
			left.push((deal, index));
		}
	}
	(chosen, left)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn worker(n: u8) -> AccountId {
		AccountId::new([n; 32])
	}

	fn live(workers: &[u8], cores: u16) -> Vec<(AccountId, Capabilities)> {
		workers.iter().map(|n| (worker(*n), Capabilities { cpu_cores: cores, ..Default::default() })).collect()
	}

	fn wants(trust: u32) -> impl Fn(&H256) -> Option<Wants> {
		move |_| Some(Wants { trust, required: Resources::default() })
	}

	fn deal() -> H256 {
		H256::repeat_byte(0xde)
	}

	/// A step's pool over `live`, with the same load for everyone and fresh
	/// workers' weight 2, given `given` for every task.
	fn choose_with(
		live: &[(AccountId, Capabilities)],
		given: Vec<Given>,
		slots: &[(H256, u32)],
		wants: &dyn Fn(&H256) -> Option<Wants>,
	) -> (Vec<Chosen>, Vec<(H256, u32)>) {
		let pool = Pool { live, load: &|_| 0, weight: &|_| 2, given: &move |_| given.clone(), now: 1_000 };
		choose(&pool, slots, wants)
	}

	fn workers_of(chosen: &[Chosen]) -> Vec<AccountId> {
		chosen.iter().map(|c| c.worker.clone()).collect()
	}

	#[test]
	fn trust_one_slots_go_round_robin_one_worker_each() {
		let slots: Vec<(H256, u32)> = (0..4).map(|i| (deal(), i)).collect();
		let (chosen, left) = choose_with(&live(&[1, 2, 3], 1), Vec::new(), &slots, &wants(1));
		assert_eq!(workers_of(&chosen), vec![worker(1), worker(2), worker(3), worker(1)]);
		assert_eq!(chosen[3].slot, Slot { deal: deal(), index: 3 });
		assert_eq!(chosen[3].task, pallet_ect_marketplace::task_id(&deal(), 3));
		assert!(left.is_empty());
	}

	#[test]
	fn a_replicated_slot_gets_as_many_workers_as_its_trust_asks() {
		// Fresh workers weigh 2: trust 5 needs three (2 * 2 * 2 >= 5).
		let (chosen, left) = choose_with(&live(&[1, 2, 3, 4], 1), Vec::new(), &[(deal(), 0)], &wants(5));
		assert_eq!(workers_of(&chosen), vec![worker(1), worker(2), worker(3)]);
		assert!(left.is_empty());
	}

	#[test]
	fn a_pending_authorisation_counts_and_a_silent_one_is_replaced() {
		let pending = Given { worker: worker(1), authorization: "0x".into(), at: 995, slot: None };
		let (chosen, left) = choose_with(&live(&[1, 2], 1), vec![pending.clone()], &[(deal(), 0)], &wants(1));
		assert!(chosen.is_empty() && left.is_empty(), "the pending worker is enough");

		let silent = Given { at: 1_000 - PENDING_FOR_SECS, ..pending };
		let (chosen, left) = choose_with(&live(&[1, 2], 1), vec![silent], &[(deal(), 0)], &wants(1));
		assert_eq!(workers_of(&chosen), vec![worker(2)], "someone else than the silent worker");
		assert!(left.is_empty());
	}

	#[test]
	fn slots_no_live_worker_can_take_are_left_to_initialize() {
		let slots = [(deal(), 0), (deal(), 1)];
		let (chosen, left) = choose_with(&[], Vec::new(), &slots, &wants(1));
		assert!(chosen.is_empty());
		assert_eq!(left, slots.to_vec());

		let big = move |_: &H256| Some(Wants { trust: 1, required: Resources { cpu_cores: 8, ..Default::default() } });
		let (chosen, left) = choose_with(&live(&[1, 2], 4), Vec::new(), &slots, &big);
		assert!(chosen.is_empty(), "no live worker has 8 cores");
		assert_eq!(left, slots.to_vec());

		let (chosen, left) = choose_with(&live(&[1], 1), Vec::new(), &slots, &|_| None);
		assert!(chosen.is_empty() && left.is_empty(), "a slot of an unknown deal is skipped");
	}

	#[test]
	fn a_worker_takes_as_many_slots_in_a_row_as_it_has_cores_and_a_team_as_many_as_its_first() {
		let slots: Vec<(H256, u32)> = (0..5).map(|i| (deal(), i)).collect();
		let (chosen, _) = choose_with(&live(&[1, 2], 2), Vec::new(), &slots, &wants(1));
		assert_eq!(workers_of(&chosen), vec![worker(1), worker(1), worker(2), worker(2), worker(1)]);

		// Trust 5 takes teams of three; each runs two slots.
		let (chosen, _) = choose_with(&live(&[1, 2, 3, 4], 2), Vec::new(), &slots[..3], &wants(5));
		let team = |from: usize| workers_of(&chosen[from..from + 3]);
		assert_eq!(team(0), vec![worker(1), worker(2), worker(3)]);
		assert_eq!(team(3), team(0));
		assert_eq!(team(6), vec![worker(4), worker(1), worker(2)]);
	}

	#[test]
	fn the_least_loaded_and_then_the_fastest_come_first() {
		let mut live = live(&[1, 2, 3], 1);
		live[2].1.fuel_per_sec = 10;
		let load = |w: &AccountId| if *w == worker(1) { 5 } else { 0 };
		let pool = Pool { live: &live, load: &load, weight: &|_| 2, given: &|_| Vec::new(), now: 0 };
		let (chosen, _) = choose(&pool, &[(deal(), 0), (deal(), 1), (deal(), 2)], &wants(1));
		assert_eq!(workers_of(&chosen), vec![worker(3), worker(2), worker(1)]);
	}
}
