//! What the benchmark's workers share: they are the product's workers
//! ([`ect_agents::worker::Worker`], each with its own key, state file and
//! `work_batch` steps), many in one process, each through a [`BenchLink`]
//! to one [`Hub`]. The hub follows the blocks once for all of them:
//!
//! - a new block's events are read once, and each worker is handed the
//!   block's header and the tasks its PoCo events name;
//! - a task, a deal, a worker's weight and a pool's spot-check rate are read
//!   from the node at most once a block, whichever worker asks first; the
//!   tasks a worker's step asks for that this block's reads lack are read
//!   in one call;
//! - a worker's `work_batch` is signed with its locally counted nonce and
//!   submitted without a watch; the hub settles it from the events of the
//!   block that includes it, as `ect worker`'s watch would.
//!
//! Each link takes its worker's assignments from the product's scheduler
//! (`ect_agents::scheduler`), running in the same process: straight from
//! its state, as its pool service would serve them.
//!
//! What is not the product's: the compute is
//! [`Compute::FixedDigest`](ect_agents::worker::compute::Compute), and an
//! upload stores nothing (it returns the hash a store would give the
//! bundle, so the results link a worker certifies with is the real one).

use std::{
	collections::{BTreeSet, HashMap, VecDeque},
	future::Future,
	sync::{
		atomic::{AtomicU64, AtomicUsize, Ordering},
		Arc, Mutex,
	},
	time::Duration,
};

use ect_agents::{
	pool::Assignment,
	scheduler::Running,
	store::client::StoreClientError,
	worker::{
		batch::{self, Action, Settled},
		link::{self, TaskRecords},
		watch, Link,
	},
};
use ect_client::{
	reads,
	runtime::{AccountId, Header, Runtime, RuntimeCall, RuntimeEvent},
	storage::EventRecord,
	ChainInfo, Error as ClientError, Rpc, Signer,
};
use polkadot_sdk::{frame_support::BoundedVec, frame_system, sp_core::H256};
use tokio::sync::{broadcast, oneshot, Semaphore};

use crate::submitter::Submitter;

/// Reads in flight at once on each connection.
const READS_PER_CONNECTION: usize = 128;
/// How many blocks' touched tasks are kept for workers a block behind.
const KEPT_BLOCKS: usize = 8;
/// The most deals kept.
const KEPT_DEALS: usize = 4_096;
/// How long a submitted batch may take to be in a block: `ect worker`
/// watches its batch until the pool includes or drops it; without a watch,
/// a batch not in a block after this long is taken for dropped (its worker
/// then reads its nonce again and sends its steps anew). Long enough for
/// any backlog the run can build.
const INCLUSION_TIMEOUT: Duration = Duration::from_secs(300);

/// The reads of one block, made once whoever asks.
#[derive(Default)]
struct Reads {
	number: u32,
	tasks: HashMap<H256, Option<reads::Task>>,
	weights: HashMap<AccountId, u32>,
	rates: HashMap<u32, u32>,
}

/// The block follower shared by the benchmark's workers.
pub struct Hub {
	connections: Vec<Rpc>,
	permits: Semaphore,
	chain: ChainInfo,
	store: String,
	reads: Mutex<Reads>,
	touched: Mutex<VecDeque<(u32, Arc<BTreeSet<H256>>)>>,
	deals: Mutex<HashMap<H256, reads::Deal>>,
	/// Submitted batches by extrinsic hash, waiting for their block.
	pending: Mutex<HashMap<H256, oneshot::Sender<Vec<RuntimeEvent>>>>,
	heads: broadcast::Sender<Header>,
	next: AtomicUsize,
	/// Worker submissions the node refused.
	refused: AtomicU64,
}

