//! `ect-node`: the ECT sidechain node.
//!
//! Produces blocks with Aura (2-second slots), finalizes them with GRANDPA,
//! stores state in ParityDB, serves JSON-RPC/WebSocket (port 9944 by default)
//! and Prometheus metrics (9615), and runs the runtime's off-chain workers.

#![warn(missing_docs)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}
