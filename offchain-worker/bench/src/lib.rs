//! # ect-bench
//!
//! The throughput benchmark (`ect bench`, `scripts/bench-throughput.sh`):
//! one process runs the requester, the pool's scheduler and many workers against
//! a real node, with real keys, signatures and extrinsics, and measures
//! certified tasks per second, extrinsics per second and the latency from
//! request to certified result.
//!
//! The workers are the product's: each is an
//! [`ect_agents::worker::Worker`] with its own key and state file, the code
//! `ect worker` runs, taking its steps through a [`hub::BenchLink`] that
//! many of them share in one process (one block follower, reads made once a
//! block, submissions without a watch each). They use the folded steps of
//! the protocol as `ect worker` does: a trust 1 task is one
//! `ContributeAndFinalize` item, a replicated one a contribution and a
//! `RevealAndFinalize` per worker. The scheduler is the product's too
//! (`ect_agents::scheduler`, the code `ect scheduler` runs), started in
//! this process: it gives the tasks of each new deal to the workers as
//! slots, which their first contribution initializes, and the workers take
//! their assignments from it directly instead of over its pool service.
//! Two parts are not the product's, and the report says so: the compute is
//! a fixed digest (no app runs), and uploads store nothing.
//!
//! Each block, the run reads the block's events once ([`tracker`] watches
//! the tasks), hands the block to every worker, and sends a request for the
//! tasks owed at the requested rate.
//!
//! Latency is measured from the request's publication (the block with its
//! deal is seen) and from its submission, to the block that certifies the
//! task being seen.

pub mod cpu;
pub mod fees;
pub mod hub;
pub mod market;
pub mod report;
pub mod submitter;
pub mod tracker;

use std::{
	path::{Path, PathBuf},
	sync::Arc,
	time::{Duration, Instant},
};

use anyhow::{bail, Context};
use ect_agents::{
	scheduler::{self, Running, SchedulerConfig},
	worker::{capabilities::Capabilities, compute::Compute, Link, Worker, WorkerConfig},
};
use ect_client::{
	runtime::{AccountId, Header, Runtime, RuntimeCall, RuntimeEvent, UNIT},
	storage, ChainInfo, Rpc, Signer,
};
use pallet_ect_marketplace::RequestOrder;
use pallet_ect_registry::{Resources, Tag};
use polkadot_sdk::{
	frame_support::BoundedVec,
	sp_runtime::Percent,
};
use tokio::sync::{broadcast, watch};

use hub::{BenchLink, Hub};
use cpu::CpuPerTask;
use report::{quantile, Report};
use submitter::{submit_all, Submitter};
use tracker::Tracker;

/// Node connections the workers share.
const CONNECTIONS: usize = 4;
/// The tip on each request: a thousandth of a unit.
const REQUEST_TIP: u128 = UNIT / 1_000;
/// What each worker is funded with.
const WORKER_FUNDS: u128 = 10 * UNIT;
/// Where the workers' uploads are addressed (nothing is stored there).
const STORE: &str = "bench://store";

/// How a run is made.
#[derive(Clone, Debug)]
pub struct BenchConfig {
	/// The node's JSON-RPC/WebSocket URL.
	pub node_url: String,
	/// Workers.
	pub workers: u32,
	/// The trust of every request.
	pub trust: u32,
	/// Tasks requested per second.
	pub rate: u32,
	/// Load before the measured window.
	pub warmup: Duration,
	/// The measured window.
	pub duration: Duration,
	/// How long to wait after the load for tasks still in flight.
	pub drain: Duration,
	/// Tasks a worker computes at once: the cores it reports to the
	/// scheduler, which gives it that many tasks in a row.
	pub group: usize,
	/// The category of the requests.
	pub category: u32,
	/// The node's process id, if it runs on this machine: its RSS is
	/// sampled at each block of the measured window.
	pub node_pid: Option<u32>,
}