impl Hub {
	/// A hub over `connections` (at least one) to the node of `chain`;
	/// uploads are addressed to `store`.
	pub fn new(connections: Vec<Rpc>, chain: ChainInfo, store: String) -> anyhow::Result<Self> {
		anyhow::ensure!(!connections.is_empty(), "a hub needs a node connection");
		let permits = Semaphore::new(READS_PER_CONNECTION.saturating_mul(connections.len()));
		Ok(Self {
			connections,
			permits,
			chain,
			store,
			reads: Mutex::new(Reads::default()),
			touched: Mutex::new(VecDeque::new()),
			deals: Mutex::new(HashMap::new()),
			pending: Mutex::new(HashMap::new()),
			heads: broadcast::channel(KEPT_BLOCKS).0,
			next: AtomicUsize::new(0),
			refused: AtomicU64::new(0),
		})
	}

	/// The chain's description.
	pub fn chain(&self) -> &ChainInfo {
		&self.chain
	}

	/// How many of the workers' submissions the node refused.
	pub fn refusals(&self) -> u64 {
		self.refused.load(Ordering::Relaxed)
	}

	/// The block headers, from the next [`Self::observe`] on.
	pub fn heads(&self) -> broadcast::Receiver<Header> {
		self.heads.subscribe()
	}

	/// A link for the worker `signer`, on the next connection round robin.
	/// A link for the worker of `signer`, whose assignments come from
	/// `scheduler` (the pool's, in this process).
	pub fn link(self: &Arc<Self>, signer: Signer, scheduler: Arc<Running>) -> BenchLink {
		let connection = self.next.fetch_add(1, Ordering::Relaxed) % self.connections.len();
		BenchLink {
			hub: self.clone(),
			connection,
			submitter: tokio::sync::Mutex::new(Submitter::new(signer.clone())),
			signer,
			published: tokio::sync::Mutex::new(scheduler.published()),
			scheduler,
		}
	}

	/// Takes in block `header` with its event `records`: the reads of the
	/// block before are forgotten, the batches it includes are settled, and
	/// the header goes to every worker. Returns how many batches it settled.
	pub async fn observe(&self, header: &Header, records: &[EventRecord]) -> anyhow::Result<usize> {
		let events: Vec<RuntimeEvent> = records.iter().map(|r| r.event.clone()).collect();
		if let Ok(mut reads) = self.reads.lock() {
			*reads = Reads { number: header.number, ..Reads::default() };
		}
		if let Ok(mut touched) = self.touched.lock() {
			touched.push_back((header.number, Arc::new(watch::touched(&events))));
			while touched.len() > KEPT_BLOCKS {
				touched.pop_front();
			}
		}
		let mut settled = 0;
		let waiting = self.pending.lock().map(|p| !p.is_empty()).unwrap_or(false);
		if waiting {
			let extrinsics = self.connections[0].block_extrinsics(header.hash()).await?;
			for (index, extrinsic) in extrinsics.iter().enumerate() {
				let hash = H256(ect_runner::blake2_256(extrinsic));
				let Some(settle) = self.pending.lock().ok().and_then(|mut p| p.remove(&hash)) else { continue };
				let phase = frame_system::Phase::ApplyExtrinsic(index as u32);
				let _ = settle.send(records.iter().filter(|r| r.phase == phase).map(|r| r.event.clone()).collect());
				settled += 1;
			}
		}
		let _ = self.heads.send(header.clone());
		Ok(settled)
	}

