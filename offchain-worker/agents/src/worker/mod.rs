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
//! Each step is driven by chain state read at every new block, plus the
//! worker's state file ([`state`]): a restarted worker picks up exactly where
//! it was. A test-only byzantine mode contributes a wrong digest. With
//! `--metrics ADDR` it serves Prometheus metrics: tasks by outcome
//! ([`TASKS_TOTAL`], carried across restarts by the state file), tasks in
//! progress, store refusals by code, and the chain gauges of
//! [`crate::metrics`] (stake locked, chain lag).

pub mod compute;
pub mod state;

use std::{path::PathBuf, sync::Arc, time::Duration};

use anyhow::{bail, Context};
use ect_client::{
	reads,
	runtime::{AccountId, Runtime, RuntimeCall},
	metrics::{Kind, Registry},
	Error as ClientError, Rpc, Sender, Signer, StateFile, TxStage,
};
use ect_runner::{
	results::ResultStore,
	sealed::{self, RecipientKey, SealError},
	Fetcher, Output, Runner,
};
use pallet_ect_poco::{result_hash, result_seal, ContributeArgsOf, TaskStatus, Usage};
use polkadot_sdk::{sp_core::H256, sp_runtime::MultiSignature};

use crate::{
	params::TaskParams,
	pool::{client::PoolClient, from_hex, Assignment},
	store::{self, client::StoreClientError},
	RETRY,
};
use compute::{compute, Computed};
use state::{Stage, TaskRecord, WorkerState};

/// The worker's tasks by outcome (`computed`, `contributed`, `revealed`,
/// `uploaded`, `task_won`, `task_lost`, `checksum_mismatch`, …).
pub const TASKS_TOTAL: &str = "ect_worker_tasks_total";

/// The chain's refusals of a reveal that mean "not yet" (`pallet_ect_poco`'s
/// spot checks): the task stays where it is.
const SPOT_CHECK_WAITS: [&str; 2] = ["SpotCheckDrawPending", "SpotChecked"];

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
	/// Where to serve Prometheus metrics, if anywhere.
	pub metrics: Option<std::net::SocketAddr>,
}

/// A running worker.
pub struct Worker {
	config: WorkerConfig,
	state_file: StateFile,
	state: WorkerState,
	fetcher: Fetcher,
	runner: Runner,
	bundles: ResultStore,
	/// The sealed bundles of tasks whose `params` name `encrypt_to`.
	sealed: ResultStore,
	metrics: Arc<Registry>,
}

