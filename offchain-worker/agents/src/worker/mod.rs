//! The worker (`ect worker`): computes the tasks its pool's scheduler
//! authorises, contributes the commitment, reveals the digest once the task
//! reaches consensus on it, and uploads the result bundle to the result
//! store the task's `params` name, or its pool's. When the `params` name
//! `encrypt_to`, it uploads the bundle sealed to that key with an ephemeral
//! key of its own ([`ect_runner::sealed`]), a deal's callback bytes in
//! clear beside it; the sealed bytes are kept, so a retried upload sends
//! the same ones.
//!
//! A task drawn for a spot check (`pallet_ect_poco::spot_check`) is one the
//! worker contributes to although it is revealing, if the scheduler
//! authorised it as the checker; as the lone winner, it waits to reveal
//! until the check's consensus includes it.
//!
//! At start it measures its machine once ([`capabilities`]: cores, the
//! memory and disk one task can use, the architecture, the fuel it burns per
//! second), lowered to what the operator declares, and reports them with
//! every join: its scheduler authorises it only for tasks whose deal's
//! requirements they meet.
//!
//! It computes up to `--parallel N` tasks at once (N sandboxes, each capped
//! at the runner's memory limit, must fit in the machine's memory), and
//! sends a block's steps as `work_batch` items ([`batch`]). A winner uploads
//! its bundle before it reveals and reveals with `reveal_and_finalize`: the
//! last winner's reveal certifies the task with the link to its bundle, so
//! the scheduler's `finalize` is needed only when that did not happen.
//!
//! Folded steps (`pallet_ect_poco`'s `fold`): a task its scheduler leaves
//! uninitialized (the assignment names its deal and index) is initialized
//! by the worker's contribution; the first contribution to a task whose
//! trust the worker's weight meets alone, in a pool that spot-checks
//! nothing, is `ContributeAndFinalize`: contributed, revealed and certified
//! in one item, with the link its bundle will have in the store (bundles
//! are stored by hash), the upload following in the next block. A trust 1
//! task is then one item and one block.
//!
//! Each step is driven by chain state, plus the worker's state file
//! ([`state`]): a restarted worker picks up exactly where it was. At a new
//! block it reads the block's events once and reads again only the tasks
//! they name, or that wait without an event ([`watch`]); every task at the
//! first block of a connection, after a gap and every few blocks. A step
//! reads its task records in bulk ([`Link::tasks`]): its new assignments'
//! in one call before it computes them, the tasks it follows in one call
//! after (the node instantiates its runtime once a call, not once a
//! task). Every
//! read, transaction and upload goes through a [`Link`]: one node
//! connection and one pool service for `ect worker` ([`NodeLink`]), shared
//! ones for the throughput benchmark's many workers in one process. A
//! test-only byzantine mode contributes a wrong digest. With
//! `--metrics ADDR` it serves Prometheus metrics: tasks by outcome
//! ([`TASKS_TOTAL`], carried across restarts by the state file), tasks in
//! progress, store refusals by code, and the chain gauges of
//! [`crate::metrics`] (stake locked, chain lag).

pub mod batch;
pub mod capabilities;
pub mod compute;
pub mod deals;
pub mod link;
pub mod state;
pub mod watch;

use std::{path::PathBuf, sync::Arc, time::Duration};

use anyhow::{bail, Context};
use ect_client::{
	reads,
	runtime::{AccountId, Runtime},
	metrics::{Kind, Registry},
	Error as ClientError, Rpc, Sender, Signer, StateFile,
};
use ect_runner::{
	results::{ResultStore, ResultsLink},
	sealed::{self, RecipientKey, SealError},
	Fetcher, Output, Runner,
};
use futures::StreamExt;
use pallet_ect_poco::{result_hash, result_seal, ContributeArgsOf, TaskStatus, Usage, WorkItemOf};
use polkadot_sdk::{frame_support::BoundedVec, sp_core::H256, sp_runtime::MultiSignature};

use crate::{
	params::TaskParams,
	pool::{client::PoolClient, from_hex, Assignment},
	store::{self, client::StoreClientError},
	RETRY,
};
use batch::{Action, Settled};
use capabilities::{Capabilities, Declared};
use compute::{Compute, Computed, Failure};
pub use link::{Link, NodeLink};
use link::TaskRecords;
use state::{Stage, TaskRecord, WorkerState};

/// The worker's tasks by outcome (`computed`, `contributed`, `revealed`,
/// `certified`, `uploaded`, `task_won`, `task_lost`, `checksum_mismatch`, …).
pub const TASKS_TOTAL: &str = "ect_worker_tasks_total";

/// The chain's refusals of a reveal that mean "not yet" (`pallet_ect_poco`'s
/// spot checks): the task stays where it is.
const SPOT_CHECK_WAITS: [&str; 2] = ["SpotCheckDrawPending", "SpotChecked"];

/// The chain's refusals of a `ContributeAndFinalize` that leave the task to
/// a plain contribution: the contribution does not reach consensus alone,
/// the pool spot-checks lone consensuses, or the task it was to initialize
/// was initialized meanwhile.
const UNFOLDED: [&str; 3] = ["NotConsensusAlone", "SpotCheckDrawPending", "TaskAlreadyInitialized"];