	/// Reads through connection `connection`, at most
	/// [`READS_PER_CONNECTION`] per connection in flight.
	async fn read<'a, T, F: Future<Output = ect_client::Result<T>> + 'a>(
		&'a self,
		connection: usize,
		read: impl FnOnce(&'a Rpc) -> F,
	) -> ect_client::Result<T> {
		let _permit = self.permits.acquire().await;
		read(&self.connections[connection % self.connections.len()]).await
	}

	/// The records of tasks `ids`: those this block's reads have, the others
	/// read in one call through connection `connection` (and kept for the
	/// block).
	async fn tasks(&self, connection: usize, ids: Vec<H256>) -> ect_client::Result<TaskRecords> {
		let mut answered = TaskRecords::with_capacity(ids.len());
		let number = match self.reads.lock() {
			Ok(reads) => {
				answered.extend(ids.iter().filter_map(|id| reads.tasks.get(id).map(|task| (*id, task.clone()))));
				reads.number
			},
			Err(_) => 0,
		};
		let missing: Vec<H256> = ids.into_iter().filter(|id| !answered.contains_key(id)).collect();
		if missing.is_empty() {
			return Ok(answered);
		}
		let records = self.read(connection, |rpc| reads::tasks(rpc, &missing)).await?;
		let read = link::by_id(missing, records);
		if let Ok(mut reads) = self.reads.lock() {
			// Reads that straddle a new block are not kept for it.
			if reads.number == number {
				reads.tasks.extend(read.iter().map(|(id, task)| (*id, task.clone())));
			}
		}
		answered.extend(read);
		Ok(answered)
	}

	/// A value of this block's reads, read once.
	async fn once<'a, K: Eq + std::hash::Hash + Clone, V: Clone, F: Future<Output = ect_client::Result<V>> + 'a>(
		&'a self,
		connection: usize,
		map: fn(&mut Reads) -> &mut HashMap<K, V>,
		key: K,
		read: impl FnOnce(&'a Rpc) -> F,
	) -> ect_client::Result<V> {
		let number = match self.reads.lock() {
			Ok(mut reads) => {
				if let Some(value) = map(&mut reads).get(&key) {
					return Ok(value.clone());
				}
				reads.number
			},
			Err(_) => 0,
		};
		let value = self.read(connection, read).await?;
		if let Ok(mut reads) = self.reads.lock() {
			// A read that straddles a new block is not kept for it.
			if reads.number == number {
				map(&mut reads).insert(key, value.clone());
			}
		}
		Ok(value)
	}
}

/// One worker's link through the [`Hub`].
pub struct BenchLink {
	hub: Arc<Hub>,
	connection: usize,
	submitter: tokio::sync::Mutex<Submitter>,
	signer: Signer,
	scheduler: Arc<Running>,
	/// The scheduler's publications this worker has heard of.
	published: tokio::sync::Mutex<tokio::sync::watch::Receiver<u64>>,
}

impl BenchLink {
	/// Forgets the local nonce (after a refused or lost submission).
	pub async fn resync(&self) {
		self.submitter.lock().await.resync();
	}

	/// Signs `calls`, submits them and waits for their blocks; returns each
	/// extrinsic's events in order.
	async fn submit(&self, calls: Vec<RuntimeCall>) -> Result<Vec<Vec<RuntimeEvent>>, ClientError> {
		let rpc = &self.hub.connections[self.connection];
		let signed = self.submitter.lock().await.sign(rpc, &self.hub.chain, calls).await?;
		let mut included = Vec::with_capacity(signed.len());
		for extrinsic in &signed {
			let (settle, settled) = oneshot::channel();
			let hash = H256(ect_runner::blake2_256(extrinsic));
			if let Ok(mut pending) = self.hub.pending.lock() {
				pending.insert(hash, settle);
			}
			if let Err(error) = rpc.submit(extrinsic).await {
				if let Ok(mut pending) = self.hub.pending.lock() {
					pending.remove(&hash);
				}
				self.hub.refused.fetch_add(1, Ordering::Relaxed);
				self.resync().await;
				return Err(error);
			}
			included.push((hash, settled));
		}
		let mut events = Vec::with_capacity(included.len());
		for (hash, settled) in included {
			match tokio::time::timeout(INCLUSION_TIMEOUT, settled).await {
				Ok(Ok(these)) => events.push(these),
				_ => {
					if let Ok(mut pending) = self.hub.pending.lock() {
						pending.remove(&hash);
					}
					self.resync().await;
					return Err(ClientError::Transaction {
						stage: "dropped".into(),
						detail: format!("not in a block within {} s", INCLUSION_TIMEOUT.as_secs()),
					});
				},
			}
		}
		Ok(events)
	}
}

impl Link for BenchLink {
	fn rpc(&self) -> &Rpc {
		&self.hub.connections[self.connection]
	}

	fn signer(&self) -> &Signer {
		&self.signer
	}

	fn genesis(&self) -> H256 {
		self.hub.chain.genesis_hash
	}

	fn store(&self) -> &str {
		&self.hub.store
	}

	fn assignments(&self) -> impl Future<Output = anyhow::Result<Vec<Assignment>>> + Send {
		let open = self.scheduler.assignments(&self.signer.account());
		async move { Ok(open) }
	}

	fn published(&self) -> impl Future<Output = ()> + Send {
		async move {
			let mut published = self.published.lock().await;
			if published.changed().await.is_err() {
				drop(published);
				std::future::pending::<()>().await;
			}
		}
	}

	fn touched(&self, head: &Header) -> impl Future<Output = ect_client::Result<Arc<BTreeSet<H256>>>> + Send {
		let kept = self.hub.touched.lock().ok().and_then(|t| t.iter().find(|(n, _)| *n == head.number).map(|(_, s)| s.clone()));
		let hash = head.hash();
		async move {
			if let Some(kept) = kept {
				return Ok(kept);
			}
			let events = self.hub.read(self.connection, |rpc| ect_client::storage::events(rpc, hash)).await?;
			Ok(Arc::new(watch::touched(&events.into_iter().map(|r| r.event).collect::<Vec<_>>())))
		}
	}

	fn tasks(&self, ids: Vec<H256>) -> impl Future<Output = ect_client::Result<TaskRecords>> + Send {
		self.hub.tasks(self.connection, ids)
	}

	fn deal(&self, id: H256) -> impl Future<Output = ect_client::Result<Option<reads::Deal>>> + Send {
		async move {
			if let Some(deal) = self.hub.deals.lock().ok().and_then(|d| d.get(&id).cloned()) {
				return Ok(Some(deal));
			}
			let deal = self.hub.read(self.connection, |rpc| reads::deal(rpc, id)).await?;
			if let (Some(deal), Ok(mut deals)) = (&deal, self.hub.deals.lock()) {
				if deals.len() >= KEPT_DEALS {
					deals.clear();
				}
				deals.insert(id, deal.clone());
			}
			Ok(deal)
		}
	}

	fn weight(&self) -> impl Future<Output = ect_client::Result<u32>> + Send {
		let account = self.signer.account();
		self.hub.once(self.connection, |r| &mut r.weights, account.clone(), move |rpc| async move {
			reads::weight(rpc, &account).await
		})
	}

	fn spot_check_rate(&self, pool: u32) -> impl Future<Output = ect_client::Result<u32>> + Send {
		self.hub.once(self.connection, |r| &mut r.rates, pool, move |rpc| reads::spot_check_rate(rpc, pool))
	}

	fn send(&self, actions: Vec<Action>) -> impl Future<Output = Result<Vec<Settled>, ClientError>> + Send {
		async move {
			let chunks: Vec<Vec<Action>> = actions.chunks(batch::max_items()).map(<[Action]>::to_vec).collect();
			let calls: Vec<RuntimeCall> = chunks
				.iter()
				.map(|chunk| {
					let items = BoundedVec::truncate_from(chunk.iter().map(|a| a.item.clone()).collect());
					pallet_ect_poco::Call::<Runtime>::work_batch { items }.into()
				})
				.collect();
			let events = self.submit(calls).await?;
			let mut settled = Vec::new();
			for (chunk, events) in chunks.into_iter().zip(events) {
				settled.extend(batch::settle(chunk, &events)?);
			}
			Ok(settled)
		}
	}

	fn upload(&self, _store: &str, _task: H256, bundle: Vec<u8>) -> impl Future<Output = Result<H256, StoreClientError>> + Send {
		// Nothing is stored: the hash a store would file the bundle under.
		let hash = H256(ect_runner::blake2_256(&bundle));
		async move { Ok(hash) }
	}
}
