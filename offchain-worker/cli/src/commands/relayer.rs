//! `ect relayer`: the bridge relayer of `ect-relayer`, with its flags.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use ect_client::Signer;

/// `ect relayer`: follow Ethereum and this chain, relay both ways.
#[derive(Debug, clap::Args)]
pub struct RelayerArgs {
	/// Ethereum JSON-RPC endpoint (HTTP).
	#[arg(long, default_value = "http://127.0.0.1:8545")]
	pub eth_url: String,
	/// The bridge contract's address.
	#[arg(long)]
	pub bridge: String,
	/// The relayer's Ethereum private key (hex); better given by environment.
	#[arg(long, env = "ECT_RELAYER_ETH_KEY", hide_env_values = true)]
	pub eth_key: String,
	/// How deep under Ethereum's head a log must be to be attested.
	#[arg(long, default_value_t = 12)]
	pub confirmations: u64,
	/// The first Ethereum block to read (the contract's deployment).
	#[arg(long, default_value_t = 0)]
	pub from_block: u64,
	/// The progress file.
	#[arg(long, default_value = "ect-relayer/progress.json")]
	pub state: PathBuf,
	/// Milliseconds between rounds.
	#[arg(long, default_value_t = 1_000)]
	pub poll_ms: u64,
	/// Serve Prometheus metrics at this address.
	#[arg(long)]
	pub metrics: Option<SocketAddr>,
}

/// Runs a relayer until the process is stopped (SIGINT).
pub async fn run(url: &str, signer: Signer, args: RelayerArgs) -> anyhow::Result<()> {
	let bridge = args.bridge.parse().map_err(|e| anyhow::anyhow!("bad --bridge address {}: {e}", args.bridge))?;
	let config = ect_relayer::RelayerConfig {
		eth_url: args.eth_url,
		bridge,
		eth_key: args.eth_key,
		side_url: url.to_string(),
		side_signer: signer,
		confirmations: args.confirmations,
		eth_from_block: args.from_block,
		state: args.state,
		poll: Duration::from_millis(args.poll_ms),
		metrics: args.metrics,
	};
	ect_relayer::run(config, async {
		let _ = tokio::signal::ctrl_c().await;
	})
	.await
}