/// How a worker is run.
#[derive(Clone)]
pub struct WorkerConfig {
	/// The node's JSON-RPC/WebSocket URL.
	pub node_url: String,
	/// The pool service URL of the scheduler.
	pub scheduler_url: String,
	/// The worker's key.
	pub signer: Signer,
	/// The workerpool it joins.
	pub pool: u32,
	/// Its state file, app cache and sandboxes live here.
	pub state_dir: PathBuf,
	/// Test only: contribute a wrong digest.
	pub byzantine: bool,
	/// How many tasks it computes at once (at least 1; see
	/// [`check_parallel`]).
	pub parallel: usize,
	/// Where to serve Prometheus metrics, if anywhere.
	pub metrics: Option<std::net::SocketAddr>,
	/// What the operator declares of the machine, each at most the measured
	/// figure (`--cores`, `--memory-mib`, `--disk-mib`); the worker reports
	/// the measured capabilities lowered to these ([`capabilities`]).
	pub declared: Declared,
}

/// A running worker.
pub struct Worker {
	config: WorkerConfig,
	state_file: StateFile,
	state: WorkerState,
	/// How it computes: the sandbox, or a fixed digest in the benchmark.
	compute: Compute,
	bundles: ResultStore,
	/// The sealed bundles of tasks whose `params` name `encrypt_to`.
	sealed: ResultStore,
	metrics: Arc<Registry>,
	/// What it reports to its pool when it joins, measured once at start.
	capabilities: Capabilities,
	/// Which tasks to read again at each block ([`watch`]).
	watch: watch::Watch,
	/// The deals of its tasks, each read once ([`deals`]).
	deals: deals::Deals,
}

/// Why a worker cannot compute `parallel` tasks at once.
#[derive(Debug, thiserror::Error)]
pub enum ParallelError {
	/// Zero tasks at once.
	#[error("--parallel must be at least 1")]
	Zero,
	/// The sandboxes' memory caps together exceed the machine's memory.
	#[error("--parallel {parallel}: {parallel} sandboxes of {cap_mib} MiB each need more than this machine's {total_mib} MiB")]
	Memory {
		/// The tasks asked for at once.
		parallel: usize,
		/// One sandbox's memory cap, MiB.
		cap_mib: u64,
		/// The machine's memory, MiB.
		total_mib: u64,
	},
}

/// Checks that `parallel` sandboxes, each capped at the runner's memory
/// limit, fit in `total_bytes` of memory (the machine's, `MemTotal`).
pub fn check_parallel(parallel: usize, total_bytes: u64) -> Result<(), ParallelError> {
	if parallel == 0 {
		return Err(ParallelError::Zero);
	}
	let cap = u64::try_from(ect_runner::Limits::with_fuel(0).memory_bytes).unwrap_or(u64::MAX);
	if cap.saturating_mul(parallel as u64) > total_bytes {
		return Err(ParallelError::Memory { parallel, cap_mib: cap >> 20, total_mib: total_bytes >> 20 });
	}
	Ok(())
}

/// The machine's memory (`MemTotal` of `/proc/meminfo`), in bytes.
pub fn machine_memory() -> anyhow::Result<u64> {
	let info = std::fs::read_to_string("/proc/meminfo").context("reading /proc/meminfo")?;
	let kib = info
		.lines()
		.find_map(|line| line.strip_prefix("MemTotal:"))
		.and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
		.context("no MemTotal in /proc/meminfo")?;
	Ok(kib.saturating_mul(1024))
}

/// Runs a worker until the process ends, reconnecting to the node and the
/// scheduler whenever either goes away.
pub async fn run(config: WorkerConfig) -> anyhow::Result<()> {
	check_parallel(config.parallel, machine_memory()?)?;
	// The calibration runs the sandbox: off the async threads.
	let mut worker = tokio::task::spawn_blocking(move || Worker::new(config)).await.context("measuring the machine")??;
	log::info!(target: "ect-worker", "{}: capabilities {}", worker.name(), worker.capabilities);
	if let Some(addr) = worker.config.metrics {
		let addr = ect_client::metrics::spawn(addr, worker.metrics.clone()).await.with_context(|| format!("metrics on {addr}"))?;
		log::info!(target: "ect-worker", "{}: metrics on http://{addr}/metrics", worker.name());
	}
	loop {
		if let Err(error) = worker.session().await {
			log::warn!(target: "ect-worker", "{}: {error:#}; reconnecting", worker.name());
		}
		tokio::time::sleep(RETRY).await;
	}
}

impl Worker {
	/// A worker with its state loaded from `config.state_dir`, and its
	/// capabilities measured ([`capabilities::measure`]). Blocking: the
	/// fuel calibration takes a fraction of a second.
	pub fn new(config: WorkerConfig) -> anyhow::Result<Self> {
		let fetcher = Fetcher::new(config.state_dir.join("cache"));
		let runner = Runner::new(config.state_dir.join("sandbox"))?;
		let capabilities = capabilities::measure(&config.state_dir, config.parallel, &runner, config.declared)?;
		Self::with_compute(config, Compute::Sandbox { fetcher, runner }, capabilities)
	}

	/// A worker with its state loaded from `config.state_dir` that computes
	/// with `compute` and reports `capabilities` (the benchmark's workers:
	/// [`Compute::FixedDigest`], nothing measured).
	pub fn with_compute(config: WorkerConfig, compute: Compute, capabilities: Capabilities) -> anyhow::Result<Self> {
		let state_file = StateFile::new(config.state_dir.join("worker-state.json"));
		let state: WorkerState = state_file.load()?;
		let bundles = ResultStore::new(config.state_dir.join("results"));
		let sealed = ResultStore::new(config.state_dir.join("sealed"));
		// The counters carry on from the state file across restarts.
		let metrics = Arc::new(Registry::default());
		for (outcome, count) in &state.outcomes {
			metrics.add(TASKS_TOTAL, &[("outcome", outcome)], *count);
		}
		Ok(Self {
			config,
			state_file,
			state,
			compute,
			bundles,
			sealed,
			metrics,
			capabilities,
			watch: watch::Watch::default(),
			deals: deals::Deals::default(),
		})
	}

