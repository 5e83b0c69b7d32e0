//! The scheduler (`ect scheduler`), the manager of one workerpool. At every
//! block it reads `PocoApi_scheduler_todo` and
//! - gives the tasks of its deals that nobody initialized yet to workers as
//!   slots, which their first contribution initializes ([`slots`]), and
//!   initialises those no live worker can take (`initialize_batch`);
//! - authorises workers for active tasks by the replication rule
//!   ([`assign`]), only workers whose capabilities (reported when they
//!   joined) meet the deal's requirements ([`fit`]), least loaded first,
//!   then the fastest; serves the authorisations through the pool service,
//!   and tells anyone who asks (`pool_task`) why a task waits when no live
//!   worker meets its requirements;
//! - finalizes tasks whose winners revealed (`finalize_batch`), linking the
//!   result bundle a worker uploaded to the result store (the pool's, which
//!   it serves, or the one the task's `params` name), checked against the
//!   certified digest; for a task whose `params` name `encrypt_to`, the
//!   first well-formed envelope sealed to that key and uploaded by a worker
//!   whose contribution is revealed with the consensus (its callback, for a
//!   deal with one, carried in clear and checked against the digest);
//! - reopens tasks whose consensus group did not reveal in time;
//! - keeps the workerpool order its policy describes in the book, renewing
//!   it when spent or a day before it expires ([`offers`], [`policy`]);
//! - reports every open task about to pass its final deadline, and claims
//!   those past it so that their requesters are refunded ([`deadlines`]).
//!
//! A step reads each worker's weight and each deal once however many tasks
//! need them ([`view`]), the records of each list's tasks in one call
//! ([`reads::tasks`]), and the chain gauges only when metrics are served.
//!
//! Its authorisations are in a state file ([`state`]), saved once a step
//! before they are served ([`state::Staged`]), the store's bundles on disk:
//! a restarted scheduler carries on where it stopped. With
//! `--metrics ADDR` it serves Prometheus metrics: its steps by kind
//! ([`STEPS_TOTAL`]), live workers, tasks no live worker can take
//! ([`UNASSIGNABLE`]), the store's uploads and refusals by
//! code (`ect_store_uploads_total`, `ect_store_refusals_total`), the pool
//! service's refusals by code (`ect_pool_refusals_total`), and the
//! chain gauges of [`crate::metrics`] (stake locked, chain lag).

pub mod assign;
pub mod deadlines;
pub mod fit;
pub mod offers;
pub mod policy;
pub mod slots;
pub mod state;
pub mod view;

