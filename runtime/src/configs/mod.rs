//! `Config` implementations of the runtime's pallets, one module per concern.

mod consensus;
mod governance;
mod monetary;
mod system;

pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
