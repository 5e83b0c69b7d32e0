//! The subcommands, one module per group.

pub mod account;
pub mod agents;
pub mod asset_owner;
pub mod assets;
pub mod bridge;
pub mod bench;
pub mod council;
pub mod deal;
pub mod group;
pub mod key;
pub mod match_orders;
pub mod order;
pub mod order_sign;
pub mod order_unpublish;
pub mod pool_update;
pub mod relayer;
pub mod request;
pub mod task;
pub mod transfer;
pub mod upgrade;
pub mod validator;
