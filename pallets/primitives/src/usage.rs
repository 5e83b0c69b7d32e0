//! A worker's usage report: what running a task cost it [beyond].

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// What running the task cost the worker [beyond]: SLA evidence.
#[derive(
	Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen,
	TypeInfo, Debug,
)]
pub struct Usage {
	/// Fuel the app burned.
	pub fuel: u64,
	/// Wall-clock run time, milliseconds.
	pub run_ms: u64,
}