use std::{
	collections::{BTreeMap, BTreeSet},
	net::SocketAddr,
	path::PathBuf,
	sync::{Arc, Mutex},
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use anyhow::{bail, Context};
use ect_client::{
	metrics::{Kind, Registry},
	reads,
	runtime::{AccountId, Runtime, RuntimeEvent},
	Rpc, Sender, Signer, StateFile, TxStage,
};
use ect_runner::{
	results::{check_sealed, verify, ResultsLink},
	sealed::RecipientKey,
};
use pallet_ect_poco::{ContributionStatus, TaskStatus};
use polkadot_sdk::{
	frame_support::BoundedVec,
	sp_core::{crypto::Ss58Codec, H256},
	sp_runtime::MultiSignature,
};

use crate::{
	params::TaskParams,
	pool::{
		server::{serve, PoolBackend, PoolIdentity},
		to_hex, Assignment, Capabilities, TaskView,
	},
	store::{self, authorise::Contributors, disk::Disk, server::StoreService},
	RETRY,
};
use state::{Given, SchedulerState, Staged};

/// A worker that has not polled for this long is not given new tasks.
const LIVE_FOR: Duration = Duration::from_secs(30);
/// An authorised worker that has not contributed after this long no longer
/// counts as pending, so the task goes to someone else.
const PENDING_FOR_SECS: u64 = 20;
/// At most this many tasks of each kind are read per block
/// (`PocoApi_scheduler_todo`): the tasks to give as slots, to authorise
/// workers for, to finalize, to reopen, to claim. Those sent in a batch
/// extrinsic go at most [`batch_limit`] a block.
const TODO_LIMIT: u32 = 1_024;

/// The most items of one batch call (`initialize_batch`, `finalize_batch`,
/// `claim_batch`): the chain's `MaxBatch`.
fn batch_limit() -> usize {
	use polkadot_sdk::frame_support::traits::Get;
	<<Runtime as pallet_ect_poco::Config>::MaxBatch as Get<u32>>::get() as usize
}
/// At most this many tasks' reasons to wait are kept ([`Shared::waiting`]).
const MAX_WAITING: usize = 4_096;

/// How a scheduler is run.
#[derive(Clone)]
pub struct SchedulerConfig {
	/// The node's JSON-RPC/WebSocket URL.
	pub node_url: String,
	/// The key it signs with: the workerpool owner's, or better the
	/// operator key the owner names on chain (the owner's stays cold).
	pub signer: Signer,
	/// The workerpool it manages.
	pub pool: u32,
	/// Where the pool service listens (`127.0.0.1:9955`).
	pub listen: SocketAddr,
	/// Where the pool's result store listens (`127.0.0.1:9956`).
	pub store_listen: SocketAddr,
	/// The store's base URL as the world reaches it (behind a proxy, say);
	/// `http://<store_listen>` if not given.
	pub store_url: Option<String>,
	/// A private pool's allow-list; empty for a public pool.
	pub allow: BTreeSet<AccountId>,
	/// Its state file and result store live here.
	pub state_dir: PathBuf,
	/// Where to serve Prometheus metrics, if anywhere.
	pub metrics: Option<SocketAddr>,
	/// What it offers and how early it warns about deadlines.
	pub policy: policy::Policy,
}

/// A worker that joined: when it last called, and what it reported.
struct Live {
	seen: Instant,
	capabilities: Capabilities,
}

/// The state the pool service and the block loop share.
struct Shared {
	state: Mutex<SchedulerState>,
	file: StateFile,
	live: Mutex<BTreeMap<AccountId, Live>>,
	/// Why tasks the replication rule wants more workers for get none: no
	/// live worker meets their deal's requirements, or none is live. At
	/// most [`MAX_WAITING`]; dropped when the task gets a worker or no
	/// longer needs one, when it is off a whole list of tasks to authorise
	/// (shorter than [`TODO_LIMIT`]), or when it had workers and is
	/// finished ([`forget_finished`]).
	waiting: Mutex<BTreeMap<H256, String>>,
	disk: Disk,
	store_url: String,
	metrics: Arc<Registry>,
	/// How many times new authorisations were served: workers subscribed to
	/// the pool service hear of each ([`PoolBackend::published`]).
	published: tokio::sync::watch::Sender<u64>,
}

/// The store's uploads and refusals, counted in the scheduler's metrics.
struct StoreCounters(Arc<Registry>);

impl store::server::StoreEvents for StoreCounters {
	fn uploaded(&self) {
		self.0.add("ect_store_uploads_total", &[], 1);
	}

	fn refused(&self, error: &store::StoreError) {
		self.0.add("ect_store_refusals_total", &[("code", error.code())], 1);
	}
}

/// The scheduler's steps done, by step (`initialize`, `authorise`,
/// `finalize`, `reopen`).
pub const STEPS_TOTAL: &str = "ect_scheduler_tasks_total";
/// Tasks that wait for workers no live worker can be: none meets their
/// deal's requirements, or none is live.
pub const UNASSIGNABLE: &str = "ect_scheduler_tasks_unassignable";

impl Shared {
	fn save(&self, state: &SchedulerState) -> anyhow::Result<()> {
		Ok(self.file.save(state)?)
	}

	fn lock_state(&self) -> anyhow::Result<std::sync::MutexGuard<'_, SchedulerState>> {
		self.state.lock().map_err(|_| anyhow::anyhow!("state lock poisoned"))
	}

	/// Saves the state with the `staged` authorisations, then serves them
	/// ([`Staged`]): the state the pool service reads gets them only once
	/// the state file has them, and keeps none of them if the file could not
	/// be written. The state lock is held meanwhile, so no worker polls
	/// between the two.
	fn publish(&self, staged: &Staged) -> anyhow::Result<()> {
		if staged.is_empty() {
			return Ok(());
		}
		let mut state = self.lock_state()?;
		let mut next = state.clone();
		staged.apply(&mut next);
		self.save(&next)?;
		*state = next;
		drop(state);
		self.published.send_modify(|count| *count = count.wrapping_add(1));
		for (task, given) in staged.iter() {
			log::info!(target: "ect-scheduler", "task {task:?}: authorised {}", given.worker.to_ss58check());
			self.metrics.add(STEPS_TOTAL, &[("step", "authorise")], 1);
		}
		Ok(())
	}

	/// The workers that called in the last [`LIVE_FOR`], with their
	/// capabilities.
	fn live_workers(&self) -> Vec<(AccountId, Capabilities)> {
		match self.live.lock() {
			Ok(live) => live
				.iter()
				.filter(|(_, l)| l.seen.elapsed() < LIVE_FOR)
				.map(|(worker, l)| (worker.clone(), l.capabilities.clone()))
				.collect(),
			Err(_) => Vec::new(),
		}
	}

	/// Records why `task` gets no worker (logged the first time), or that
	/// nothing holds it back (`None`).
	fn set_waiting(&self, task: H256, reason: Option<String>) {
		let Ok(mut waiting) = self.waiting.lock() else { return };
		let Some(reason) = reason else {
			waiting.remove(&task);
			return;
		};
		if !waiting.contains_key(&task) {
			log::warn!(target: "ect-scheduler", "task {task:?} not assigned: {reason}");
			if waiting.len() >= MAX_WAITING {
				waiting.pop_first();
			}
		}
		waiting.insert(task, reason);
	}

	/// Keeps the reasons to wait of `tasks` only.
	fn keep_waiting(&self, tasks: &[H256]) {
		if let Ok(mut waiting) = self.waiting.lock() {
			waiting.retain(|task, _| tasks.contains(task));
		}
	}

	/// Forgets the reasons to wait of `tasks`.
	fn forget_waiting(&self, tasks: &[H256]) {
		if let Ok(mut waiting) = self.waiting.lock() {
			for task in tasks {
				waiting.remove(task);
			}
		}
	}

	/// How many tasks wait for a worker none can be.
	fn waiting_count(&self) -> u64 {
		self.waiting.lock().map(|w| u64::try_from(w.len()).unwrap_or(u64::MAX)).unwrap_or(0)
	}
}

