//! # ect-bench
//!
//! The throughput benchmark (`ect bench`, `scripts/bench-throughput.sh`):
//! one process plays the requester, the scheduler and many simulated
//! workers against a real node, with real keys, signatures and extrinsics,
//! and measures certified tasks per second, extrinsics per second and the
//! latency from request to certified result.
//!
//! Each block, the run reads the block's events once ([`tracker`]), then
//! sends what they call for: a request for the tasks owed at the requested
//! rate, and one `work_batch` per busy worker with its contributions
//! (initializing the tasks, and certifying those one worker suffices for)
//! and its reveals (the last of which certifies). The scheduler only signs
//! authorizations. Transactions are signed with locally counted nonces and
//! submitted without watching ([`submitter`]). The simulated workers do not
//! run an app: their digest is the hash of the task id, so the figures are
//! the chain's and the protocol's, not an app's.
//!
//! Latency is measured from the request's publication (the block with its
//! deal is seen) and from its submission, to the block that certifies the
//! task being seen.

pub mod market;
pub mod report;
pub mod submitter;
pub mod tracker;

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use ect_client::{
	runtime::{AccountId, Runtime, RuntimeCall, RuntimeEvent, UNIT},
	storage, ChainInfo, Rpc, Signer,
};
use pallet_ect_marketplace::RequestOrder;
use pallet_ect_poco::{authorization_message, result_hash, result_seal, ContributeArgsOf, WorkItemOf};
use pallet_ect_registry::{Resources, Tag};
use polkadot_sdk::{
	frame_support::BoundedVec,
	sp_runtime::{MultiSignature, Percent},
};

use report::{quantile, Report};
use submitter::{submit_all, Submitter};
use tracker::{Tracker, Work};

/// Items per batch call (the runtime's `MaxBatch`).
const BATCH: usize = 32;
/// Submissions in flight at once.
const PARALLEL: usize = 64;
/// What each simulated worker is funded with.
const WORKER_FUNDS: u128 = 10 * UNIT;

/// How a run is made.
#[derive(Clone, Debug)]
pub struct BenchConfig {
	/// The node's JSON-RPC/WebSocket URL.
	pub node_url: String,
	/// Simulated workers.
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
	/// Tasks given to the same workers at once.
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
	let mut scores = Vec::with_capacity(accounts.len());
	for account in &accounts {
		scores.push(rpc.call::<u32>("ReputationApi_score", account).await?);
	}
	log::info!(target: "ect-bench", "workers funded; load: {} tasks/s at trust {} for {:?} after {:?}", config.rate, config.trust, config.duration, config.warmup);

	let mut agents = Agents {
		requester: Submitter::new(dev_key(market::REQUESTER)?),
		scheduler: dev_key(market::SCHEDULER)?,
		workers: worker_keys.into_iter().map(Submitter::new).collect(),
	};
	let mut tracker = Tracker::new(config.trust, config.group, agents.requester.account().clone(), accounts, scores);
	let mut heads = rpc.subscribe_new_heads().await?;

