//! # ect-poco-math
//!
//! The formulas of ECT's Proof-of-Contribution (`protocol.md` §6 to §8), with
//! no dependencies and no allocation beyond `alloc::vec`, so that the runtime,
//! the agents and the tests all compute exactly the same numbers:
//!
//! - [`weight`]: a worker's weight from its score;
//! - [`consensus`]: group weights, the task total, and the consensus rule;
//! - [`reputation`]: score updates of winners and losers;
//! - [`payout`]: percentages, the kitty reward and the split of the worker
//!   pot by `floor(log2 w)`;
//! - [`replication`]: how many agreeing replicas a scheduler asks for, and
//!   the spot-check draw;
//! - [`wide`]: the exact wide integer that group weights are computed in.
//!
//! Nothing here panics: arithmetic is exact (wide integers), checked (an
//! error names the overflow) or saturating where the spec says a value only
//! grows (scores).

#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod consensus;
pub mod payout;
pub mod replication;
pub mod reputation;
pub mod weight;
pub mod wide;

pub use consensus::{reaches_consensus, Contribution};
pub use weight::{worker_weight, Score, Weight};
pub use wide::{Overflow, Wide};