impl PoolBackend for Shared {
	fn join(&self, worker: AccountId, capabilities: Capabilities) {
		log::info!(target: "ect-scheduler", "worker {} joined: {capabilities}", worker.to_ss58check());
		if let Ok(mut live) = self.live.lock() {
			live.insert(worker, Live { seen: Instant::now(), capabilities });
		}
	}

	fn assignments(&self, worker: &AccountId) -> Vec<Assignment> {
		if let Ok(mut live) = self.live.lock() {
			if let Some(joined) = live.get_mut(worker) {
				joined.seen = Instant::now();
			}
		}
		self.state.lock().map(|s| s.of(worker)).unwrap_or_default()
	}

	fn task(&self, task: &H256) -> TaskView {
		let assigned: Vec<String> = match self.state.lock() {
			Ok(state) => state
				.assignments
				.get(task)
				.map(|given| given.iter().map(|g| g.worker.to_ss58check()).collect())
				.unwrap_or_default(),
			Err(_) => Vec::new(),
		};
		let waiting = self.waiting.lock().ok().and_then(|waiting| waiting.get(task).cloned());
		TaskView { assigned, waiting }
	}

	fn published(&self) -> tokio::sync::watch::Receiver<u64> {
		self.published.subscribe()
	}

	fn refused(&self, error: &crate::pool::PoolError) {
		self.metrics.add("ect_pool_refusals_total", &[("code", error.name())], 1);
	}
}

fn unix_now() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Runs a scheduler until the process ends: the pool service on
/// `config.listen`, and the block loop, reconnecting to the node as needed.
pub async fn run(config: SchedulerConfig) -> anyhow::Result<()> {
	let _running = start(config).await?;
	std::future::pending().await
}

/// A scheduler started in this process ([`start`]): its pool service, its
/// result store and its block loop run until it is dropped. Besides the
/// pool service, workers in the same process may join and take their
/// assignments through it directly (the throughput benchmark's many
/// workers do), with the same effect as over the service.
pub struct Running {
	shared: Arc<Shared>,
	/// The pool service's address.
	pub service: SocketAddr,
	/// The result store's base URL.
	pub store_url: String,
	blocks: tokio::task::JoinHandle<()>,
	_store: tokio::task::JoinHandle<()>,
	_service: jsonrpsee::server::ServerHandle,
}

impl Running {
	/// `worker` joins with `capabilities`, as over the pool service.
	pub fn join(&self, worker: AccountId, capabilities: Capabilities) {
		self.shared.join(worker, capabilities);
	}

	/// `worker`'s open authorisations, as the pool service serves them (the
	/// call counts as the worker calling in).
	pub fn assignments(&self, worker: &AccountId) -> Vec<Assignment> {
		self.shared.assignments(worker)
	}

	/// A counter that goes up each time new authorisations are served, as
	/// `pool_subscribeAssignments` notifies.
	pub fn published(&self) -> tokio::sync::watch::Receiver<u64> {
		self.shared.published()
	}
}

impl Drop for Running {
	fn drop(&mut self) {
		self.blocks.abort();
		self._store.abort();
	}
}

