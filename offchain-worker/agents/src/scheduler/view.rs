//! The chain as one block's step sees it: each worker's consensus weight
//! (`ReputationApi_weight`, or many at once with `ReputationApi_weights`)
//! and each deal read once, however many tasks the step handles, instead of
//! once per task (and, for weights, per task and live worker). A step's reads all come from the chain's state as it was
//! read during that step, as before; only repeats are saved.

use std::collections::BTreeMap;

use ect_client::{
	reads::{self, Deal},
	runtime::AccountId,
	Rpc,
};
use ect_poco_math::Weight;
use polkadot_sdk::sp_core::H256;

/// Weights and deals read during one step.
pub struct StepView<'a> {
	rpc: &'a Rpc,
	weights: BTreeMap<AccountId, Weight>,
	deals: BTreeMap<H256, Option<Deal>>,
}

impl<'a> StepView<'a> {
	/// Nothing read yet.
	pub fn new(rpc: &'a Rpc) -> Self {
		Self { rpc, weights: BTreeMap::new(), deals: BTreeMap::new() }
	}

	/// `worker`'s weight: read from the chain the first time it is asked.
	pub async fn weight(&mut self, worker: &AccountId) -> ect_client::Result<Weight> {
		if let Some(weight) = self.weights.get(worker) {
			return Ok(*weight);
		}
		let weight = reads::weight(self.rpc, worker).await?;
		self.weights.insert(worker.clone(), weight);
		Ok(weight)
	}

	/// Reads the weights of those of `workers` not read yet, in bulk
	/// ([`reads::weights`]), so that [`Self::weight`] answers them without a
	/// call each.
	pub async fn read_weights(&mut self, workers: &[AccountId]) -> ect_client::Result<()> {
		let missing: Vec<AccountId> = workers.iter().filter(|w| !self.weights.contains_key(*w)).cloned().collect();
		if missing.is_empty() {
			return Ok(());
		}
		let weights = reads::weights(self.rpc, &missing).await?;
		self.weights.extend(missing.into_iter().zip(weights));
		Ok(())
	}

	/// `worker`'s weight if it was read in this step.
	pub fn known_weight(&self, worker: &AccountId) -> Option<Weight> {
		self.weights.get(worker).copied()
	}

	/// The deal `id` (`None` if there is none): read the first time it is asked.
	pub async fn deal(&mut self, id: H256) -> ect_client::Result<Option<Deal>> {
		if let Some(deal) = self.deals.get(&id) {
			return Ok(deal.clone());
		}
		let deal = reads::deal(self.rpc, id).await?;
		self.deals.insert(id, deal.clone());
		Ok(deal)
	}
}