/// Sets up the market, funds the workers, runs the load and reports.
pub async fn run(config: BenchConfig) -> anyhow::Result<Report> {
	if config.workers == 0 || config.rate == 0 {
		bail!("a run needs at least one worker and a rate above zero");
	}
	let rpc = Rpc::connect(&config.node_url).await.context("node")?;
	let chain = ChainInfo::fetch(&rpc).await?;
	let run_id = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or_default();
	let market = market::open(&config.node_url, config.category, 1_000, run_id).await?;
	log::info!(target: "ect-bench", "app {}, workerpool {}; funding {} workers", market.app, market.pool, config.workers);

	let worker_keys = market::workers(config.workers)?;
	let accounts: Vec<AccountId> = worker_keys.iter().map(Signer::account).collect();
	let mut funder = Submitter::new(dev_key(market::APP_OWNER)?);
	market::fund(&rpc, &chain, &mut funder, &accounts, WORKER_FUNDS, Duration::from_secs(600)).await.context("funding the workers")?;
	log::info!(target: "ect-bench", "workers funded; load: {} tasks/s at trust {} for {:?} after {:?}", config.rate, config.trust, config.duration, config.warmup);

	// The request is tipped, so that the block builder takes it before the
	// workers' batches: it declares the worst case of a match, which fits
	// only at the start of a busy block.
	let mut requester = Submitter::new(dev_key(market::REQUESTER)?).with_tip(REQUEST_TIP);
	let mut tracker = Tracker::new(requester.account().clone());
	let mut fees = fees::FeeBook::new(requester.account().clone(), dev_key(market::SCHEDULER)?.account());
	let workers = Workers::start(&config, &chain, market.pool, worker_keys, run_id).await?;
	log::info!(target: "ect-bench", "{} workers running in {}", config.workers, workers.dir.display());
	let mut heads = rpc.subscribe_new_heads().await?;
	let mut seen: Option<u32> = None;

	let start = Instant::now();
	let window_start = start + config.warmup;
	let load_end = window_start + config.duration;
	let mut owed = 0f64;
	let mut last = start;
	let (mut latencies, mut from_submission) = (Vec::new(), Vec::new());
	let (mut memory, mut anon_memory) = (report::MemorySamples::default(), report::MemorySamples::default());
	let (mut node_cpu, mut agents_cpu) = (CpuPerTask::default(), CpuPerTask::default());
	let (mut requested, mut certified, mut extrinsics, mut blocks, mut pool_refusals) = (0u64, 0u64, 0u64, 0u64, 0u64);
	loop {
		let header = match tokio::time::timeout(Duration::from_secs(30), heads.next()).await {
			Ok(Some(header)) => header?,
			Ok(None) => bail!("the node closed the block subscription"),
			Err(_) => bail!("no new block for 30 s"),
		};
		let now = Instant::now();
		let in_window = now >= window_start && now <= load_end;
		// Blocks the subscription skipped are taken in too, in order: the
		// workers' batches they include are settled from them.
		let mut blocks_seen = Vec::new();
		for number in seen.map_or(header.number, |n| n.saturating_add(1))..header.number {
			if let Some(hash) = rpc.block_hash(number).await? {
				blocks_seen.push(rpc.header(Some(hash)).await?);
			}
		}
		seen = Some(header.number);
		blocks_seen.push(header.clone());
		for block in &blocks_seen {
			let records = storage::events(&rpc, block.hash()).await?;
			let events: Vec<RuntimeEvent> = records.iter().map(|r| r.event.clone()).collect();
			for done in tracker.observe(&events, now) {
				if in_window {
					certified += 1;
				}
				if done.requested >= window_start && done.requested <= load_end {
					latencies.push(done.certified - done.published);
					from_submission.push(done.certified - done.requested);
				}
			}
			let settled = workers.hub.observe(block, &records).await?;
			log::info!(
				target: "ect-bench",
				"block {}: {} extrinsics, {settled} batches settled, {} in flight, {} ms after it was seen",
				block.number,
				signed_extrinsics(&events),
				tracker.in_flight(),
				now.elapsed().as_millis()
			);
			if in_window {
				blocks += 1;
				extrinsics += signed_extrinsics(&events);
				fees.observe(&events);
			}
		}
		if in_window {
			if let Some(pid) = config.node_pid {
				if let (Some(rss), Some(anon)) = (report::status_kib(pid, "VmRSS"), report::status_kib(pid, "RssAnon")) {
					let at = now.saturating_duration_since(window_start);
					memory.sample(at, rss);
					anon_memory.sample(at, anon);
				}
				if let Some(cpu) = cpu::cpu_time(pid) {
					node_cpu.sample(cpu, certified);
				}
			}
			if let Some(cpu) = cpu::cpu_time(std::process::id()) {
				agents_cpu.sample(cpu, certified);
			}
		}

		if now < load_end {
			owed += f64::from(config.rate) * (now - last).as_secs_f64();
			let volume = owed.floor() as u32;
			if volume > 0 {
				owed -= f64::from(volume);
				// One instant both counts the request in the window and
				// starts its tasks' latency from submission, so that a task
				// requested in the window has its latency counted.
				let sent = Instant::now();
				if sent >= window_start && sent <= load_end {
					requested += u64::from(volume);
				}
				let request = request_call(&config, &market, requester.account(), volume, run_id, header.number);
				tracker.requested(sent);
				let signed = requester.sign(&rpc, &chain, vec![request]).await?;
				for (_, error) in submit_all(&rpc, signed, 1).await {
					log::warn!(target: "ect-bench", "request refused: {error}");
					requester.resync();
					pool_refusals += 1;
				}
			}
		} else if tracker.in_flight() + tracker.unpublished() == 0 || now >= load_end + config.drain {
			break;
		}
		last = now;
	}
	pool_refusals += workers.hub.refusals();
	workers.stop().await;

	latencies.sort();
	from_submission.sort();
	let window = config.duration.as_secs_f64();
	let seen = tracker.seen.clone();
	let mut refused: Vec<(String, u64)> = seen.refused.into_iter().collect();
	refused.sort();
	Ok(Report {
		trust: config.trust,
		workers: config.workers,
		rate: config.rate,
		window_secs: window,
		requested,
		certified,
		tasks_per_sec: certified as f64 / window,
		extrinsics_per_sec: extrinsics as f64 / window,
		blocks,
		p50_ms: quantile(&latencies, 0.5).as_millis() as u64,
		p95_ms: quantile(&latencies, 0.95).as_millis() as u64,
		max_ms: quantile(&latencies, 1.0).as_millis() as u64,
		submission_p50_ms: quantile(&from_submission, 0.5).as_millis() as u64,
		submission_p95_ms: quantile(&from_submission, 0.95).as_millis() as u64,
		submission_max_ms: quantile(&from_submission, 1.0).as_millis() as u64,
		unfinished: requested.saturating_sub(latencies.len() as u64),
		refused,
		failed_extrinsics: seen.failed_extrinsics,
		pool_refusals,
		node_rss_kib: memory.summary(config.duration),
		node_anon_kib: anon_memory.summary(config.duration),
		node_cpu_secs: node_cpu.seconds(),
		node_cpu_us_per_task: node_cpu.us_per_task(),
		agents_cpu_secs: agents_cpu.seconds(),
		agents_cpu_us_per_task: agents_cpu.us_per_task(),
		fees: fees.paid,
		fees_per_task: fees.paid.per_task(certified),
	})
}