/// Starts a scheduler: the pool service on `config.listen`, the result
/// store on `config.store_listen`, and the block loop (reconnecting to the
/// node as needed) in the background.
pub async fn start(config: SchedulerConfig) -> anyhow::Result<Running> {
	let rpc = connect(&config.node_url).await;
	let genesis = rpc.genesis_hash().await?;
	let owner = pool_owner(&rpc, config.pool, &config.signer.account()).await?;
	if owner != config.signer.account() {
		log::info!(target: "ect-scheduler", "pool {}: acting as the operator of its owner {owner}", config.pool);
	}
	drop(rpc);
	let file = StateFile::new(config.state_dir.join("scheduler-state.json"));
	let disk = Disk::new(config.state_dir.join("store"));
	let metrics = Arc::new(Registry::default());
	if let Some(addr) = config.metrics {
		let addr = ect_client::metrics::spawn(addr, metrics.clone()).await.with_context(|| format!("metrics on {addr}"))?;
		log::info!(target: "ect-scheduler", "pool {}: metrics on http://{addr}/metrics", config.pool);
	}
	let store = StoreService {
		disk: disk.clone(),
		genesis,
		authorise: Arc::new(Contributors::new(config.node_url.clone())),
		events: Arc::new(StoreCounters(metrics.clone())),
	};
	let (store_addr, store_task) = store::server::spawn(config.store_listen, store)
		.await
		.with_context(|| format!("result store on {}", config.store_listen))?;
	let store_url = config.store_url.clone().unwrap_or_else(|| format!("http://{store_addr}"));
	let shared = Arc::new(Shared {
		state: Mutex::new(file.load()?),
		file,
		live: Mutex::new(BTreeMap::new()),
		waiting: Mutex::new(BTreeMap::new()),
		disk,
		store_url: store_url.clone(),
		metrics,
		published: tokio::sync::watch::channel(0).0,
	});
	let identity = PoolIdentity { genesis, pool: config.pool, store: store_url.clone(), allow: config.allow.clone() };
	let (addr, service) =
		serve(config.listen, identity, shared.clone()).await.with_context(|| format!("pool service on {}", config.listen))?;
	let private = if config.allow.is_empty() { String::new() } else { format!(", private to {} workers", config.allow.len()) };
	log::info!(target: "ect-scheduler", "pool {} service on ws://{addr}{private}; result store on {store_url}", config.pool);
	let looping = shared.clone();
	let blocks = tokio::spawn(async move {
		loop {
			if let Err(error) = session(&config, &looping).await {
				log::warn!(target: "ect-scheduler", "pool {}: {error:#}; reconnecting", config.pool);
			}
			tokio::time::sleep(RETRY).await;
		}
	});
	Ok(Running { shared, service: addr, store_url, blocks, _store: store_task, _service: service })
}

/// A node connection, retried until it succeeds.
async fn connect(url: &str) -> Rpc {
	loop {
		match Rpc::connect(url).await {
			Ok(rpc) => return rpc,
			Err(error) => log::warn!(target: "ect-scheduler", "cannot reach {url}: {error}"),
		}
		tokio::time::sleep(RETRY).await;
	}
}

/// The owner of `pool`, if `signer` acts as its scheduler: the owner itself,
/// or the operator key the owner names on chain (`ect pool set-operator`).
async fn pool_owner(rpc: &Rpc, pool: u32, signer: &AccountId) -> anyhow::Result<AccountId> {
	let info = reads::workerpool(rpc, pool).await?.with_context(|| format!("workerpool {pool} is not registered"))?;
	let operator = reads::workerpool_operator(rpc, pool).await?;
	if info.owner != *signer && operator.as_ref() != Some(signer) {
		bail!(
			"{signer} is neither the owner nor the operator of workerpool {pool}: its owner names it with \
			 `ect --key OWNER pool set-operator {pool} {signer}`"
		);
	}
	Ok(info.owner)
}

async fn session(config: &SchedulerConfig, shared: &Shared) -> anyhow::Result<()> {
	let sender = Sender::new(Rpc::connect(&config.node_url).await?, config.signer.clone()).await?;
	let owner = pool_owner(sender.rpc(), config.pool, &sender.account()).await?;
	if let Some(wanted) = config.policy.spot_check_per_million {
		keep_spot_check_rate(&sender, config.pool, wanted).await?;
	}
	let mut heads = sender.rpc().subscribe_new_heads().await?;
	let mut warned = BTreeSet::new();
	loop {
		step(config, shared, &sender, &owner, &mut warned).await?;
		match tokio::time::timeout(Duration::from_secs(12), heads.next()).await {
			Ok(Some(Ok(_))) | Err(_) => {},
			Ok(_) => bail!("the node closed the block subscription"),
		}
	}
}

/// Sets the pool's spot-check rate on chain to the policy's, if it differs.
async fn keep_spot_check_rate(sender: &Sender, pool: u32, wanted: u32) -> anyhow::Result<()> {
	let current = reads::spot_check_rate(sender.rpc(), pool).await?;
	if current != wanted {
		let call = pallet_ect_poco::Call::<Runtime>::set_spot_check_rate { pool, per_million: wanted };
		sender.send(call, TxStage::InBlock).await?;
		log::info!(target: "ect-scheduler", "pool {pool}: spot checks at {wanted} per million (were {current})");
	}
	Ok(())
}