	/// What it reports to its pool when it joins.
	pub fn capabilities(&self) -> &Capabilities {
		&self.capabilities
	}

	fn name(&self) -> String {
		use polkadot_sdk::sp_core::crypto::Ss58Codec;
		format!("worker {}", self.config.signer.account().to_ss58check())
	}

	fn save(&mut self) -> anyhow::Result<()> {
		self.state.prune();
		Ok(self.state_file.save(&self.state)?)
	}

	fn outcome(&mut self, task: &H256, outcome: &str, detail: &str) {
		log::info!(target: "ect-worker", "{}: task {task:?}: {outcome}{}{detail}", self.name(), if detail.is_empty() { "" } else { ": " });
		self.state.count(outcome);
		self.metrics.add(TASKS_TOTAL, &[("outcome", outcome)], 1);
	}

	/// The registry of the worker's metrics.
	pub fn metrics(&self) -> Arc<Registry> {
		self.metrics.clone()
	}

	/// One connection: follows new blocks until something breaks.
	async fn session(&mut self) -> anyhow::Result<()> {
		let rpc = Rpc::connect(&self.config.node_url).await.context("node")?;
		let sender = Sender::new(rpc, self.config.signer.clone()).await?;
		let genesis = sender.chain().genesis_hash;
		let pool =
			PoolClient::join(&self.config.scheduler_url, &genesis, self.config.pool, &self.config.signer, &self.capabilities)
				.await
				.context("scheduler")?;
		log::info!(target: "ect-worker", "{} joined pool {} at {}", self.name(), self.config.pool, self.config.scheduler_url);
		// Without the pool's notifications, new tasks are taken at each block.
		let published = match pool.published().await {
			Ok(subscription) => Some(subscription),
			Err(error) => {
				log::warn!(target: "ect-worker", "{}: no notification of new tasks from the pool: {error}", self.name());
				None
			},
		};
		let link = NodeLink::new(sender, pool, published);
		let mut heads = link.rpc().subscribe_new_heads().await?;
		// The first step of a connection reads every task in progress.
		self.watch.reset();
		let mut head = None;
		loop {
			self.step(&link, head.take()).await?;
			// New tasks the pool serves before the next block are taken at once.
			loop {
				tokio::select! {
					next = tokio::time::timeout(Duration::from_secs(12), heads.next()) => {
						match next {
							Ok(Some(Ok(header))) => head = Some(header),
							Err(_) => {},
							Ok(_) => bail!("the node closed the block subscription"),
						}
						break;
					},
					() = link.published() => self.take_published(&link).await?,
				}
			}
			if !link.pool_connected() {
				bail!("the scheduler went away");
			}
		}
	}

	/// Takes new assignments (computing up to `parallel` at once), then
	/// moves along the tasks in progress that `head`'s events name, or
	/// that wait without an event ([`watch`]; all of them without a head):
	/// the steps of one block go together in `work_batch` extrinsics
	/// ([`batch`]), sent through `link`. The first step after a
	/// [`Self::forget_blocks`] reads every task in progress. The records of
	/// the tasks it follows are read in one [`Link::tasks`] call, after the
	/// new assignments are computed (so that those, among them, are read as
	/// the chain has them after that time).
	pub async fn step<L: Link>(&mut self, link: &L, head: Option<ect_client::runtime::Header>) -> anyhow::Result<()> {
		if self.config.metrics.is_some() {
			crate::metrics::chain_gauges(link.rpc(), &self.metrics, "ect_worker", &link.account(), crate::metrics::Stake::Worker).await?;
		}
		let in_progress = u64::try_from(self.state.in_progress().len()).unwrap_or(u64::MAX);
		self.metrics.set("ect_worker_tasks_in_progress", &[], Kind::Gauge, in_progress);
		let plan = match &head {
			Some(header) => self.watch.plan(Some(header.number), link.touched(header).await?),
			None => self.watch.plan(None, Default::default()),
		};
		self.advance(link, plan).await
	}

	/// Takes the assignments the scheduler just served ([`Link::published`])
	/// between two blocks: computes them and sends their first steps at
	/// once, reading nothing else (the tasks the last block named were
	/// followed at that block).
	pub async fn take_published<L: Link>(&mut self, link: &L) -> anyhow::Result<()> {
		self.advance(link, watch::Plan::Only { touched: Default::default(), recheck: Default::default() }).await
	}

	/// Takes new assignments, then follows the tasks in progress `plan`
	/// names, and those that wait without an event.
	async fn advance<L: Link>(&mut self, link: &L, plan: watch::Plan) -> anyhow::Result<()> {
		let fresh: Vec<Assignment> =
			link.assignments().await?.into_iter().filter(|a| !self.state.tasks.contains_key(&a.task)).collect();
		self.take_all(link, fresh).await?;
		let followed: Vec<(H256, TaskRecord)> = self
			.state
			.in_progress()
			.into_iter()
			.filter(|(task, record)| waits_without_event(record) || plan.includes(task))
			.collect();
		let chain = read_tasks(link, followed.iter().map(|(task, _)| *task).collect()).await?;
		let mut actions = Vec::new();
		for (task, record) in followed {
			let on_chain = answered(&chain, &task)?;
			if let Some(action) = self.follow(link, task, record, on_chain).await? {
				actions.push(action);
			}
		}
		if actions.is_empty() {
			return Ok(());
		}
		for Settled { action, result, certified } in link.send(actions).await? {
			self.settle(&action, result)?;
			if certified {
				self.outcome(&action.task, "certified", "");
				self.save()?;
			}
		}
		Ok(())
	}

