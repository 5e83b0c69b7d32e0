//! The subcommands, one module per group.

pub mod account;
pub mod agents;
pub mod assets;
pub mod bench;
pub mod deal;
pub mod key;
pub mod order;
pub mod relayer;
pub mod request;
pub mod task;