/// One block's work; `owner` is the pool's owner, whose stakes are locked;
/// `warned` are the tasks already reported at risk.
async fn step(
	config: &SchedulerConfig,
	shared: &Shared,
	sender: &Sender,
	owner: &AccountId,
	warned: &mut BTreeSet<H256>,
) -> anyhow::Result<()> {
	let rpc = sender.rpc();
	if config.metrics.is_some() {
		crate::metrics::chain_gauges(rpc, &shared.metrics, "ect_scheduler", owner, crate::metrics::Stake::Scheduler).await?;
	}
	let live = u64::try_from(shared.live_workers().len()).unwrap_or(u64::MAX);
	shared.metrics.set("ect_scheduler_workers_live", &[], Kind::Gauge, live);
	if let Some(offer) = &config.policy.offer {
		offers::keep_offered(shared, sender, config.pool, offer).await?;
	}
	let todo = reads::scheduler_todo(rpc, config.pool, TODO_LIMIT).await?;
	deadlines::watch(shared, sender, &todo, config.policy.margin_ms(), warned).await?;
	let mut view = view::StepView::new(rpc);
	// The authorisations given are saved and served once all are given; the
	// ones given before a failed read are kept all the same.
	let mut staged = Staged::over(&*shared.lock_state()?);
	let given = async {
		let left = if config.policy.slots {
			give_slots(config, shared, sender, &todo.initialize, &mut view, &mut staged).await?
		} else {
			todo.initialize.clone()
		};
		authorize_all(config, shared, sender, &todo.authorize, &mut view, &mut staged).await?;
		anyhow::Ok(left)
	}
	.await;
	shared.publish(&staged)?;
	initialize(shared, sender, &given?).await?;
	// A whole list (shorter than its bound) names every task that takes
	// workers: the others no longer wait.
	if u32::try_from(todo.authorize.len()).unwrap_or(u32::MAX) < TODO_LIMIT {
		shared.keep_waiting(&todo.authorize);
	}
	shared.metrics.set(UNASSIGNABLE, &[], Kind::Gauge, shared.waiting_count());
	finalize(shared, sender, &todo.finalize[..todo.finalize.len().min(batch_limit())], &mut view).await?;
	for task in todo.reopen.iter().take(batch_limit()) {
		match sender.send(pallet_ect_poco::Call::<Runtime>::reopen { task: *task }, TxStage::InBlock).await {
			Ok(_) => {
				shared.metrics.add(STEPS_TOTAL, &[("step", "reopen")], 1);
				log::info!(target: "ect-scheduler", "reopened task {task:?}: its consensus group did not reveal");
			},
			Err(error) => log::warn!(target: "ect-scheduler", "reopen {task:?}: {error}"),
		}
	}
	forget_finished(shared, rpc, &todo.authorize, &todo.finalize, &todo.reopen).await?;
	Ok(())
}

/// Logs the batch items that failed; returns how many were done.
fn report_batch(what: &str, total: usize, events: &[RuntimeEvent]) -> u64 {
	let failed: Vec<String> = events
		.iter()
		.filter_map(|e| match e {
			RuntimeEvent::Poco(pallet_ect_poco::Event::BatchItemFailed { index, error, .. }) =>
				Some(format!("#{index}: {}", ect_client::DispatchFailure::new(error))),
			_ => None,
		})
		.collect();
	let done = total.saturating_sub(failed.len());
	log::info!(target: "ect-scheduler", "{what}: {done} of {total} done{}", if failed.is_empty() { String::new() } else { format!("; failed {failed:?}") });
	u64::try_from(done).unwrap_or(u64::MAX)
}