	/// Forgets the blocks seen: the next step reads every task in progress
	/// (as at a new connection).
	pub fn forget_blocks(&mut self) {
		self.watch.reset();
	}

	/// Computes newly assigned tasks, `parallel` at once, and records their
	/// digests; `contribute` is sent by the next [`Self::follow`]. Their
	/// records are read in one [`Link::tasks`] call.
	async fn take_all<L: Link>(&mut self, link: &L, assignments: Vec<Assignment>) -> anyhow::Result<()> {
		let chain = read_tasks(link, assignments.iter().map(|a| a.task).collect()).await?;
		let mut jobs = Vec::new();
		for assignment in assignments {
			let on_chain = answered(&chain, &assignment.task)?;
			if let Some(deal) = self.admit(link, &assignment, on_chain).await? {
				jobs.push((assignment, deal));
			}
		}
		if jobs.is_empty() {
			return Ok(());
		}
		let compute = &self.compute;
		let computed: Vec<(Assignment, _)> = futures::stream::iter(jobs)
			.map(|(assignment, deal)| async move {
				let result = compute.task(link.rpc(), assignment.task, &deal).await;
				(assignment, result)
			})
			.buffer_unordered(self.config.parallel.max(1))
			.collect()
			.await;
		for (assignment, result) in computed {
			self.record(assignment, result?)?;
		}
		// The digests are on disk before the commitments are sent.
		self.save()
	}

	/// The deal of a newly assigned task, if the worker is to compute it:
	/// the task takes contributions (or waits for its spot check's
	/// checker, or is to be initialized by the worker's contribution), and
	/// the worker did not contribute to it before losing its state (then it
	/// records the task as failed). `on_chain` is the task's record (`None`:
	/// not initialized).
	async fn admit<L: Link>(
		&mut self,
		link: &L,
		assignment: &Assignment,
		on_chain: Option<reads::Task>,
	) -> anyhow::Result<Option<reads::Deal>> {
		let task_id = assignment.task;
		let deal = match on_chain {
			Some(task) => {
				// A revealing task takes a contribution only as a spot check's.
				if task.status != TaskStatus::Active && !link.drawn_for_check(task_id, &task).await? {
					return Ok(None);
				}
				if task.contributors.contains(&link.account()) {
					// Contributed before its state was lost: the digest is
					// unknown, so it must not reveal anything.
					let mut record = TaskRecord::taken(assignment.authorization.clone(), None);
					record.stage = Stage::Failed;
					record.failure = Some("state_lost".into());
					self.state.tasks.insert(task_id, record);
					self.outcome(&task_id, "state_lost", "contributed before the state file was lost");
					self.save()?;
					return Ok(None);
				}
				task.deal
			},
			// Not initialized: the worker's contribution initializes it, if
			// the slot it names is the task's.
			None => match assignment.slot {
				Some(slot) if pallet_ect_marketplace::task_id(&slot.deal, slot.index) == task_id => slot.deal,
				_ => return Ok(None),
			},
		};
		Ok(self.deals.get(link, deal).await?)
	}

	/// Records the computation of an assigned task.
	fn record(&mut self, assignment: Assignment, computed: Result<Computed, Failure>) -> anyhow::Result<()> {
		let task_id = assignment.task;
		let mut record = TaskRecord::taken(assignment.authorization, assignment.slot);
		match computed {
			Ok(computed) => {
				let Computed { digest, bundle, fuel, run_ms, dataset_checksum } = computed;
				let digest = if self.config.byzantine {
					H256(ect_runner::blake2_256(&[&digest[..], b"byzantine"].concat()))
				} else {
					digest
				};
				self.bundles.put(&task_id, &bundle)?;
				record.digest = Some(digest);
				record.usage = Some((fuel, run_ms));
				record.dataset_checksum = dataset_checksum;
				self.state.tasks.insert(task_id, record);
				self.outcome(&task_id, "computed", &format!("digest {digest:?}, {fuel} fuel, {run_ms} ms"));
			},
			Err(failure) => {
				record.stage = Stage::Failed;
				record.failure = Some(failure.kind().to_string());
				self.state.tasks.insert(task_id, record);
				self.outcome(&task_id, failure.kind(), &failure.to_string());
			},
		}
		Ok(())
	}

	/// The contribution of a computed task, initializing it if `initialize`.
	fn contribution(
		&self,
		worker: &AccountId,
		task: H256,
		record: &TaskRecord,
		initialize: bool,
	) -> anyhow::Result<Option<ContributeArgsOf<Runtime>>> {
		let (Some(digest), Some((fuel, run_ms))) = (record.digest, record.usage) else { return Ok(None) };
		let authorization: MultiSignature = from_hex(&record.authorization).map_err(anyhow::Error::msg)?;
		Ok(Some(ContributeArgsOf::<Runtime> {
			task,
			result_hash: result_hash(&task, &digest),
			result_seal: result_seal(worker, &task, &digest),
			enclave: None,
			authorization,
			usage: Some(Usage { fuel, run_ms }),
			dataset_checksum: record.dataset_checksum,
			initialize: if initialize { record.slot.map(|slot| (slot.deal, slot.index)) } else { None },
		}))
	}