	let start = Instant::now();
	let window_start = start + config.warmup;
	let load_end = window_start + config.duration;
	let mut owed = 0f64;
	let mut last = start;
	let (mut latencies, mut from_submission) = (Vec::new(), Vec::new());
	let (mut memory, mut anon_memory) = (report::MemorySamples::default(), report::MemorySamples::default());
	let (mut requested, mut certified, mut extrinsics, mut blocks, mut pool_refusals) = (0u64, 0u64, 0u64, 0u64, 0u64);
	loop {
		let header = match tokio::time::timeout(Duration::from_secs(30), heads.next()).await {
			Ok(Some(header)) => header?,
			Ok(None) => bail!("the node closed the block subscription"),
			Err(_) => bail!("no new block for 30 s"),
		};
		let now = Instant::now();
		let events: Vec<RuntimeEvent> = storage::events(&rpc, header.hash()).await?.into_iter().map(|r| r.event).collect();
		let in_window = now >= window_start && now <= load_end;
		for done in tracker.observe(&events, now) {
			if in_window {
				certified += 1;
			}
			if done.requested >= window_start && done.requested <= load_end {
				latencies.push(done.certified - done.published);
				from_submission.push(done.certified - done.requested);
			}
		}
		if in_window {
			blocks += 1;
			extrinsics += signed_extrinsics(&events);
			if let Some(pid) = config.node_pid {
				if let (Some(rss), Some(anon)) = (report::status_kib(pid, "VmRSS"), report::status_kib(pid, "RssAnon")) {
					let at = now.saturating_duration_since(window_start);
					memory.sample(at, rss);
					anon_memory.sample(at, anon);
				}
			}
		}

		let mut request = None;
		if now < load_end {
			owed += f64::from(config.rate) * (now - last).as_secs_f64();
			let volume = owed.floor() as u32;
			if volume > 0 {
				owed -= f64::from(volume);
				if now >= window_start {
					requested += u64::from(volume);
				}
				request = Some(request_call(&config, market.app, agents.requester.account(), volume, run_id, header.number));
				tracker.requested(Instant::now());
			}
		} else if tracker.in_flight() + tracker.unpublished() == 0 || now >= load_end + config.drain {
			break;
		}
		last = now;
		pool_refusals += agents.send(&rpc, &chain, &mut tracker, request).await?;
	}

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

/// A request for `volume` tasks, unique to this run and block `block` (the
/// best one), valid for [`ORDER_LIFETIME`](ect_client::offers::ORDER_LIFETIME)
/// blocks from it.
fn request_call(config: &BenchConfig, app: u32, requester: &AccountId, volume: u32, run: u64, block: u32) -> RuntimeCall {
	let order = RequestOrder {
		app,
		app_max_price: 0,
		dataset: None,
		dataset_max_price: 0,
		workerpool: None,
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

/// The accounts a run sends from (the scheduler only signs authorizations).
struct Agents {
	requester: Submitter,
	scheduler: Signer,
	workers: Vec<Submitter>,
}

impl Agents {
	/// Signs and submits the request (if any) and every worker's queued
	/// work; returns how many submissions the pool refused.
	async fn send(&mut self, rpc: &Rpc, chain: &ChainInfo, tracker: &mut Tracker, request: Option<RuntimeCall>) -> anyhow::Result<u64> {
		let mut signed: Vec<Vec<u8>> = Vec::new();
		let mut owners: Vec<Option<usize>> = Vec::new();
		if let Some(call) = request {
			signed.extend(self.requester.sign(rpc, chain, vec![call]).await?);
			owners.push(None);
		}
		for (w, worker) in self.workers.iter_mut().enumerate() {
			let work = std::mem::take(&mut tracker.to_work[w]);
			if work.is_empty() {
				continue;
			}
			let calls: Vec<RuntimeCall> = work
				.chunks(BATCH)
				.map(|chunk| {
					let items = chunk.iter().map(|work| work_item(chain, &self.scheduler, worker.account(), *work)).collect();
					pallet_ect_poco::Call::<Runtime>::work_batch { items: BoundedVec::truncate_from(items) }.into()
				})
				.collect();
			let count = calls.len();
			signed.extend(worker.sign(rpc, chain, calls).await?);
			owners.extend(std::iter::repeat_n(Some(w), count));
		}

		let refused = submit_all(rpc, signed, PARALLEL).await;
		for (i, error) in &refused {
			log::warn!(target: "ect-bench", "submission refused: {error}");
			match owners.get(*i).copied().flatten() {
				Some(w) => self.workers[w].resync(),
				None => self.requester.resync(),
			}
		}
		Ok(refused.len() as u64)
	}
}

/// What the simulated results link is.
const RESULTS: &[u8] = b"bench://results";

/// The `work_batch` item for `work` by `worker`.
fn work_item(chain: &ChainInfo, scheduler: &Signer, worker: &AccountId, work: Work) -> WorkItemOf<Runtime> {
	let results = || BoundedVec::truncate_from(RESULTS.to_vec());
	match work {
		Work::Contribute { deal, index } => WorkItemOf::<Runtime>::Contribute(contribution(chain, scheduler, worker, deal, index)),
		Work::ContributeAndFinalize { deal, index } => {
			let contribution = contribution(chain, scheduler, worker, deal, index);
			let digest = Tracker::digest(&contribution.task);
			WorkItemOf::<Runtime>::ContributeAndFinalize { contribution, digest, results: results(), results_callback: BoundedVec::new() }
		},
		Work::RevealAndFinalize { task } =>
			WorkItemOf::<Runtime>::RevealAndFinalize { task, digest: Tracker::digest(&task), results: results(), results_callback: BoundedVec::new() },
	}
}

/// Worker `worker`'s contribution to task `index` of `deal` (initializing
/// it if it is the first), authorised by `scheduler`.
fn contribution(chain: &ChainInfo, scheduler: &Signer, worker: &AccountId, deal: pallet_ect_marketplace::DealId, index: u32) -> ContributeArgsOf<Runtime> {
	let task = pallet_ect_marketplace::task_id(&deal, index);
	let digest = Tracker::digest(&task);
	let message = authorization_message(&chain.genesis_hash, worker, &task, None::<&AccountId>);
	ContributeArgsOf::<Runtime> {
		task,
		result_hash: result_hash(&task, &digest),
		result_seal: result_seal(worker, &task, &digest),
		enclave: None,
		authorization: MultiSignature::Sr25519(scheduler.sign_bytes(&message)),
		usage: None,
		dataset_checksum: None,
		initialize: Some((deal, index)),
	}
}