/// Gives the tasks of `uninitialized` (deal, index) to workers as slots
/// ([`slots`]), the authorisations going to `staged`; returns the slots no
/// live worker could take, to initialize.
async fn give_slots(
	config: &SchedulerConfig,
	shared: &Shared,
	sender: &Sender,
	uninitialized: &[(H256, u32)],
	view: &mut view::StepView<'_>,
	staged: &mut Staged,
) -> anyhow::Result<Vec<(H256, u32)>> {
	if uninitialized.is_empty() {
		return Ok(Vec::new());
	}
	let live = shared.live_workers();
	let saved: BTreeMap<H256, Vec<Given>> = {
		let state = shared.lock_state()?;
		uninitialized
			.iter()
			.map(|(deal, index)| pallet_ect_marketplace::task_id(deal, *index))
			.filter_map(|task| state.assignments.get(&task).map(|given| (task, given.clone())))
			.collect()
	};
	let mut workers: Vec<AccountId> = live.iter().map(|(worker, _)| worker.clone()).collect();
	workers.extend(saved.values().flatten().map(|g| g.worker.clone()));
	view.read_weights(&workers).await?;
	let mut wants = BTreeMap::new();
	for (deal_id, _) in uninitialized {
		if wants.contains_key(deal_id) {
			continue;
		}
		if let Some(deal) = view.deal(*deal_id).await? {
			wants.insert(*deal_id, slots::Wants { trust: deal.trust, required: fit::for_workers(&deal.requirements) });
		}
	}
	let now = unix_now();
	let (chosen, left) = {
		let given = |task: &H256| {
			let mut given = saved.get(task).cloned().unwrap_or_default();
			given.extend(staged.given(task).iter().cloned());
			given
		};
		// A worker whose weight is not known counts as the lightest.
		let pool = slots::Pool {
			live: &live,
			load: &|worker| staged.load(worker),
			weight: &|worker| view.known_weight(worker).unwrap_or(1),
			given: &given,
			now,
		};
		slots::choose(&pool, uninitialized, &|deal| wants.get(deal).copied())
	};
	let genesis = sender.chain().genesis_hash;
	for slots::Chosen { task, worker, slot } in chosen {
		let message = pallet_ect_poco::authorization_message(&genesis, &worker, &task, None::<&AccountId>);
		let signature = MultiSignature::Sr25519(config.signer.sign_bytes(&message));
		staged.give(task, Given { worker, authorization: to_hex(&signature), at: now, slot: Some(slot) });
	}
	Ok(left)
}

/// Initializes `tasks` (deal, index), at most a batch of them a step: the
/// tasks no live worker could take as a slot.
async fn initialize(shared: &Shared, sender: &Sender, tasks: &[(H256, u32)]) -> anyhow::Result<()> {
	if tasks.is_empty() {
		return Ok(());
	}
	let tasks: BoundedVec<_, _> = BoundedVec::truncate_from(tasks.iter().take(batch_limit()).copied().collect());
	let count = tasks.len();
	let included = sender.send(pallet_ect_poco::Call::<Runtime>::initialize_batch { tasks }, TxStage::InBlock).await?;
	let done = report_batch("initialize", count, &included.events);
	shared.metrics.add(STEPS_TOTAL, &[("step", "initialize")], done);
	Ok(())
}

/// Authorises more workers for each of `tasks` ([`authorize`]), their
/// records read in one call; the authorisations go to `staged`.
async fn authorize_all(
	config: &SchedulerConfig,
	shared: &Shared,
	sender: &Sender,
	tasks: &[H256],
	view: &mut view::StepView<'_>,
	staged: &mut Staged,
) -> anyhow::Result<()> {
	let records = reads::tasks(sender.rpc(), tasks).await?;
	for (task_id, task) in tasks.iter().zip(records) {
		if let Some(task) = task {
			authorize(config, shared, sender, (*task_id, task), view, staged).await?;
		}
	}
	Ok(())
}

