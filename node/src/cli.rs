//! Command-line interface: `ect-node [run flags]` or `ect-node <subcommand>`.

use polkadot_sdk::sc_cli;

/// The node's command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A maintenance subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Flags of a running node (see `ect-node --help`).
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// The embedded dev pool.
	#[clap(flatten)]
	pub dev_pool: DevPoolArgs,
}

/// Flags of the embedded dev pool: a scheduler and workers with dev keys
/// running inside the node, so that a dev chain computes tasks at once.
#[derive(Debug, Clone, clap::Args)]
pub struct DevPoolArgs {
	/// Run a dev worker pool with this many workers inside the node
	/// (scheduler `//Ferdie`, workers `//Ferdie//worker//N`). For dev chains.
	#[arg(long, value_name = "WORKERS")]
	pub dev_pool: Option<u32>,

	/// The port of the dev pool's scheduler service on 127.0.0.1; its
	/// result store listens on the next port.
	#[arg(long, value_name = "PORT", default_value_t = 9955)]
	pub dev_pool_port: u16,
}

/// Maintenance subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Write a chain specification (JSON) built from a runtime preset.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification, without a database.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Runtime benchmarks (`benchmark pallet`); only in a node built with
	/// `--features runtime-benchmarks` (see `scripts/bench.sh`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(polkadot_sdk::frame_benchmarking_cli::BenchmarkCmd),
}
