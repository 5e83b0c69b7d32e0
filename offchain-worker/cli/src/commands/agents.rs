//! `ect worker`, `ect scheduler`, `ect store` and `ect devpool`: the long-running agents
//! of `ect-agents`, with their flags.

use std::{net::SocketAddr, path::PathBuf};

use ect_agents::{devpool, scheduler, store, worker};
use ect_client::Signer;

/// `ect worker`: compute the tasks a pool's scheduler authorises.
#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
	/// The workerpool to work for.
	#[arg(long)]
	pub pool: u32,
	/// The scheduler's pool service.
	#[arg(long, default_value = "ws://127.0.0.1:9955")]
	pub scheduler: String,
	/// State file, app cache and sandboxes.
	#[arg(long, default_value = "ect-worker")]
	pub state_dir: PathBuf,
	/// Test only: contribute wrong results.
	#[arg(long, hide = true)]
	pub byzantine: bool,
	/// Compute up to this many tasks at once; each sandbox may use 256 MiB,
	/// and N of them must fit in the machine's memory.
	#[arg(long, default_value_t = 1, value_name = "N")]
	pub parallel: usize,
	/// Serve Prometheus metrics on this address (`127.0.0.1:9616`).
	#[arg(long, value_name = "ADDR")]
	pub metrics: Option<SocketAddr>,
	/// Report at most this many CPU cores to the pool (at most the measured
	/// count; the scheduler gives the worker only tasks whose requirements
	/// its report meets).
	#[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
	pub cores: Option<u16>,
	/// Report at most this much memory for one task, in MiB (at most the
	/// measured share: the machine's memory divided by --parallel, capped at
	/// the sandbox's 256 MiB).
	#[arg(long, value_name = "N")]
	pub memory_mib: Option<u32>,
	/// Report at most this much disk, in MiB (at most the space measured
	/// free on the file system of --state-dir).
	#[arg(long, value_name = "N")]
	pub disk_mib: Option<u32>,
}

/// `ect scheduler`: manage a workerpool (the key must be its owner or the
/// operator its owner names with `ect pool set-operator`).
#[derive(Debug, clap::Args)]
pub struct SchedulerArgs {
	/// The workerpool to manage (or the policy file's `pool`).
	#[arg(long, required_unless_present = "policy")]
	pub pool: Option<u32>,
	/// A policy file (JSON): the workerpool order to keep published and
	/// renew when spent, and how early to report deadlines (see
	/// docs/operators.md).
	#[arg(long, value_name = "FILE")]
	pub policy: Option<PathBuf>,
	/// Where workers reach the pool service.
	#[arg(long, default_value = "127.0.0.1:9955")]
	pub listen: SocketAddr,
	/// Where the pool's result store listens.
	#[arg(long, default_value = "127.0.0.1:9956")]
	pub store_listen: SocketAddr,
	/// The result store's public base URL, if the world reaches it at
	/// another address (a reverse proxy with TLS, say).
	#[arg(long)]
	pub store_url: Option<String>,
	/// Make the pool private: admit only these workers (SS58; repeat the flag).
	#[arg(long = "allow", value_name = "SS58")]
	pub allow: Vec<String>,
	/// State file and result store.
	#[arg(long, default_value = "ect-scheduler")]
	pub state_dir: PathBuf,
	/// Set the pool's spot-check rate on chain: this many lone consensuses
	/// in a million are checked by another worker (overrides the policy
	/// file's `spot_check_per_million`; without either, the pool keeps its rate).
	#[arg(long, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
	pub spot_check_per_million: Option<u32>,
	/// Serve Prometheus metrics on this address (`127.0.0.1:9617`).
	#[arg(long, value_name = "ADDR")]
	pub metrics: Option<SocketAddr>,
}

/// `ect devpool`: a dev pool (scheduler //Ferdie and N workers) in this process.
#[derive(Debug, clap::Args)]
pub struct DevPoolArgs {
	/// How many workers.
	#[arg(long, default_value_t = 3)]
	pub workers: u32,
	/// The pool service port on 127.0.0.1 (the result store takes the next).
	#[arg(long, default_value_t = 9955)]
	pub port: u16,
	/// State directories.
	#[arg(long, default_value = "ect-devpool")]
	pub state_dir: PathBuf,
}

/// `ect store`: a result store of its own.
#[derive(Debug, clap::Args)]
pub struct StoreArgs {
	/// Where it listens.
	#[arg(long, default_value = "127.0.0.1:9956")]
	pub listen: SocketAddr,
	/// Its bundles.
	#[arg(long, default_value = "ect-store")]
	pub dir: PathBuf,
}

/// Runs a result store until the process is stopped.
pub async fn store(url: &str, args: StoreArgs) -> anyhow::Result<()> {
	let genesis = ect_client::Rpc::connect(url).await?.genesis_hash().await?;
	let service = store::server::StoreService {
		disk: store::disk::Disk::new(args.dir),
		genesis,
		authorise: std::sync::Arc::new(store::authorise::Contributors::new(url)),
		events: std::sync::Arc::new(store::server::NoEvents),
	};
	let (addr, running) = store::server::spawn(args.listen, service).await?;
	log::info!(target: "ect-store", "result store on http://{addr}");
	running.await?;
	Ok(())
}

/// Runs a worker until the process is stopped.
pub async fn worker(url: &str, signer: Signer, args: WorkerArgs) -> anyhow::Result<()> {
	worker::run(worker::WorkerConfig {
		node_url: url.to_string(),
		scheduler_url: args.scheduler,
		signer,
		pool: args.pool,
		state_dir: args.state_dir,
		byzantine: args.byzantine,
		parallel: args.parallel,
		metrics: args.metrics,
		declared: worker::capabilities::Declared {
			cores: args.cores,
			memory_mib: args.memory_mib,
			disk_mib: args.disk_mib,
		},
	})
	.await
}

/// Runs a scheduler until the process is stopped.
pub async fn scheduler(url: &str, signer: Signer, args: SchedulerArgs) -> anyhow::Result<()> {
	use polkadot_sdk::sp_core::crypto::Ss58Codec;
	let allow = args
		.allow
		.iter()
		.map(|a| ect_client::runtime::AccountId::from_ss58check(a).map_err(|e| anyhow::anyhow!("--allow {a}: {e:?}")))
		.collect::<anyhow::Result<_>>()?;
	let mut policy = match &args.policy {
		Some(path) => scheduler::policy::Policy::load(path)?,
		None => scheduler::policy::Policy::default(),
	};
	if let Some(rate) = args.spot_check_per_million {
		policy.spot_check_per_million = Some(rate);
	}
	let pool = match (args.pool, policy.pool) {
		(Some(flag), Some(file)) if flag != file =>
			anyhow::bail!("--pool {flag} and the policy file's pool {file} differ"),
		(Some(pool), _) | (None, Some(pool)) => pool,
		(None, None) => anyhow::bail!("name the workerpool with --pool or the policy file's \"pool\""),
	};
	scheduler::run(scheduler::SchedulerConfig {
		node_url: url.to_string(),
		signer,
		pool,
		listen: args.listen,
		store_listen: args.store_listen,
		store_url: args.store_url,
		allow,
		state_dir: args.state_dir,
		metrics: args.metrics,
		policy,
	})
	.await
}

/// Runs a dev pool until the process is stopped.
pub async fn devpool(url: &str, args: DevPoolArgs) -> anyhow::Result<()> {
	devpool::run(devpool::DevPoolConfig { node_url: url.to_string(), workers: args.workers, base_dir: args.state_dir, port: args.port })
		.await
}