/// Authorises more workers for `task` (its id and record) if the
/// replication rule asks for them: live workers whose capabilities meet the
/// deal's requirements, least loaded first, then the fastest
/// (`fuel_per_sec`); the authorisations go to `staged`, the ones staged
/// before counted as given. When the rule asks for more but no live worker
/// meets them, records why ([`Shared::set_waiting`]).
async fn authorize(
	config: &SchedulerConfig,
	shared: &Shared,
	sender: &Sender,
	(task_id, task): (H256, reads::Task),
	view: &mut view::StepView<'_>,
	staged: &mut Staged,
) -> anyhow::Result<()> {
	let rpc = sender.rpc();
	let Some(deal) = view.deal(task.deal).await? else { return Ok(()) };
	let contributions = reads::contributions(rpc, task_id).await?;
	let saved = shared.state.lock().map(|s| s.assignments.get(&task_id).cloned().unwrap_or_default()).unwrap_or_default();
	let given: Vec<Given> = saved.into_iter().chain(staged.given(&task_id).iter().cloned()).collect();
	let now = unix_now();
	let contributed: Vec<AccountId> = contributions.iter().map(|(w, _)| w.clone()).collect();
	let pending: Vec<&Given> = given
		.iter()
		.filter(|g| !contributed.contains(&g.worker) && now.saturating_sub(g.at) < PENDING_FOR_SECS)
		.collect();
	let live = shared.live_workers();
	let required = fit::for_workers(&deal.requirements);
	let reported: Vec<_> = live.iter().map(|(_, capabilities)| capabilities.resources()).collect();
	let unfit = fit::unmet(&required, &reported);
	let mut candidates: Vec<(AccountId, Capabilities)> = live
		.into_iter()
		.filter(|(w, capabilities)| !given.iter().any(|g| &g.worker == w) && capabilities.resources().satisfies(&required))
		.collect();
	let load_of = |w: &AccountId| staged.load(w);
	candidates.sort_by(|(a, of_a), (b, of_b)| {
		load_of(a).cmp(&load_of(b)).then_with(|| of_b.fuel_per_sec.cmp(&of_a.fuel_per_sec)).then_with(|| a.cmp(b))
	});

	let scored: Vec<(u32, H256)> = contributions
		.iter()
		.filter(|(_, c)| c.status != ContributionStatus::Rejected)
		.map(|(_, c)| (c.weight, c.result_hash))
		.collect();
	let mut asked: Vec<AccountId> = pending.iter().map(|g| g.worker.clone()).collect();
	asked.extend(candidates.iter().map(|(w, _)| w.clone()));
	view.read_weights(&asked).await?;
	let mut pending_weights = Vec::new();
	for g in &pending {
		pending_weights.push(view.weight(&g.worker).await?);
	}
	let mut candidate_weights = Vec::new();
	for (w, _) in &candidates {
		candidate_weights.push(view.weight(w).await?);
	}
	// A revealing task on the list waits for its spot check's checker.
	let checked = task.status == TaskStatus::Revealing || task.check == pallet_ect_poco::SpotCheck::Checked;
	let more = assign::more_replicas(deal.trust, &scored, &pending_weights, &candidate_weights, checked);
	if more == 0 {
		// The rule is met, or no candidate is left: the task waits for a
		// worker none can be only if the rule wants more and no live worker
		// meets the requirements (those that do may all be authorised
		// already, and then it waits for them).
		let waiting = if assign::wants_more(deal.trust, &scored, &pending_weights, checked) { unfit } else { None };
		shared.set_waiting(task_id, waiting);
		return Ok(());
	}
	shared.set_waiting(task_id, None);
	let genesis = sender.chain().genesis_hash;
	for (worker, _) in candidates.into_iter().take(more) {
		let message = pallet_ect_poco::authorization_message(&genesis, &worker, &task_id, None::<&AccountId>);
		let signature = MultiSignature::Sr25519(config.signer.sign_bytes(&message));
		staged.give(task_id, Given { worker, authorization: to_hex(&signature), at: now, slot: None });
	}
	Ok(())
}

/// Finalizes the tasks whose winners revealed and whose bundle arrived
/// (their records read in one call).
async fn finalize(shared: &Shared, sender: &Sender, tasks: &[H256], view: &mut view::StepView<'_>) -> anyhow::Result<()> {
	let rpc = sender.rpc();
	let records = reads::tasks(rpc, tasks).await?;
	let mut batch = Vec::new();
	for (task_id, task) in tasks.iter().zip(records) {
		let Some(task) = task else { continue };
		let Some(deal) = view.deal(task.deal).await? else { continue };
		let Some(digest) = task.digest else { continue };
		let has_callback = deal.callback.is_some();
		let params = TaskParams::parse(&deal.params).unwrap_or_default();
		let source = Source { shared, named: params.store.as_deref() };
		let chosen = match &params.encrypt_to {
			None => verified_upload(&source, task_id, digest, has_callback).await,
			Some(recipient) => sealed_upload(&source, rpc, task_id, recipient, digest, has_callback).await?,
		};
		let base = params.store.clone().unwrap_or_else(|| shared.store_url.clone());
		let Some(Chosen { hash, bundle, callback }) = chosen else {
			log::info!(target: "ect-scheduler", "task {task_id:?}: waiting for a result bundle in {base}");
			continue;
		};
		let link = ResultsLink::new(store::bundle_url(&base, &hash), &bundle).to_bytes();
		batch.push((*task_id, BoundedVec::truncate_from(link), BoundedVec::truncate_from(callback)));
	}
	if batch.is_empty() {
		return Ok(());
	}
	let total = batch.len();
	let tasks = BoundedVec::truncate_from(batch);
	let included = sender.send(pallet_ect_poco::Call::<Runtime>::finalize_batch { tasks }, TxStage::InBlock).await?;
	let done = report_batch("finalize", total, &included.events);
	shared.metrics.add(STEPS_TOTAL, &[("step", "finalize")], done);
	Ok(())
}

/// The upload a task is finalized with: its hash, its stored bytes, and
/// the callback bytes `finalize` takes (empty without a callback).
struct Chosen {
	hash: H256,
	bundle: Vec<u8>,
	callback: Vec<u8>,
}

/// Where a task's uploads are: the pool's store (its disk), or the store
/// the task names (`named`, over HTTP).
struct Source<'a> {
	shared: &'a Shared,
	named: Option<&'a str>,
}

