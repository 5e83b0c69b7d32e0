//! The reputation pallet's invariants, checked by `try_state` and after
//! every test.

use crate::{Config, Pallet, Scores};
use polkadot_sdk::{frame_support::ensure, sp_runtime::TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// The invariant: no zero score is stored (a score entry is removed
	/// when it drops to 0).
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		for (_, score) in Scores::<T>::iter() {
			ensure!(score != 0, "a zero score is stored");
		}
		Ok(())
	}
}