fn dev_key(uri: &str) -> anyhow::Result<Signer> {
	Signer::from_uri(uri).map_err(anyhow::Error::msg)
}

/// Extrinsics of a block other than its inherent (the timestamp): those
/// with an `ExtrinsicSuccess` or `ExtrinsicFailed` event, less one.
fn signed_extrinsics(events: &[RuntimeEvent]) -> u64 {
	let applied = events
		.iter()
		.filter(|e| {
			matches!(
				e,
				RuntimeEvent::System(
					polkadot_sdk::frame_system::Event::ExtrinsicSuccess { .. } | polkadot_sdk::frame_system::Event::ExtrinsicFailed { .. }
				)
			)
		})
		.count() as u64;
	applied.saturating_sub(1)
}

/// A request for `volume` tasks of the run's app in the run's pool (whose
/// scheduler this run runs: an earlier run's pool on the same chain may
/// still offer), unique to this run and block `block` (the best one), valid
/// for [`ORDER_LIFETIME`](ect_client::offers::ORDER_LIFETIME) blocks from it.
fn request_call(config: &BenchConfig, market: &market::Market, requester: &AccountId, volume: u32, run: u64, block: u32) -> RuntimeCall {
	let order = RequestOrder {
		app: market.app,
		app_max_price: 0,
		dataset: None,
		dataset_max_price: 0,
		workerpool: Some(market.pool),
		workerpool_max_price: market::POOL_PRICE,
		requester: requester.clone(),
		volume,
		tag: Tag::NONE,
		category: config.category,
		trust: config.trust,
		beneficiary: requester.clone(),
		callback: None,
		params: BoundedVec::new(),
		salt: ect_runner::blake2_256(&codec::Encode::encode(&(b"ect/bench", run, block))),
		requirements: Resources::default(),
		expires: block.saturating_add(ect_client::offers::ORDER_LIFETIME),
	};
	pallet_ect_marketplace::Call::<Runtime>::publish_request { order, price_weight: Percent::one() }.into()
}

/// The run's workers: the product's, each driven by the blocks the hub
/// hands it, their state files in a directory of their own that goes with
/// the run.
struct Workers {
	hub: Arc<Hub>,
	/// The pool's scheduler, the product's, in this process (its links
	/// hold it too; it stops when the last goes).
	_scheduler: Arc<Running>,
	dir: PathBuf,
	stop: watch::Sender<bool>,
	running: tokio::task::JoinSet<()>,
}