impl Source<'_> {
	/// The uploads of `task`; `None` if the named store cannot be read.
	async fn uploads(&self, task: &H256) -> Option<Vec<store::Upload>> {
		match self.named {
			None => Some(self.shared.disk.uploads(task)),
			Some(base) => match store::client::uploads(base, task).await {
				Ok(uploads) => Some(uploads),
				Err(error) => {
					log::warn!(target: "ect-scheduler", "task {task:?}: {error}");
					None
				},
			},
		}
	}

	/// The bytes of the bundle `hash`, if the store has them.
	async fn bundle(&self, hash: &H256) -> Option<Vec<u8>> {
		match self.named {
			None => self.shared.disk.bundle(hash),
			Some(base) => store::client::bundle(base, hash).await.ok(),
		}
	}
}

/// The first uploaded bundle of `task` that has the certified digest.
async fn verified_upload(source: &Source<'_>, task: &H256, digest: H256, has_callback: bool) -> Option<Chosen> {
	let uploads = source.uploads(task).await?;
	for hash in uploads.iter().filter_map(store::Upload::hash) {
		let Some(bundle) = source.bundle(&hash).await else { continue };
		if let Ok(output) = verify(&bundle, None, digest, has_callback) {
			let callback = if has_callback { output.callback().unwrap_or_default().to_vec() } else { Vec::new() };
			return Some(Chosen { hash, bundle, callback });
		}
	}
	None
}

/// For a task sealed to `recipient`, whose digest the scheduler cannot
/// check: the first upload by a worker whose contribution is revealed
/// (`Proved`, so it committed to the consensus digest) that is a
/// well-formed envelope sealed to `recipient`, with, for a deal with a
/// callback, the certified digest over the callback it carries in clear.
/// Which worker uploaded is what the store says: the pool's own store
/// checked each upload's signature; a store the requester names is trusted
/// by the requester.
async fn sealed_upload(
	source: &Source<'_>,
	rpc: &Rpc,
	task: &H256,
	recipient: &RecipientKey,
	digest: H256,
	has_callback: bool,
) -> anyhow::Result<Option<Chosen>> {
	let Some(uploads) = source.uploads(task).await else { return Ok(None) };
	if uploads.is_empty() {
		return Ok(None);
	}
	let revealed: Vec<AccountId> = reads::contributions(rpc, *task)
		.await?
		.into_iter()
		.filter(|(_, contribution)| contribution.status == ContributionStatus::Proved)
		.map(|(worker, _)| worker)
		.collect();
	for upload in &uploads {
		let (Some(worker), Some(hash)) = (upload.account(), upload.hash()) else { continue };
		if !revealed.contains(&worker) {
			continue;
		}
		let Some(bundle) = source.bundle(&hash).await else { continue };
		match check_sealed(&bundle, recipient, digest, has_callback) {
			Ok(callback) => return Ok(Some(Chosen { hash, bundle, callback })),
			Err(invalid) => log::debug!(target: "ect-scheduler", "task {task:?}: bundle {hash:?} of {}: {invalid}", upload.worker),
		}
	}
	Ok(None)
}

/// Drops the authorisations and upload lists of tasks that no longer need
/// them: in none of the lists and finished (or gone) on chain (their records
/// read in one call), but a task given as a slot that its worker may still
/// initialize. Tasks waiting for reveals are in none of the lists either,
/// so the chain tells.
async fn forget_finished(shared: &Shared, rpc: &Rpc, authorize: &[H256], finalize: &[H256], reopen: &[H256]) -> anyhow::Result<()> {
	let open: BTreeSet<H256> = authorize.iter().chain(finalize).chain(reopen).copied().collect();
	let now = unix_now();
	// With whether a worker given it as a slot may still initialize it.
	let candidates: Vec<(H256, bool)> = {
		let state = shared.state.lock().map_err(|_| anyhow::anyhow!("state lock poisoned"))?;
		state
			.assignments
			.iter()
			.filter(|(t, _)| !open.contains(*t))
			.map(|(t, given)| (*t, given.iter().any(|g| g.slot.is_some() && now.saturating_sub(g.at) < PENDING_FOR_SECS)))
			.collect()
	};
	let (candidates, slot_pending): (Vec<H256>, Vec<bool>) = candidates.into_iter().unzip();
	let records = reads::tasks(rpc, &candidates).await?;
	let stale: Vec<H256> = candidates
		.into_iter()
		.zip(records.into_iter().zip(slot_pending))
		.filter(|(_, (record, slot_pending))| match record {
			Some(t) => matches!(t.status, TaskStatus::Completed | TaskStatus::Failed),
			None => !slot_pending,
		})
		.map(|(task, _)| task)
		.collect();
	if stale.is_empty() {
		return Ok(());
	}
	shared.forget_waiting(&stale);
	let mut state = shared.state.lock().map_err(|_| anyhow::anyhow!("state lock poisoned"))?;
	for task in &stale {
		state.assignments.remove(task);
		shared.disk.forget_task(task);
	}
	shared.save(&state)
}
