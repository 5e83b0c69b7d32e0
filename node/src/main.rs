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

/// The node allocates through jemalloc rather than glibc's malloc. Under a
/// steady load glibc's per-thread arenas fragment and keep what was freed,
/// so the node's memory kept growing (`docs/performance.md`); jemalloc
/// returns unused pages to the system after a few seconds.
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}