impl Workers {
	/// Starts the scheduler of `pool` (`ect scheduler`'s code, signing with
	/// the pool owner's key, its pool service and result store on free
	/// local ports) and a worker for each of `keys`, which joins it and
	/// follows the blocks from the hub's next one. Each worker reports as
	/// many cores as it computes tasks at once (`group`), so the scheduler
	/// gives it that many in a row. Their state goes to a fresh directory
	/// under `/dev/shm` (memory) where there is one, else the system's
	/// temporary directory.
	async fn start(config: &BenchConfig, chain: &ChainInfo, pool: u32, keys: Vec<Signer>, run: u64) -> anyhow::Result<Self> {
		let mut connections = Vec::with_capacity(CONNECTIONS);
		for _ in 0..CONNECTIONS {
			connections.push(Rpc::connect(&config.node_url).await.context("node")?);
		}
		let hub = Arc::new(Hub::new(connections, chain.clone(), STORE.to_string())?);
		let shm = Path::new("/dev/shm");
		let base = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
		let dir = base.join(format!("ect-bench-{run}"));
		std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
		let local = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
		let scheduler = Arc::new(
			scheduler::start(SchedulerConfig {
				node_url: config.node_url.clone(),
				signer: dev_key(market::SCHEDULER)?,
				pool,
				listen: local,
				store_listen: local,
				store_url: None,
				allow: Default::default(),
				state_dir: dir.join("scheduler"),
				metrics: None,
				policy: Default::default(),
			})
			.await
			.context("starting the pool's scheduler")?,
		);
		let capabilities = Capabilities { cpu_cores: u16::try_from(config.group.max(1)).unwrap_or(u16::MAX), ..Default::default() };
		let (stop, stopped) = watch::channel(false);
		let mut running = tokio::task::JoinSet::new();
		for (i, signer) in keys.into_iter().enumerate() {
			scheduler.join(signer.account(), capabilities.clone());
			let link = Arc::new(hub.link(signer.clone(), scheduler.clone()));
			let worker_config = WorkerConfig {
				node_url: config.node_url.clone(),
				scheduler_url: "in-process".into(),
				signer,
				pool,
				state_dir: dir.join(format!("worker-{}", i + 1)),
				byzantine: false,
				parallel: config.group.max(1),
				metrics: None,
				declared: Default::default(),
			};
			let worker = Worker::with_compute(worker_config, Compute::FixedDigest, capabilities.clone())?;
			running.spawn(drive(worker, link, hub.heads(), stopped.clone()));
		}
		Ok(Self { hub, _scheduler: scheduler, dir, stop, running })
	}

	/// Stops every worker (their state goes when `self` is dropped).
	async fn stop(mut self) {
		let _ = self.stop.send(true);
		while self.running.join_next().await.is_some() {}
	}
}

impl Drop for Workers {
	/// Removes the workers' state, also when the run fails (dropping the
	/// join set aborts any worker still running).
	fn drop(&mut self) {
		self.running.abort_all();
		if let Err(error) = std::fs::remove_dir_all(&self.dir) {
			log::warn!(target: "ect-bench", "removing {}: {error}", self.dir.display());
		}
	}
}

/// Hands each block to `worker`, and each publication of new
/// authorisations by the scheduler in between (as `ect worker` hears of
/// them from the pool service), until told to stop; a failed step is
/// logged, and the next one reads every task in progress again.
async fn drive(mut worker: Worker, link: Arc<BenchLink>, mut heads: broadcast::Receiver<Header>, mut stop: watch::Receiver<bool>) {
	loop {
		let head = tokio::select! {
			_ = stop.changed() => return,
			head = heads.recv() => head,
			() = link.published() => {
				if let Err(error) = worker.take_published(&*link).await {
					log::warn!(target: "ect-bench", "worker {}: {error:#}", link.account());
					link.resync().await;
					worker.forget_blocks();
				}
				continue;
			},
		};
		let head = match head {
			Ok(head) => Some(head),
			Err(broadcast::error::RecvError::Lagged(_)) => {
				worker.forget_blocks();
				None
			},
			Err(broadcast::error::RecvError::Closed) => return,
		};
		if let Err(error) = worker.step(&*link, head).await {
			log::warn!(target: "ect-bench", "worker {}: {error:#}", link.account());
			link.resync().await;
			worker.forget_blocks();
		}
	}
}
