//! `Config` implementations of the runtime's pallets, one module per concern.

mod consensus;
mod governance;
mod monetary;
mod protocol;
mod results;
mod system;

pub use governance::{CouncilCollective, GovernanceOrigin};
pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