/// Runs a worker until the process ends, reconnecting to the node and the
/// scheduler whenever either goes away.
pub async fn run(config: WorkerConfig) -> anyhow::Result<()> {
	let mut worker = Worker::new(config)?;
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
	/// A worker with its state loaded from `config.state_dir`.
	pub fn new(config: WorkerConfig) -> anyhow::Result<Self> {
		let state_file = StateFile::new(config.state_dir.join("worker-state.json"));
		let state: WorkerState = state_file.load()?;
		let fetcher = Fetcher::new(config.state_dir.join("cache"));
		let runner = Runner::new(config.state_dir.join("sandbox"))?;
		let bundles = ResultStore::new(config.state_dir.join("results"));
		let sealed = ResultStore::new(config.state_dir.join("sealed"));
		// The counters carry on from the state file across restarts.
		let metrics = Arc::new(Registry::default());
		for (outcome, count) in &state.outcomes {
			metrics.add(TASKS_TOTAL, &[("outcome", outcome)], *count);
		}
		Ok(Self { config, state_file, state, fetcher, runner, bundles, sealed, metrics })
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
		let pool = PoolClient::join(&self.config.scheduler_url, &genesis, self.config.pool, &self.config.signer)
			.await
			.context("scheduler")?;
		log::info!(target: "ect-worker", "{} joined pool {} at {}", self.name(), self.config.pool, self.config.scheduler_url);
		let mut heads = sender.rpc().subscribe_new_heads().await?;
		loop {
			self.step(&sender, &pool).await?;
			match tokio::time::timeout(Duration::from_secs(12), heads.next()).await {
				Ok(Some(Ok(_))) | Err(_) => {},
				Ok(_) => bail!("the node closed the block subscription"),
			}
			if !pool.is_connected() {
				bail!("the scheduler went away");
			}
		}
	}

	/// Takes new assignments, then moves every task in progress along: the
	/// transactions of one step are sent together, so they share a block.
	async fn step(&mut self, sender: &Sender, pool: &PoolClient) -> anyhow::Result<()> {
		crate::metrics::chain_gauges(sender.rpc(), &self.metrics, "ect_worker", &sender.account(), crate::metrics::Stake::Worker).await?;
		let in_progress = u64::try_from(self.state.in_progress().len()).unwrap_or(u64::MAX);
		self.metrics.set("ect_worker_tasks_in_progress", &[], Kind::Gauge, in_progress);
		for assignment in pool.assignments().await? {
			if !self.state.tasks.contains_key(&assignment.task) {
				self.take(sender, assignment).await?;
			}
		}
		let mut sends = Vec::new();
		for (task, record) in self.state.in_progress() {
			if let Some(action) = self.follow(sender, pool, task, record).await? {
				sends.push(action);
			}
		}
		let results = futures::future::join_all(sends.into_iter().map(|action| async move {
			let sent = sender.send(action.call.clone(), TxStage::InBlock).await;
			(action, sent)
		}))
		.await;
		for (action, sent) in results {
			self.settle(action.task, sent, action.done, action.outcome, action.already)?;
		}
		Ok(())
	}

	/// Computes a newly assigned task and records its digest; `contribute`
	/// is sent by the next [`Self::follow`].
	async fn take(&mut self, sender: &Sender, assignment: Assignment) -> anyhow::Result<()> {
		let rpc = sender.rpc();
		let task_id = assignment.task;
		let Some(task) = reads::task(rpc, task_id).await? else { return Ok(()) };
		// A revealing task takes a contribution only as a spot check's.
		if task.status != TaskStatus::Active && !reads::drawn_for_check(rpc, task_id, &task).await? {
			return Ok(());
		}
		let mut record = TaskRecord::taken(assignment.authorization);
		if task.contributors.contains(&sender.account()) {
			// Contributed before its state was lost: the digest is unknown,
			// so it must not reveal anything.
			record.stage = Stage::Failed;
			record.failure = Some("state_lost".into());
			self.state.tasks.insert(task_id, record);
			self.outcome(&task_id, "state_lost", "contributed before the state file was lost");
			return self.save();
		}
		let Some(deal) = reads::deal(rpc, task.deal).await? else { return Ok(()) };
		match compute(rpc, &self.fetcher, &self.runner, task_id, &deal).await? {
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
		// The digest is on disk before the commitment is sent.
		self.save()
	}

	/// The `contribute` call of a computed task.
	fn contribution(&self, worker: &AccountId, task: H256, record: &TaskRecord) -> anyhow::Result<Option<RuntimeCall>> {
		let (Some(digest), Some((fuel, run_ms))) = (record.digest, record.usage) else { return Ok(None) };
		let authorization: MultiSignature = from_hex(&record.authorization).map_err(anyhow::Error::msg)?;
		let contribution = ContributeArgsOf::<Runtime> {
			task,
			result_hash: result_hash(&task, &digest),
			result_seal: result_seal(worker, &task, &digest),
			enclave: None,
			authorization,
			usage: Some(Usage { fuel, run_ms }),
			dataset_checksum: record.dataset_checksum,
			initialize: None,
		};
		Ok(Some(pallet_ect_poco::Call::<Runtime>::contribute { contribution }.into()))
	}

	/// Records the result of a sent transaction: `done` on success or when
	/// the chain says it was already done (`already`), `Failed` on any other
	/// on-chain refusal; transport errors leave the task to be retried.
	fn settle(
		&mut self,
		task: H256,
		sent: ect_client::Result<ect_client::Included>,
		done: Stage,
		outcome: &str,
		already: &str,
	) -> anyhow::Result<()> {
		match sent {
			Ok(_) => {
				self.set_stage(task, done);
				self.outcome(&task, outcome, "");
			},
			Err(ClientError::Dispatch(failure)) if failure.error == already => self.set_stage(task, done),
			// The task's spot-check draw is pending or drew a check: the
			// reveal waits (the chain moved on since the task was read).
			Err(ClientError::Dispatch(failure)) if SPOT_CHECK_WAITS.contains(&failure.error.as_str()) => {
				log::info!(target: "ect-worker", "task {task:?}: {failure}; waiting");
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

	/// Moves a task in progress along from its state on chain; returns the
	/// transaction to send, if any.
	async fn follow(
		&mut self,
		sender: &Sender,
		pool: &PoolClient,
		task_id: H256,
		record: TaskRecord,
	) -> anyhow::Result<Option<Action>> {
		let Some(task) = reads::task(sender.rpc(), task_id).await? else { return Ok(None) };
		match (task.status, record.stage) {
			(TaskStatus::Completed | TaskStatus::Failed, _) => {
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
			(TaskStatus::Active | TaskStatus::Revealing, Stage::Computed)
				if !task.contributors.contains(&sender.account()) &&
					(task.status == TaskStatus::Active || reads::drawn_for_check(sender.rpc(), task_id, &task).await?) =>
				Ok(self.contribution(&sender.account(), task_id, &record)?.map(|call| Action {
					task: task_id,
					call,
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
				if reads::drawn_for_check(sender.rpc(), task_id, &task).await? {
					return Ok(None);
				}
				Ok(Some(Action {
					task: task_id,
					call: pallet_ect_poco::Call::<Runtime>::reveal { task: task_id, digest }.into(),
					done: Stage::Revealed,
					outcome: "revealed",
					already: "AlreadyRevealed",
				}))
			},
			(TaskStatus::Revealing, Stage::Revealed) if !record.uploaded => {
				self.upload(sender, pool, task_id, task.deal).await?;
				Ok(None)
			},
			_ => Ok(None),
		}
	}
}

impl Worker {
	/// Uploads the bundle of a revealed task to the store its `params` name,
	/// or the pool's; sealed to the requester's key if they name one. A
	/// refusal is final (logged with its code); an unreachable store is
	/// tried again at the next block.
	async fn upload(&mut self, sender: &Sender, pool: &PoolClient, task_id: H256, deal_id: H256) -> anyhow::Result<()> {
		let Some(deal) = reads::deal(sender.rpc(), deal_id).await? else { return Ok(()) };
		// The task was computed with these params, so they parse.
		let params = match TaskParams::parse(&deal.params) {
			Ok(params) => params,
			Err(error) => return self.upload_done(&task_id, "bad_params", &error),
		};
		let Some(plain) = self.bundles.get(&task_id) else { return Ok(()) };
		let bundle = match &params.encrypt_to {
			None => plain,
			Some(recipient) => match self.sealed_bundle(&task_id, plain, recipient, deal.callback.is_some())? {
				Ok(sealed) => sealed,
				Err(error) => return self.upload_done(&task_id, "seal_failed", &error.to_string()),
			},
		};
		let kind = if params.encrypt_to.is_some() { "sealed bundle" } else { "bundle" };
		let store = params.store.unwrap_or_else(|| pool.store().to_string());
		let genesis = sender.chain().genesis_hash;
		let (outcome, detail) = match store::client::upload(&store, &genesis, &task_id, &self.config.signer, bundle).await {
			Ok(hash) => ("uploaded", format!("{kind} {hash:?} to {store}")),
			Err(error @ StoreClientError::Refused { .. }) => {
				self.metrics.add("ect_worker_upload_refusals_total", &[("code", error.code().unwrap_or("http"))], 1);
				("upload_refused", error.to_string())
			},
			Err(error) => {
				log::warn!(target: "ect-worker", "{}: task {task_id:?}: {error}; retrying", self.name());
				return Ok(());
			},
		};
		self.upload_done(&task_id, outcome, &detail)
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

/// A transaction a step sends, and how its result is recorded.
struct Action {
	task: H256,
	call: RuntimeCall,
	done: Stage,
	outcome: &'static str,
	already: &'static str,
}
