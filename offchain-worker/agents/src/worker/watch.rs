//! Which of a worker's tasks in progress to read again at a new block: the
//! ones that block's PoCo events name, instead of every one at every block
//! (`spec/offchain.md`: agents scale with their own work, not the chain's).
//!
//! A task's state changes only through calls, and every call that changes
//! what the worker acts on emits an event naming the task (contribution,
//! consensus, reveal, reopening, certification, claim, spot check). Three
//! kinds of waits have no event of their own, so their tasks are read at
//! every block: a computed task not yet contributed, a revealed one whose
//! bundle is not yet stored, and one the worker was told to check again
//! ([`Watch::recheck`]: a spot check's draw that was pending). Everything is
//! read when the worker cannot know what it missed: at the first block of a
//! connection, after a gap in the block numbers, and every [`SWEEP`] blocks
//! as a safety net.

use std::{collections::BTreeSet, sync::Arc};

use ect_client::runtime::RuntimeEvent;
use polkadot_sdk::sp_core::H256;

/// Every this many blocks, every task in progress is read.
pub const SWEEP: u32 = 16;

/// The tasks the PoCo events of a block name.
pub fn touched(events: &[RuntimeEvent]) -> BTreeSet<H256> {
	use pallet_ect_poco::Event;
	events
		.iter()
		.filter_map(|event| match event {
			RuntimeEvent::Poco(
				Event::TaskInitialized { task, .. } |
				Event::Contributed { task, .. } |
				Event::ConsensusReached { task, .. } |
				Event::Revealed { task, .. } |
				Event::TaskReopened { task } |
				Event::TaskFinalized { task, .. } |
				Event::TaskClaimed { task, .. } |
				Event::SpotChecked { task },
			) => Some(*task),
			_ => None,
		})
		.collect()
}

/// What to read at a block.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
	/// Every task in progress.
	All,
	/// The tasks the block's events name (shared by every worker that
	/// follows the block), and those to check again (and those that wait
	/// without an event).
	Only {
		/// Named by the block's events.
		touched: Arc<BTreeSet<H256>>,
		/// To check again.
		recheck: BTreeSet<H256>,
	},
}

impl Plan {
	/// Whether `task` is to be read.
	pub fn includes(&self, task: &H256) -> bool {
		match self {
			Plan::All => true,
			Plan::Only { touched, recheck } => touched.contains(task) || recheck.contains(task),
		}
	}
}

/// The blocks seen and the tasks to check again.
#[derive(Debug, Default)]
pub struct Watch {
	last: Option<u32>,
	recheck: BTreeSet<H256>,
}

impl Watch {
	/// The plan for block `number` (`None`: no block known, as after a
	/// timeout) whose events name `touched`.
	pub fn plan(&mut self, number: Option<u32>, touched: Arc<BTreeSet<H256>>) -> Plan {
		let follows = matches!((self.last, number), (Some(last), Some(n)) if n == last.saturating_add(1));
		let sweep = number.is_some_and(|n| n % SWEEP == 0);
		if let Some(n) = number {
			self.last = Some(n);
		}
		let recheck = std::mem::take(&mut self.recheck);
		if !follows || sweep {
			return Plan::All;
		}
		Plan::Only { touched, recheck }
	}

	/// Reads `task` again at the next block, whatever its events.
	pub fn recheck(&mut self, task: H256) {
		self.recheck.insert(task);
	}

	/// Forgets the blocks seen: the next plan reads everything (a new
	/// connection).
	pub fn reset(&mut self) {
		self.last = None;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const A: H256 = H256::repeat_byte(1);
	const B: H256 = H256::repeat_byte(2);

	fn set(tasks: &[H256]) -> Arc<BTreeSet<H256>> {
		Arc::new(tasks.iter().copied().collect())
	}

	fn only(touched: &[H256], recheck: &[H256]) -> Plan {
		Plan::Only { touched: set(touched), recheck: recheck.iter().copied().collect() }
	}

	#[test]
	fn the_first_block_a_gap_a_timeout_and_every_sweep_read_everything() {
		let mut watch = Watch::default();
		assert_eq!(watch.plan(Some(3), set(&[A])), Plan::All, "the first block");
		assert_eq!(watch.plan(Some(4), set(&[A])), only(&[A], &[]));
		assert_eq!(watch.plan(Some(6), set(&[])), Plan::All, "block 5 was missed");
		assert_eq!(watch.plan(None, set(&[])), Plan::All, "no block: a timeout");
		assert_eq!(watch.plan(Some(7), set(&[])), only(&[], &[]), "the last block known is still 6");
		assert_eq!(watch.plan(Some(SWEEP), set(&[])), Plan::All, "a gap");
		assert_eq!(watch.plan(Some(SWEEP + 1), set(&[B])), only(&[B], &[]));
		assert_eq!(watch.plan(Some(2 * SWEEP - 1), set(&[])), Plan::All, "a gap again");
		assert_eq!(watch.plan(Some(2 * SWEEP), set(&[])), Plan::All, "the sweep");
		watch.reset();
		assert_eq!(watch.plan(Some(2 * SWEEP + 1), set(&[])), Plan::All, "a new connection");
	}

	#[test]
	fn a_recheck_is_read_at_the_next_block_only() {
		let mut watch = Watch::default();
		watch.plan(Some(1), set(&[]));
		watch.recheck(B);
		assert_eq!(watch.plan(Some(2), set(&[A])), only(&[A], &[B]));
		assert_eq!(watch.plan(Some(3), set(&[])), only(&[], &[]));
		assert!(Plan::All.includes(&A) && !only(&[B], &[]).includes(&A));
		assert!(only(&[A], &[B]).includes(&B) && only(&[A], &[B]).includes(&A));
	}

	#[test]
	fn the_events_that_name_a_task_touch_it() {
		use pallet_ect_poco::Event;
		let events = vec![
			RuntimeEvent::Poco(Event::ConsensusReached { task: A, result_hash: H256::zero() }),
			RuntimeEvent::Poco(Event::TaskReopened { task: B }),
			RuntimeEvent::Poco(Event::SpotCheckRateSet { pool: 0, per_million: 1 }),
		];
		assert_eq!(touched(&events), *set(&[A, B]));
		assert!(touched(&[]).is_empty());
	}
}
