//! The one operating mode every pallet that can be halted shares (as
//! Snowbridge's `BasicOperatingMode`).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Whether a pallet takes new work. Governance halts it in an emergency;
/// what is already under way (deals' tasks, results and refunds) still
/// finishes. Each pallet says what "new work" means for it.
#[derive(
	Clone, Copy, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum OperatingMode {
	/// New work is taken.
	#[default]
	Normal,
	/// New work is refused.
	Halted,
}

impl OperatingMode {
	/// Whether the pallet is halted.
	pub fn is_halted(&self) -> bool {
		*self == OperatingMode::Halted
	}
}
