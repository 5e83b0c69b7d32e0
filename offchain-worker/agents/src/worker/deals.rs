//! The deals of the worker's tasks, read from the chain once each: a deal's
//! terms never change while it lives, and a task's steps (computing it,
//! uploading its bundle, certifying it) each need them. At most
//! [`CAPACITY`] deals are kept, the oldest read dropped first; a deal the
//! chain no longer has is not kept.

use std::{
	collections::{BTreeMap, VecDeque},
	sync::Mutex,
};

use ect_client::reads;

use super::link::Link;
use polkadot_sdk::sp_core::H256;

/// The most deals kept: more than a worker has tasks in progress.
pub const CAPACITY: usize = 256;

/// Deals by id, each read once.
#[derive(Default)]
pub struct Deals {
	kept: Mutex<Kept<reads::Deal>>,
}

/// At most [`CAPACITY`] values by id, the oldest kept dropped first.
struct Kept<V> {
	values: BTreeMap<H256, V>,
	/// Ids in the order they were kept.
	order: VecDeque<H256>,
}

impl<V> Default for Kept<V> {
	fn default() -> Self {
		Self { values: BTreeMap::new(), order: VecDeque::new() }
	}
}

impl<V: Clone> Kept<V> {
	fn get(&self, id: &H256) -> Option<V> {
		self.values.get(id).cloned()
	}

	fn keep(&mut self, id: H256, value: V) {
		if self.values.insert(id, value).is_none() {
			self.order.push_back(id);
		}
		while self.order.len() > CAPACITY {
			if let Some(oldest) = self.order.pop_front() {
				self.values.remove(&oldest);
			}
		}
	}
}

impl Deals {
	/// The deal `id`: kept, or read from the chain (`None` if it has none).
	pub async fn get<L: Link>(&self, link: &L, id: H256) -> ect_client::Result<Option<reads::Deal>> {
		if let Some(deal) = self.kept(&id) {
			return Ok(Some(deal));
		}
		let deal = link.deal(id).await?;
		if let Some(deal) = &deal {
			self.keep(id, deal.clone());
		}
		Ok(deal)
	}

	fn kept(&self, id: &H256) -> Option<reads::Deal> {
		self.kept.lock().ok()?.get(id)
	}

	fn keep(&self, id: H256, deal: reads::Deal) {
		if let Ok(mut kept) = self.kept.lock() {
			kept.keep(id, deal);
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn at_most_capacity_values_are_kept_the_oldest_dropped_first() {
		let mut kept = Kept::default();
		let id = |i: usize| H256::from_low_u64_be(i as u64);
		for i in 0..=CAPACITY {
			kept.keep(id(i), i);
		}
		assert_eq!((kept.values.len(), kept.order.len()), (CAPACITY, CAPACITY));
		assert_eq!(kept.get(&id(0)), None, "the oldest went");
		assert_eq!(kept.get(&id(CAPACITY)), Some(CAPACITY));
		kept.keep(id(CAPACITY), 7);
		assert_eq!((kept.values.len(), kept.order.len()), (CAPACITY, CAPACITY), "keeping one again adds nothing");
		assert_eq!(kept.get(&id(CAPACITY)), Some(7));
	}
}
