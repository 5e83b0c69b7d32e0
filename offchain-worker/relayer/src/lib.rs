//! # ect-relayer
//!
//! The bridge relayer (`bridge.md`, `docs/design/bridge.md`). Each round it:
//!
//! 1. **inbound**: reads the bridge contract's logs (task requests,
//!    deposits) up to `confirmations` blocks below Ethereum's head and
//!    attests each on the sidechain, unless it already voted or the event was
//!    executed ([`inbound`]);
//! 2. **outbound**: for each finalized sidechain block with a commitment,
//!    confirms its root on Ethereum (once per relayer) and, once the root is
//!    accepted by the threshold, executes each message not executed yet with
//!    its Merkle proof ([`outbound`]);
//! 3. **claims**: claims the bridged tasks past their final deadline, so that
//!    their refunds go back to Ethereum ([`claims`]).
//!
//! Its progress is saved after each step ([`state::Progress`]); both chains
//! refuse what was done already, so a restart repeats nothing. It logs what
//! it does and serves Prometheus counters ([`metrics`]).

pub mod claims;
pub mod contracts;
pub mod inbound;
pub mod metrics;
pub mod outbound;
pub mod state;

use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

use alloy::{
	network::EthereumWallet,
	primitives::Address,
	providers::{DynProvider, Provider, ProviderBuilder},
	signers::local::PrivateKeySigner,
};
use anyhow::Context;
use ect_client::{Rpc, Sender, Signer, StateFile};

use crate::{contracts::EctBridge::EctBridgeInstance, metrics::Metrics, state::Progress};

/// How a relayer runs.
#[derive(Clone)]
pub struct RelayerConfig {
	/// Ethereum JSON-RPC (HTTP).
	pub eth_url: String,
	/// The bridge contract.
	pub bridge: Address,
	/// The relayer's Ethereum key (hex), one of the contract's relayers.
	pub eth_key: String,
	/// The sidechain node (WebSocket).
	pub side_url: String,
	/// The relayer's sidechain key, one of the bridge pallet's relayers.
	pub side_signer: Signer,
	/// How many Ethereum blocks a log must be under the head.
	pub confirmations: u64,
	/// The first Ethereum block to read (the contract's deployment).
	pub eth_from_block: u64,
	/// The progress file.
	pub state: PathBuf,
	/// Time between rounds.
	pub poll: Duration,
	/// Where to serve metrics, if anywhere.
	pub metrics: Option<SocketAddr>,
}

/// A running relayer's connections and progress.
pub struct Relayer {
	/// Its configuration.
	pub config: RelayerConfig,
	/// The bridge contract, through a signing provider.
	pub bridge: EctBridgeInstance<DynProvider>,
	/// The Ethereum provider.
	pub eth: DynProvider,
	/// The relayer's Ethereum address.
	pub eth_address: Address,
	/// Sidechain transactions of the relayer's key.
	pub side: Sender,
	/// Where it is.
	pub progress: Progress,
	state: StateFile,
	/// Its counters.
	pub metrics: Arc<Metrics>,
}

impl Relayer {
	/// Connects to both chains and loads the saved progress.
	pub async fn connect(config: RelayerConfig) -> anyhow::Result<Self> {
		let key: PrivateKeySigner = config.eth_key.trim_start_matches("0x").parse().context("bad Ethereum key")?;
		let eth_address = key.address();
		let url = config.eth_url.parse().context("bad Ethereum URL")?;
		let eth = ProviderBuilder::new().wallet(EthereumWallet::from(key)).connect_hyper_http(url).erased();
		let bridge = EctBridgeInstance::new(config.bridge, eth.clone());
		let rpc = Rpc::connect(&config.side_url).await.context("cannot reach the sidechain node")?;
		let side = Sender::new(rpc, config.side_signer.clone()).await?;
		let state = StateFile::new(&config.state);
		let mut progress: Progress = state.load()?;
		progress.eth_next_block = progress.eth_next_block.max(config.eth_from_block);
		progress.side_next_block = progress.side_next_block.max(1);
		let metrics = Arc::new(Metrics::default());
		Ok(Self { config, bridge, eth, eth_address, side, progress, state, metrics })
	}

	/// Saves the progress (and mirrors it in the metrics).
	pub(crate) fn save(&self) -> anyhow::Result<()> {
		use std::sync::atomic::Ordering::Relaxed;
		self.metrics.eth_next_block.store(self.progress.eth_next_block, Relaxed);
		self.metrics.side_next_block.store(u64::from(self.progress.side_next_block), Relaxed);
		Ok(self.state.save(&self.progress)?)
	}

	/// One round of the three steps; an error stops the round, not the relayer.
	pub async fn round(&mut self) -> anyhow::Result<()> {
		self.relay_inbound().await.context("inbound")?;
		self.relay_outbound().await.context("outbound")?;
		self.claim_expired().await.context("claims")?;
		Ok(())
	}
}

/// Runs a relayer until `stop` resolves.
pub async fn run(config: RelayerConfig, stop: impl std::future::Future<Output = ()>) -> anyhow::Result<()> {
	let mut relayer = Relayer::connect(config).await?;
	if let Some(addr) = relayer.config.metrics {
		let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
		tokio::spawn(relayer.metrics.clone().serve(listener));
	}
	log::info!(
		"relayer {} (Ethereum {}) from Ethereum block {} and sidechain block {}",
		relayer.side.account(),
		relayer.eth_address,
		relayer.progress.eth_next_block,
		relayer.progress.side_next_block
	);
	tokio::pin!(stop);
	loop {
		if let Err(error) = relayer.round().await {
			Metrics::inc(&relayer.metrics.errors);
			log::warn!("relayer round: {error:#}");
		}
		tokio::select! {
			_ = tokio::time::sleep(relayer.config.poll) => {},
			_ = &mut stop => return Ok(()),
		}
	}
}