	/// The step of a computed task nobody contributed to yet (`initialize`:
	/// nor initialized): if its weight alone meets the deal's trust and the
	/// pool spot-checks nothing, the worker contributes, reveals and
	/// certifies it in one item (`ContributeAndFinalize`), with the link its
	/// bundle will have in the store (the store addresses bundles by hash,
	/// and takes an upload only from a contributor, so the upload follows);
	/// otherwise it contributes.
	async fn first_contribution<L: Link>(
		&mut self,
		link: &L,
		task: H256,
		record: &TaskRecord,
		deal_id: H256,
		initialize: bool,
	) -> anyhow::Result<Option<Action>> {
		let Some(contribution) = self.contribution(&link.account(), task, record, initialize)? else { return Ok(None) };
		let contribute = |item| Action { task, item, done: Stage::Contributed, outcome: "contributed", already: "AlreadyContributed" };
		let (Some(digest), false) = (record.digest, record.unfolded) else {
			return Ok(Some(contribute(WorkItemOf::<Runtime>::Contribute(contribution))));
		};
		let Some(deal) = self.deals.get(link, deal_id).await? else { return Ok(None) };
		let alone = ect_poco_math::reaches_consensus(
			&[ect_poco_math::Contribution { hash: H256::zero(), weight: link.weight().await? }],
			&H256::zero(),
			deal.trust,
		)
		.unwrap_or(false);
		if !alone || link.spot_check_rate(deal.workerpool.id).await? != 0 {
			return Ok(Some(contribute(WorkItemOf::<Runtime>::Contribute(contribution))));
		}
		let store = self.store_of(link, &deal);
		let Some((results, results_callback)) = self.certification(task, &deal, &store)? else {
			return Ok(Some(contribute(WorkItemOf::<Runtime>::Contribute(contribution))));
		};
		Ok(Some(Action {
			task,
			item: WorkItemOf::<Runtime>::ContributeAndFinalize { contribution, digest, results, results_callback },
			done: Stage::Revealed,
			outcome: "contributed_and_revealed",
			already: "AlreadyContributed",
		}))
	}

	/// Records the result of a sent item: its `done` stage on success or
	/// when the chain says it was done already (`already`), `Failed` on any
	/// other on-chain refusal but a spot check's wait, and a refused
	/// `ContributeAndFinalize` (the contribution was not alone, or the pool
	/// now spot-checks) leaves the task to a plain contribution.
	fn settle(&mut self, action: &Action, sent: Result<(), ClientError>) -> anyhow::Result<()> {
		let task = action.task;
		match sent {
			Ok(_) => {
				self.set_stage(task, action.done);
				self.outcome(&task, action.outcome, "");
			},
			Err(ClientError::Dispatch(failure)) if failure.error == action.already => self.set_stage(task, action.done),
			Err(ClientError::Dispatch(failure))
				if matches!(action.item, WorkItemOf::<Runtime>::ContributeAndFinalize { .. }) &&
					UNFOLDED.contains(&failure.error.as_str()) =>
			{
				log::info!(target: "ect-worker", "task {task:?}: {failure}; contributing without certifying");
				if let Some(record) = self.state.tasks.get_mut(&task) {
					record.unfolded = true;
				}
			},
			// The task's spot-check draw is pending or drew a check: the
			// reveal waits (the chain moved on since the task was read).
			Err(ClientError::Dispatch(failure)) if SPOT_CHECK_WAITS.contains(&failure.error.as_str()) => {
				log::info!(target: "ect-worker", "task {task:?}: {failure}; waiting");
				self.watch.recheck(task);
				return Ok(());
			},
			Err(ClientError::Dispatch(failure)) => {
				self.set_stage(task, Stage::Failed);
				if let Some(record) = self.state.tasks.get_mut(&task) {
					record.failure = Some(failure.name());
				}
				self.outcome(&task, "refused", &failure.to_string());
			},
			Err(other) => return Err(other.into()),
		}
		self.save()
	}

	fn set_stage(&mut self, task: H256, stage: Stage) {
		if let Some(record) = self.state.tasks.get_mut(&task) {
			record.stage = stage;
		}
	}

