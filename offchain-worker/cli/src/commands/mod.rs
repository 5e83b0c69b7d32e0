//! The subcommands, one module per group.

pub mod account;
pub mod agents;
pub mod assets;
pub mod bench;
pub mod deal;
pub mod key;
pub mod match_orders;
pub mod order;
pub mod order_sign;
pub mod relayer;
pub mod request;
pub mod task;
