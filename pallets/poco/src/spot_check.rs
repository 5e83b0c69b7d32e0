//! Spot checks [beyond] (`protocol.md` §7): a fraction of the tasks whose
//! consensus rests on a single contribution is checked by an independent
//! replica, so that a worker trusted enough to close a task alone cannot
//! have a wrong result certified by being lucky.
//!
//! - **The rate** is the pool's: [`SpotCheckRates`], set by its scheduler
//!   (owner or operator) with [`Pallet::set_spot_check_rate`];
//!   `Config::DefaultSpotCheckRate` until it does.
//! - **The draw.** When a contribution reaches consensus on its own in block
//!   `n`, the task records [`SpotCheck::Drawn`] with `n` and the rate. It is
//!   checked if [`is_checked`]`(hash of block n, task, rate)`: the hash of
//!   the block that holds the contribution, which nobody, the worker
//!   included, knows before that block is sealed, and everyone can compute
//!   after. Until block `n + 1` the lone winner cannot reveal
//!   ([`Error::SpotCheckDrawPending`]).
//! - **Unchecked**, the task is revealed and finalized as usual.
//! - **Checked**, the lone winner's reveal is refused ([`Error::SpotChecked`]):
//!   its digest stays secret, so that the checker cannot copy it. The
//!   scheduler authorizes another worker; its contribution, taken although
//!   the task is revealing, turns the task Active again with
//!   [`SpotCheck::Checked`] ([`Event::SpotChecked`]). From then on a
//!   consensus needs a group of two or more contributions, under the usual
//!   rule with every contribution counted: nothing is certified on one
//!   contribution, and a cheater whose hash loses is a loser at finalize
//!   (its stake seized, its score cut, §8).
//!
//! **Cost.** A task whose consensus group has two or more contributions is
//! never drawn. A lone consensus costs one more read at contribute (the
//! rate), its reveal one more (the block's hash), and its reveal waits for
//! the next block, so that `contribute_and_finalize` is only for pools that
//! check nothing. A checked task costs its extra replicas: contributions,
//! reveals and their latency.
//!
//! **Limits.** The author of block `n` chooses its contents, hence its hash:
//! an author colluding with a worker could grind hashes to keep a task
//! unchecked. A draw older than the chain keeps block hashes for
//! (`BlockHashCount`) counts as unchecked; the reveal deadline (2T) ends a
//! lone winner's wait well before.

use crate::{Config, Error, Event, Pallet, SpotCheck, SpotCheckRates, TaskOf, TaskStatus};
use codec::Encode;
use ect_primitives::{AssetRegistry, TaskId, WorkerpoolId};
use polkadot_sdk::{
	frame_support::{ensure, traits::Get},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_io::hashing::blake2_256,
	sp_runtime::{traits::UniqueSaturatedInto, DispatchError, DispatchResult},
};

/// The domain tag of a spot-check draw.
pub const SPOT_CHECK_DOMAIN: [u8; 17] = *b"ect/spot-check/v1";

/// The most a rate can be: every task checked.
pub const PER_MILLION: u32 = 1_000_000;

/// Whether `task`, whose lone consensus was in the block with hash
/// `block_hash`, is checked at `per_million` tasks in a million. A zero hash
/// (a block the chain no longer keeps) is never checked. Agents compute the
/// same draw to know, after the block, what the chain will do.
pub fn is_checked(block_hash: &[u8], task: &TaskId, per_million: u32) -> bool {
	if block_hash.iter().all(|byte| *byte == 0) {
		return false;
	}
	let seed = blake2_256(&(SPOT_CHECK_DOMAIN, block_hash, task).encode());
	ect_poco_math::replication::spot_check(&seed, per_million)
}

impl<T: Config> Pallet<T> {
	/// The share of lone consensuses `pool` checks, per million.
	pub fn spot_check_rate(pool: WorkerpoolId) -> u32 {
		SpotCheckRates::<T>::get(pool).unwrap_or_else(T::DefaultSpotCheckRate::get)
	}

	/// The current block number.
	pub(crate) fn block_number() -> u32 {
		frame_system::Pallet::<T>::block_number().unique_saturated_into()
	}

	/// Whether a task drawn in `block` at `per_million` is checked; `None`
	/// while `block` is the current one (its hash is not known yet).
	pub(crate) fn drawn_checked(id: &TaskId, block: u32, per_million: u32) -> Option<bool> {
		if Self::block_number() <= block {
			return None;
		}
		let hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::from(block));
		Some(is_checked(hash.as_ref(), id, per_million))
	}

	/// Draws the spot check of `task`, whose consensus now rests on one
	/// contribution in a pool of rate `per_million`, if it never was.
	pub(crate) fn draw_spot_check(task: &mut TaskOf<T>, per_million: u32) {
		if task.check == SpotCheck::None && per_million > 0 {
			task.check = SpotCheck::Drawn { block: Self::block_number(), per_million };
		}
	}

	/// A contribution to the revealing `task` `id`: taken only if it is the
	/// checker of a task drawn for a check, which turns Active again
	/// ([`SpotCheck::Checked`]); otherwise the task takes no contribution.
	pub(crate) fn open_spot_check(id: &TaskId, task: &mut TaskOf<T>) -> DispatchResult {
		let SpotCheck::Drawn { block, per_million } = task.check else {
			return Err(Error::<T>::TaskNotActive.into());
		};
		ensure!(Self::drawn_checked(id, block, per_million) == Some(true), Error::<T>::TaskNotActive);
		task.status = TaskStatus::Active;
		task.consensus = None;
		task.winners = 0;
		task.reveal_deadline = 0;
		task.check = SpotCheck::Checked;
		Self::deposit_event(Event::SpotChecked { task: *id });
		Ok(())
	}

	/// Whether `task` `id` drew a spot check that waits for its checker.
	pub(crate) fn waits_for_checker(id: &TaskId, task: &TaskOf<T>) -> bool {
		match task.check {
			SpotCheck::Drawn { block, per_million } => Self::drawn_checked(id, block, per_million) == Some(true),
			_ => false,
		}
	}

	/// A reveal of `task` `id`: refused while its draw is pending or if it
	/// drew a check that has not been opened.
	pub(crate) fn ensure_revealable(id: &TaskId, task: &TaskOf<T>) -> DispatchResult {
		if let SpotCheck::Drawn { block, per_million } = task.check {
			match Self::drawn_checked(id, block, per_million) {
				None => return Err(Error::<T>::SpotCheckDrawPending.into()),
				Some(true) => return Err(Error::<T>::SpotChecked.into()),
				Some(false) => {},
			}
		}
		Ok(())
	}

	/// `who`, the scheduler of `pool`, sets its spot-check rate.
	pub(crate) fn do_set_spot_check_rate(who: &T::AccountId, pool: WorkerpoolId, per_million: u32) -> Result<(), DispatchError> {
		let info = T::Registry::workerpool(pool).ok_or(Error::<T>::UnknownWorkerpool)?;
		ensure!(Self::is_scheduler(pool, &info.owner, who), Error::<T>::NotScheduler);
		ensure!(per_million <= PER_MILLION, Error::<T>::RateAboveMillion);
		SpotCheckRates::<T>::insert(pool, per_million);
		Self::deposit_event(Event::SpotCheckRateSet { pool, per_million });
		Ok(())
	}
}