	/// Moves a task in progress along from its state on chain (`on_chain`,
	/// its record; `None`: not initialized); returns the transaction to
	/// send, if any.
	async fn follow<L: Link>(
		&mut self,
		link: &L,
		task_id: H256,
		record: TaskRecord,
		on_chain: Option<reads::Task>,
	) -> anyhow::Result<Option<Action>> {
		let me = link.account();
		let Some(task) = on_chain else {
			// Not initialized yet: the worker's contribution initializes it.
			return match (record.stage, record.slot) {
				(Stage::Computed, Some(slot)) => self.first_contribution(link, task_id, &record, slot.deal, true).await,
				_ => Ok(None),
			};
		};
		match (task.status, record.stage) {
			(TaskStatus::Completed | TaskStatus::Failed, _) => {
				// Certified with this worker's digest (by its own folded
				// contribution, perhaps sent before a lost connection): its
				// bundle goes to the store first (tried again at the next
				// block while the store is unreachable).
				let certified_mine =
					task.status == TaskStatus::Completed && task.digest.is_some() && task.digest == record.digest;
				if certified_mine && task.contributors.contains(&me) && !record.uploaded {
					self.upload(link, task_id, task.deal).await?;
					if self.state.tasks.get(&task_id).is_some_and(|r| !r.uploaded) {
						return Ok(None);
					}
				}
				let won = task.digest.is_some() && task.digest == record.digest;
				self.set_stage(task_id, Stage::Done);
				let outcome = match task.status {
					TaskStatus::Failed => "task_failed",
					_ if won => "task_won",
					_ => "task_lost",
				};
				self.outcome(&task_id, outcome, "");
				self.save()?;
				Ok(None)
			},
			(TaskStatus::Active, Stage::Computed) if task.contributors.is_empty() =>
				self.first_contribution(link, task_id, &record, task.deal, false).await,
			(TaskStatus::Active | TaskStatus::Revealing, Stage::Computed)
				if !task.contributors.contains(&me) &&
					(task.status == TaskStatus::Active || link.drawn_for_check(task_id, &task).await?) =>
				Ok(self.contribution(&me, task_id, &record, false)?.map(|contribution| Action {
					task: task_id,
					item: WorkItemOf::<Runtime>::Contribute(contribution),
					done: Stage::Contributed,
					outcome: "contributed",
					already: "AlreadyContributed",
				})),
			(TaskStatus::Active | TaskStatus::Revealing, Stage::Computed) => {
				self.set_stage(task_id, Stage::Contributed);
				self.save()?;
				Ok(None)
			},
			(TaskStatus::Revealing, Stage::Contributed) => {
				let Some(digest) = record.digest else { return Ok(None) };
				if task.consensus != Some(result_hash(&task_id, &digest)) {
					return Ok(None);
				}
				// A lone consensus drawn for a spot check: the digest stays
				// secret until the checker's contribution joins a consensus.
				if link.drawn_for_check(task_id, &task).await? {
					self.watch.recheck(task_id);
					return Ok(None);
				}
				// The bundle goes to the store first, so that the reveal, if
				// it is the last, certifies the task with its link (folded
				// finalize); without a stored bundle, a plain reveal.
				if !record.uploaded {
					self.upload(link, task_id, task.deal).await?;
				}
				let stored_at = self.state.tasks.get(&task_id).and_then(|r| r.stored_at.clone());
				let certification = match (stored_at, self.deals.get(link, task.deal).await?) {
					(Some(url), Some(deal)) => self.certification_at(task_id, &deal, url)?,
					_ => None,
				};
				let item = match certification {
					Some((results, results_callback)) =>
						WorkItemOf::<Runtime>::RevealAndFinalize { task: task_id, digest, results, results_callback },
					None => WorkItemOf::<Runtime>::Reveal { task: task_id, digest },
				};
				Ok(Some(Action {
					task: task_id,
					item,
					done: Stage::Revealed,
					outcome: "revealed",
					already: "AlreadyRevealed",
				}))
			},
			(TaskStatus::Revealing, Stage::Revealed) if !record.uploaded => {
				self.upload(link, task_id, task.deal).await?;
				Ok(None)
			},
			_ => Ok(None),
		}
	}
}

/// Whether a task at `record`'s stage waits for something no event names,
/// so that it is followed at every block ([`watch`]): a contribution not yet
/// sent, or a revealed task's upload not yet over.
fn waits_without_event(record: &TaskRecord) -> bool {
	record.stage == Stage::Computed || (record.stage == Stage::Revealed && !record.uploaded)
}

/// The chain's records of tasks `ids`, read in one [`Link::tasks`] call (no
/// call for no task).
async fn read_tasks<L: Link>(link: &L, ids: Vec<H256>) -> anyhow::Result<TaskRecords> {
	if ids.is_empty() {
		return Ok(TaskRecords::new());
	}
	Ok(link.tasks(ids).await?)
}

/// The record of task `id` among the `records` read for it (`None`: the
/// chain has not initialized it); an error if the link did not answer it.
fn answered(records: &TaskRecords, id: &H256) -> anyhow::Result<Option<reads::Task>> {
	records.get(id).cloned().with_context(|| format!("the chain link did not answer for task {id:?}"))
}

impl Worker {
	/// The store `deal`'s bundles go to: the one its `params` name, or the
	/// pool's.
	fn store_of<L: Link>(&self, link: &L, deal: &reads::Deal) -> String {
		TaskParams::parse(&deal.params).ok().and_then(|params| params.store).unwrap_or_else(|| link.store().to_string())
	}

	/// The bytes of `task`'s bundle as they go to the store: sealed to the
	/// requester's key if the deal's `params` name one (sealed once and
	/// kept). `Ok(None)`: nothing to store (no bundle, or one that cannot be
	/// stored, its upload then over with the outcome).
	fn stored_bytes(&mut self, task: &H256, deal: &reads::Deal) -> anyhow::Result<Option<Vec<u8>>> {
		// The task was computed with these params, so they parse.
		let params = match TaskParams::parse(&deal.params) {
			Ok(params) => params,
			Err(error) => {
				self.upload_done(task, "bad_params", &error)?;
				return Ok(None);
			},
		};
		let Some(plain) = self.bundles.get(task) else { return Ok(None) };
		match &params.encrypt_to {
			None => Ok(Some(plain)),
			Some(recipient) => match self.sealed_bundle(task, plain, recipient, deal.callback.is_some())? {
				Ok(sealed) => Ok(Some(sealed)),
				Err(error) => {
					self.upload_done(task, "seal_failed", &error.to_string())?;
					Ok(None)
				},
			},
		}
	}

