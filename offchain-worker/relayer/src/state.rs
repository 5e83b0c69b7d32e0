//! The relayer's progress, saved after each step so that a restart goes on
//! where it stopped (and the chains' own records stop any double execution).

use serde::{Deserialize, Serialize};

/// Where the relayer is on each chain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
	/// The next Ethereum block whose bridge logs are to be attested.
	pub eth_next_block: u64,
	/// The next sidechain block whose outbound commitment is to be relayed.
	pub side_next_block: u32,
}
