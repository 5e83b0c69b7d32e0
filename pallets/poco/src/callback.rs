//! The hook through which a finalized task's callback bytes reach their
//! target (`protocol.md` §9): another pallet, or the bridge to Ethereum.

use crate::WeightInfo;
use core::marker::PhantomData;
use pallet_ect_marketplace::{CallbackTarget, DealId, TaskId};
use polkadot_sdk::frame_support::weights::Weight;

/// Receives the results of tasks whose deal names a callback target. Called
/// once per finalized task, inside `finalize`; an implementation must keep
/// its own work bounded (it is part of `finalize`'s weight budget).
pub trait ResultCallback {
	/// `data` (the certified callback bytes) for `target`.
	fn on_result(deal: &DealId, task: &TaskId, target: CallbackTarget, data: &[u8]);

	/// The task failed (claimed past its final deadline) and its requester
	/// was refunded on chain. Called once, inside `claim`, after the refund;
	/// the bridge sends the refund on to the origin chain.
	fn on_failure(_deal: &DealId, _task: &TaskId, _target: CallbackTarget) {}

	/// The most one `on_result` or `on_failure` costs (benchmarked by its
	/// implementation); [`WithCallback`] adds it to the calls that make them.
	fn weight() -> Weight {
		Weight::zero()
	}
}

/// PoCo's weights `W` plus, for each task a call may finalize or claim,
/// what delivering its outcome to `C` costs.
pub struct WithCallback<W, C>(PhantomData<(W, C)>);

impl<W: WeightInfo, C: ResultCallback> WithCallback<W, C> {
	fn plus(weight: Weight, tasks: u32) -> Weight {
		weight.saturating_add(C::weight().saturating_mul(u64::from(tasks)))
	}
}

impl<W: WeightInfo, C: ResultCallback> WeightInfo for WithCallback<W, C> {
	fn initialize() -> Weight {
		W::initialize()
	}
	fn contribute(c: u32) -> Weight {
		W::contribute(c)
	}
	fn reveal() -> Weight {
		W::reveal()
	}
	fn reopen() -> Weight {
		W::reopen()
	}
	fn finalize(c: u32) -> Weight {
		Self::plus(W::finalize(c), 1)
	}
	fn claim() -> Weight {
		Self::plus(W::claim(), 1)
	}
	fn initialize_batch(n: u32) -> Weight {
		W::initialize_batch(n)
	}
	fn contribute_batch(n: u32) -> Weight {
		W::contribute_batch(n)
	}
	fn reveal_batch(n: u32) -> Weight {
		W::reveal_batch(n)
	}
	fn finalize_batch(n: u32) -> Weight {
		Self::plus(W::finalize_batch(n), n)
	}
	fn claim_batch(n: u32) -> Weight {
		Self::plus(W::claim_batch(n), n)
	}
	fn contribute_and_finalize(c: u32) -> Weight {
		Self::plus(W::contribute_and_finalize(c), 1)
	}
	fn contribute_and_finalize_initializing() -> Weight {
		Self::plus(W::contribute_and_finalize_initializing(), 1)
	}
	fn reveal_and_finalize(c: u32) -> Weight {
		Self::plus(W::reveal_and_finalize(c), 1)
	}
}

/// No receiver: results stay on chain only.
impl ResultCallback for () {
	fn on_result(_deal: &DealId, _task: &TaskId, _target: CallbackTarget, _data: &[u8]) {}
}