	/// Uploads the bundle of a revealed task to the store its `params` name,
	/// or the pool's; sealed to the requester's key if they name one. A
	/// refusal is final (logged with its code); an unreachable store is
	/// tried again at the next block.
	async fn upload<L: Link>(&mut self, link: &L, task_id: H256, deal_id: H256) -> anyhow::Result<()> {
		let Some(deal) = self.deals.get(link, deal_id).await? else { return Ok(()) };
		let Some(bundle) = self.stored_bytes(&task_id, &deal)? else { return Ok(()) };
		let sealed = TaskParams::parse(&deal.params).ok().is_some_and(|params| params.encrypt_to.is_some());
		let kind = if sealed { "sealed bundle" } else { "bundle" };
		let store = self.store_of(link, &deal);
		let (outcome, detail, stored_at) = match link.upload(&store, task_id, bundle).await {
			Ok(hash) => ("uploaded", format!("{kind} {hash:?} to {store}"), Some(store::bundle_url(&store, &hash))),
			Err(error @ StoreClientError::Refused { .. }) => {
				self.metrics.add("ect_worker_upload_refusals_total", &[("code", error.code().unwrap_or("http"))], 1);
				("upload_refused", error.to_string(), None)
			},
			Err(error) => {
				log::warn!(target: "ect-worker", "{}: task {task_id:?}: {error}; retrying", self.name());
				return Ok(());
			},
		};
		if let Some(record) = self.state.tasks.get_mut(&task_id) {
			record.stored_at = stored_at;
		}
		self.upload_done(&task_id, outcome, &detail)
	}

	/// The results link and callback bytes with which `task` is certified
	/// when its bundle goes to the store at `store` (it is stored by hash,
	/// so the link is known before the upload); `None` if there is nothing
	/// to store.
	fn certification(
		&mut self,
		task: H256,
		deal: &reads::Deal,
		store: &str,
	) -> anyhow::Result<Option<(pallet_ect_poco::ResultsOf<Runtime>, pallet_ect_poco::CallbackOf<Runtime>)>> {
		let Some(stored) = self.stored_bytes(&task, deal)? else { return Ok(None) };
		let url = store::bundle_url(store, &H256(ect_runner::blake2_256(&stored)));
		self.certification_at(task, deal, url)
	}

	/// The results link (to `url`) and callback bytes of `task`'s bundle,
	/// with which the last winner's reveal certifies the task
	/// (`reveal_and_finalize`); `None` if no bundle of it is kept.
	fn certification_at(
		&self,
		task: H256,
		deal: &reads::Deal,
		url: String,
	) -> anyhow::Result<Option<(pallet_ect_poco::ResultsOf<Runtime>, pallet_ect_poco::CallbackOf<Runtime>)>> {
		let Some(plain) = self.bundles.get(&task) else { return Ok(None) };
		let sealed = TaskParams::parse(&deal.params).ok().is_some_and(|params| params.encrypt_to.is_some());
		let stored = if sealed { self.sealed.get(&task) } else { Some(plain.clone()) };
		let Some(stored) = stored else { return Ok(None) };
		let callback = match deal.callback {
			None => Vec::new(),
			Some(_) => match Output::from_bundle(&plain).ok().and_then(|o| o.callback().map(<[u8]>::to_vec)) {
				Some(callback) => callback,
				None => return Ok(None),
			},
		};
		let link = ResultsLink::new(url, &stored).to_bytes();
		Ok(BoundedVec::try_from(link).ok().zip(BoundedVec::try_from(callback).ok()))
	}

	/// Records that the upload of `task` is over, with its outcome.
	fn upload_done(&mut self, task: &H256, outcome: &str, detail: &str) -> anyhow::Result<()> {
		if let Some(record) = self.state.tasks.get_mut(task) {
			record.uploaded = true;
		}
		self.outcome(task, outcome, detail);
		self.save()
	}

	/// `plain` (the bundle of `task`) sealed to `recipient`, with the
	/// callback bytes in clear for a deal with a callback: sealed once and
	/// kept on disk (the outer error), so every upload attempt sends the
	/// same bytes; the inner error is why it cannot be sealed.
	fn sealed_bundle(
		&self,
		task: &H256,
		plain: Vec<u8>,
		recipient: &RecipientKey,
		has_callback: bool,
	) -> anyhow::Result<Result<Vec<u8>, SealError>> {
		if let Some(sealed) = self.sealed.get(task) {
			return Ok(Ok(sealed));
		}
		// A bundle that does not decode carries no callback; the scheduler
		// then refuses the envelope, as it would the bundle.
		let callback = if has_callback {
			Output::from_bundle(&plain).ok().and_then(|output| output.callback().map(<[u8]>::to_vec))
		} else {
			None
		};
		let sealed = match sealed::seal(recipient, &plain, callback.as_deref(), &mut rand::rngs::OsRng) {
			Ok(sealed) => sealed,
			Err(error) => return Ok(Err(error)),
		};
		self.sealed.put(task, &sealed)?;
		Ok(Ok(sealed))
	}
}


