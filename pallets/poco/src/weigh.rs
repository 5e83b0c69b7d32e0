//! What calls weigh: the worst case is declared before dispatch, the cost of
//! what actually happened (how many contributions a task had, whether a
//! contribution initialized it, whether a reveal certified it, whether the
//! result hook was called, whether the task was its deal's last) is refunded
//! after, so that a block holds as many tasks as it can execute.

use crate::{
	claim::Claimed, contribute::Contributed, finalize::Certified, settlement::Settled, Config, ContributeArgsOf,
	Pallet, ResultCallback, WeightInfo, WorkItemOf,
};
use polkadot_sdk::frame_support::{traits::Get, weights::Weight};

/// This pallet's benchmarked weights.
type W<T> = <T as Config>::WeightInfo;

impl<T: Config> Pallet<T> {
	/// The most contributions a task can have before another one.
	fn max_prior() -> u32 {
		T::MaxContributors::get().saturating_sub(1)
	}

	/// `initialize`'s weight if `initializes`.
	fn initialize_if(initializes: bool) -> Weight {
		if initializes {
			W::<T>::initialize()
		} else {
			Weight::zero()
		}
	}

	/// The result hook's work for one task ([`ResultCallback::weight`]).
	pub(crate) fn callback() -> Weight {
		T::ResultCallback::weight()
	}

	/// The result hook's work for one task if it was `called`.
	pub(crate) fn callback_if(called: bool) -> Weight {
		if called {
			Self::callback()
		} else {
			Weight::zero()
		}
	}

	/// The spot-check draw's read ([`crate::spot_check`]), beyond the
	/// benchmarks: the pool's rate at a lone consensus, or the drawn block's
	/// hash at a reveal or a checker's contribution. One storage read (a
	/// `BlockHash` entry at most); the hashing is negligible.
	pub(crate) fn spot_check_read() -> Weight {
		T::DbWeight::get().reads(1).saturating_add(Weight::from_parts(0, 2_600))
	}

	/// `contribute` with `args`, at worst.
	pub(crate) fn contribute_declared(args: &ContributeArgsOf<T>) -> Weight {
		W::<T>::contribute(Self::max_prior())
			.saturating_add(Self::initialize_if(args.initialize.is_some()))
			.saturating_add(Self::spot_check_read())
	}

	/// `contribute` as it happened.
	pub(crate) fn contribute_actual(done: Contributed) -> Weight {
		W::<T>::contribute(done.prior)
			.saturating_add(Self::initialize_if(done.initialized))
			.saturating_add(if done.drew { Self::spot_check_read() } else { Weight::zero() })
	}

	/// `reveal` (one item of `reveal_batch`).
	pub(crate) fn reveal_declared() -> Weight {
		W::<T>::reveal().saturating_add(Self::spot_check_read())
	}

	/// `contribute_batch` over `items`, at worst: each item as the single
	/// call (the batch benchmark's items share their deal, which costs less
	/// than items of different deals).
	pub(crate) fn contribute_batch_declared(items: &[ContributeArgsOf<T>]) -> Weight {
		items.iter().fold(Weight::zero(), |total, item| total.saturating_add(Self::contribute_declared(item)))
	}

	/// `finalize`, at worst.
	pub(crate) fn finalize_declared() -> Weight {
		W::<T>::finalize(T::MaxContributors::get()).saturating_add(Self::callback())
	}

	/// What a certification did beyond its benchmark's steps: the result
	/// hook if it was called, less the deal's retirement if the task was not
	/// its deal's last (the benchmarks certify a deal's only task).
	fn certified_extra(steps: Weight, done: Certified) -> Weight {
		let retirement = if done.retired { Weight::zero() } else { W::<T>::retire() };
		steps.saturating_add(Self::callback_if(done.called_back)).saturating_sub(retirement)
	}

	/// `finalize` as it happened.
	pub(crate) fn finalize_actual(done: Certified) -> Weight {
		Self::certified_extra(W::<T>::finalize(done.contributors), done)
	}

	/// `finalize_batch` of `n` tasks, at worst: each item as the single
	/// call, which is what an item reports (the batch benchmark's tasks share
	/// their workers and deal, which costs less than the worst case).
	pub(crate) fn finalize_batch_declared(n: u32) -> Weight {
		Self::finalize_declared().saturating_mul(u64::from(n))
	}

	/// `claim`, at worst.
	pub(crate) fn claim_declared() -> Weight {
		W::<T>::claim().saturating_add(Self::callback())
	}

	/// `claim` as it happened (its benchmark claims a deal's only task, so
	/// it counts the deal's retirement).
	pub(crate) fn claim_actual(done: Claimed) -> Weight {
		let retirement = if done.retired { Weight::zero() } else { W::<T>::retire() };
		W::<T>::claim().saturating_add(Self::callback_if(done.called_back)).saturating_sub(retirement)
	}

	/// What one item of `claim_batch` may add to the batch's benchmark, in
	/// which all items are of one deal: its result hook and its deal's
	/// retirement.
	pub(crate) fn claim_item_extra_declared() -> Weight {
		Self::callback().saturating_add(W::<T>::retire())
	}

	/// What one item of `claim_batch` added, as it happened.
	pub(crate) fn claim_item_extra(done: Claimed) -> Weight {
		let retirement = if done.retired { W::<T>::retire() } else { Weight::zero() };
		Self::callback_if(done.called_back).saturating_add(retirement)
	}

