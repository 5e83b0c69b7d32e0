//! The task record of a workerpool or an app (`protocol.md` §7, [beyond]).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use polkadot_sdk::sp_runtime::Permill;
use scale_info::TypeInfo;

/// How many of a workerpool's (or an app's) tasks completed and how many
/// failed. Both counters saturate at `u32::MAX`.
#[derive(
	Clone, Copy, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Record {
	/// Tasks that completed.
	pub completed: u32,
	/// Tasks that failed.
	pub failed: u32,
}

impl Record {
	/// `completed / (completed + failed)`, rounded down; zero when there was
	/// no task (a newcomer has no reputation yet).
	pub fn success_ratio(&self) -> Permill {
		// In u64 the sum cannot overflow.
		let total = u64::from(self.completed).saturating_add(u64::from(self.failed));
		if total == 0 {
			return Permill::zero();
		}
		Permill::from_rational(u64::from(self.completed), total)
	}

	/// This record with `count` more completed tasks.
	pub fn with_completed(self, count: u32) -> Self {
		Record { completed: self.completed.saturating_add(count), ..self }
	}

	/// This record with one more task, completed or failed.
	pub fn with_task(self, completed: bool) -> Self {
		if completed {
			Record { completed: self.completed.saturating_add(1), ..self }
		} else {
			Record { failed: self.failed.saturating_add(1), ..self }
		}
	}
}