#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn parallel_sandboxes_must_fit_in_the_machines_memory() {
		const GIB: u64 = 1 << 30;
		assert!(matches!(check_parallel(0, GIB), Err(ParallelError::Zero)));
		// 256 MiB a sandbox: four fit in 1 GiB, five do not.
		assert!(check_parallel(4, GIB).is_ok());
		let refused = check_parallel(5, GIB).unwrap_err();
		assert!(matches!(refused, ParallelError::Memory { parallel: 5, cap_mib: 256, total_mib: 1024 }));
		assert!(refused.to_string().contains("--parallel 5"));
		assert!(machine_memory().unwrap() > 0);
	}

	use std::{collections::BTreeMap, future::Future, sync::Mutex};

	/// A chain of fixed task records and a scheduler of fixed assignments,
	/// that records every bulk read of task records.
	struct CountingLink {
		/// A connection to a node that answers nothing: none of the reads
		/// the test's steps make goes to it.
		rpc: Rpc,
		signer: Signer,
		chain: BTreeMap<H256, reads::Task>,
		assignments: Mutex<Vec<Assignment>>,
		/// The ids of each [`Link::tasks`] call, in order.
		asked: Mutex<Vec<Vec<H256>>>,
	}

	impl Link for CountingLink {
		fn rpc(&self) -> &Rpc {
			&self.rpc
		}

		fn signer(&self) -> &Signer {
			&self.signer
		}

		fn genesis(&self) -> H256 {
			H256::zero()
		}

		fn store(&self) -> &str {
			"http://127.0.0.1:9"
		}

		fn assignments(&self) -> impl Future<Output = anyhow::Result<Vec<Assignment>>> + Send {
			let taken = std::mem::take(&mut *self.assignments.lock().unwrap());
			async move { Ok(taken) }
		}

		fn tasks(&self, ids: Vec<H256>) -> impl Future<Output = ect_client::Result<TaskRecords>> + Send {
			self.asked.lock().unwrap().push(ids.clone());
			let answered: TaskRecords = ids.into_iter().map(|id| (id, self.chain.get(&id).cloned())).collect();
			async move { Ok(answered) }
		}

		fn send(&self, actions: Vec<Action>) -> impl Future<Output = Result<Vec<Settled>, ClientError>> + Send {
			let settled =
				actions.into_iter().map(|action| Settled { action, result: Ok(()), certified: false }).collect();
			async move { Ok(settled) }
		}
	}

	/// A task record on chain of status `status`.
	fn on_chain(status: TaskStatus, contributors: Vec<AccountId>, digest: Option<H256>) -> reads::Task {
		reads::Task {
			deal: H256::repeat_byte(0xde),
			index: 0,
			status,
			contribution_deadline: 0,
			reveal_deadline: 0,
			final_deadline: 0,
			time_ref_ms: 0,
			consensus: None,
			contributors: BoundedVec::truncate_from(contributors),
			winners: 0,
			revealed: 0,
			digest,
			results: BoundedVec::default(),
			results_callback: BoundedVec::default(),
			usage: None,
			check: pallet_ect_poco::SpotCheck::None,
		}
	}

	/// A record of a task the worker contributed `digest` to.
	fn contributed(digest: H256) -> TaskRecord {
		let mut record = TaskRecord::taken("0x".into(), None);
		record.stage = Stage::Contributed;
		record.digest = Some(digest);
		record
	}

	#[tokio::test]
	async fn a_step_reads_its_new_and_its_followed_tasks_in_one_call_each() {
		const A: H256 = H256::repeat_byte(1);
		const B: H256 = H256::repeat_byte(2);
		const C: H256 = H256::repeat_byte(3);
		const D: H256 = H256::repeat_byte(4);
		let server = jsonrpsee::server::Server::builder().build("127.0.0.1:0").await.unwrap();
		let addr = server.local_addr().unwrap();
		let _node = server.start(jsonrpsee::RpcModule::new(()));
		let signer = Signer::from_uri("//Alice").unwrap();
		let me = signer.account();
		let dir = tempfile::tempdir().unwrap();
		let config = WorkerConfig {
			node_url: format!("ws://{addr}"),
			scheduler_url: String::new(),
			signer: signer.clone(),
			pool: 0,
			state_dir: dir.path().to_path_buf(),
			byzantine: false,
			parallel: 1,
			metrics: None,
			declared: Declared::default(),
		};
		let mut worker = Worker::with_compute(config, Compute::FixedDigest, Capabilities::default()).unwrap();
		// In progress: A, certified with another digest; B, still taking
		// contributions.
		worker.state.tasks.insert(A, contributed(H256::repeat_byte(0xa)));
		worker.state.tasks.insert(B, contributed(H256::repeat_byte(0xb)));
		// Newly assigned: C, not on chain and no slot of the worker's to
		// initialize; D, contributed to by this worker before it lost its
		// state.
		let assign = |task| Assignment { task, authorization: "0x".into(), slot: None };
		let chain = BTreeMap::from([
			(A, on_chain(TaskStatus::Completed, vec![], Some(H256::repeat_byte(0xf)))),
			(B, on_chain(TaskStatus::Active, vec![], None)),
			(D, on_chain(TaskStatus::Active, vec![me], None)),
		]);
		let link = CountingLink {
			rpc: Rpc::connect(&format!("ws://{addr}")).await.unwrap(),
			signer,
			chain,
			assignments: Mutex::new(vec![assign(C), assign(D)]),
			asked: Mutex::new(Vec::new()),
		};

		worker.step(&link, None).await.unwrap();
		let asked = link.asked.lock().unwrap().clone();
		assert_eq!(asked, vec![vec![C, D], vec![A, B]], "one read for the new tasks, one for the followed");
		let stage = |worker: &Worker, task: &H256| worker.state.tasks.get(task).map(|r| r.stage);
		assert_eq!(stage(&worker, &A), Some(Stage::Done), "A was lost");
		assert_eq!(stage(&worker, &B), Some(Stage::Contributed));
		assert_eq!(stage(&worker, &C), None, "C is not taken");
		assert_eq!(stage(&worker, &D), Some(Stage::Failed), "D's digest was lost with the state");

		// Nothing new: one read, of the task still in progress.
		worker.step(&link, None).await.unwrap();
		assert_eq!(link.asked.lock().unwrap().len(), 3);
		assert_eq!(link.asked.lock().unwrap().last(), Some(&vec![B]));
	}
}