	/// `claim_batch` of `n` tasks, at worst.
	pub(crate) fn claim_batch_declared(n: u32) -> Weight {
		W::<T>::claim_batch(n).saturating_add(Self::claim_item_extra_declared().saturating_mul(u64::from(n)))
	}

	/// `claim_batch` of `n` tasks whose items added `extras`.
	pub(crate) fn claim_batch_actual(n: u32, extras: Weight) -> Weight {
		W::<T>::claim_batch(n).saturating_add(extras)
	}

	/// `contribute_and_finalize` with `args`, at worst: to a task with the
	/// most contributions, or, if `args` name the task, to a task it
	/// initializes (which has none).
	pub(crate) fn contribute_and_finalize_declared(args: &ContributeArgsOf<T>) -> Weight {
		// One that names its deal and index initializes its task or fails
		// (`TaskAlreadyInitialized`): no other contribution is there.
		let steps = match args.initialize {
			Some(_) => W::<T>::contribute_and_finalize_initializing().max(W::<T>::contribute_and_finalize_plain()),
			None => W::<T>::contribute_and_finalize(Self::max_prior()),
		};
		steps.saturating_add(Self::callback()).saturating_add(Self::spot_check_read())
	}

	/// `contribute_and_finalize` as it happened. A contribution that
	/// initializes its task is charged one of two benchmarks: a task with
	/// no enclave, no dataset and no callback its own
	/// (`contribute_and_finalize_plain`), any other the worst case (a TEE
	/// task with a dataset and a callback).
	pub(crate) fn contribute_and_finalize_actual((done, certified): (Contributed, Certified)) -> Weight {
		let plain = !done.enclave && !done.dataset && !certified.called_back;
		let steps = if done.initialized && plain {
			W::<T>::contribute_and_finalize_plain()
		} else if done.initialized {
			W::<T>::contribute_and_finalize_initializing()
		} else {
			W::<T>::contribute_and_finalize(done.prior)
		};
		Self::certified_extra(steps, certified).saturating_add(if done.drew { Self::spot_check_read() } else { Weight::zero() })
	}

	/// `reveal_and_finalize`, at worst.
	pub(crate) fn reveal_and_finalize_declared() -> Weight {
		W::<T>::reveal_and_finalize(T::MaxContributors::get())
			.saturating_add(Self::callback())
			.saturating_add(Self::spot_check_read())
	}

	/// `reveal_and_finalize` as it happened: a certification, or a plain
	/// reveal.
	pub(crate) fn reveal_and_finalize_actual(certified: Option<Certified>) -> Weight {
		match certified {
			Some(done) => Self::certified_extra(W::<T>::reveal_and_finalize(done.contributors), done)
				.saturating_add(if done.drawn { Self::spot_check_read() } else { Weight::zero() }),
			None => Self::reveal_declared(),
		}
	}

	/// One `work_batch` item, at worst: the single call's weight.
	pub(crate) fn work_item_declared(item: &WorkItemOf<T>) -> Weight {
		match item {
			WorkItemOf::<T>::Contribute(args) => Self::contribute_declared(args),
			WorkItemOf::<T>::Reveal { .. } => Self::reveal_declared(),
			WorkItemOf::<T>::ContributeAndFinalize { contribution, .. } =>
				Self::contribute_and_finalize_declared(contribution),
			WorkItemOf::<T>::RevealAndFinalize { .. } => Self::reveal_and_finalize_declared(),
		}
	}

	/// `work_batch` over `items`, at worst.
	pub(crate) fn work_batch_declared(items: &[WorkItemOf<T>]) -> Weight {
		items.iter().fold(Weight::zero(), |total, item| total.saturating_add(Self::work_item_declared(item)))
	}

	/// A batch's weight once its payouts are settled ([`crate::settlement`]):
	/// `items` (each certification's benchmark counts a settlement of its
	/// own task) less what those counted for their payouts, plus the
	/// settlement's moves, one `settle` per deal for its distinct winners.
	pub(crate) fn settled_weight(items: Weight, settled: &Settled) -> Weight {
		let moves = settled.deals.iter().fold(Weight::zero(), |total, w| total.saturating_add(W::<T>::settle(*w)));
		let counted =
			settled.tasks.iter().fold(Weight::zero(), |total, w| total.saturating_add(Self::payout_counted(*w)));
		items.saturating_add(moves).saturating_sub(counted)
	}

	/// At least what a certification's benchmark counts for its own payout
	/// to `winners`: their settlement (`settle`, benchmarked with a dataset
	/// owner to pay and a kitty share), less the winners' accounts, which the
	/// item still writes to release their stakes, and less two moves, the
	/// dataset owner's reward and the kitty's share, which a plain task's
	/// benchmark does not make. A move is what one more winner adds to
	/// `settle`.
	fn payout_counted(winners: u32) -> Weight {
		let accounts = u64::from(winners);
		let settle = W::<T>::settle(winners);
		let one_move = W::<T>::settle(winners.saturating_add(1)).saturating_sub(settle);
		settle
			.saturating_sub(T::DbWeight::get().reads_writes(accounts, accounts))
			.saturating_sub(one_move.saturating_mul(2))
	}
}
