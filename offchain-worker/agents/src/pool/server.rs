//! The scheduler's side of the pool service.

use std::{
	collections::{BTreeSet, HashMap},
	net::SocketAddr,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

use ect_client::runtime::AccountId;
use jsonrpsee::{
	core::SubscriptionResult,
	server::{Server, ServerHandle},
	types::ErrorObjectOwned,
	ConnectionId, Extensions, PendingSubscriptionSink, RpcModule, SubscriptionMessage,
};
use polkadot_sdk::{
	sp_core::{crypto::Ss58Codec, H256},
	sp_runtime::{traits::Verify, MultiSignature},
};

use super::{from_hex, join_message, Assignment, Capabilities, Joined, PoolError, TaskView};

/// How long a challenge may be answered.
pub const CHALLENGE_TTL: Duration = Duration::from_secs(60);
/// The most challenges outstanding at once.
pub const MAX_CHALLENGES: usize = 1_024;
/// The most open connections.
pub const MAX_CONNECTIONS: u32 = 256;
/// The largest request: no call carries more than a signature.
pub const MAX_REQUEST_BYTES: u32 = 16 << 10;
/// The most calls per connection in one [`RATE_WINDOW`].
pub const MAX_CALLS_PER_WINDOW: u32 = 20;
/// The window of the call rate limit.
pub const RATE_WINDOW: Duration = Duration::from_secs(1);
/// The longest architecture name a worker may report (`x86_64`, …).
pub const MAX_ARCH_BYTES: usize = 32;
/// A connection silent for this long is forgotten.
const SESSION_IDLE: Duration = Duration::from_secs(300);

/// What the service asks of the scheduler.
pub trait PoolBackend: Send + Sync + 'static {
	/// A worker proved its key and joined, reporting `capabilities`.
	fn join(&self, worker: AccountId, capabilities: Capabilities);
	/// The worker's open authorisations.
	fn assignments(&self, worker: &AccountId) -> Vec<Assignment>;
	/// The workers authorised for `task`, and why no more can be now, if
	/// that is so (`pool_task`).
	fn task(&self, task: &H256) -> TaskView;
	/// A call was refused with `error` (for the operator's metrics).
	fn refused(&self, _error: &PoolError) {}
	/// A counter that goes up each time new authorisations are served, for
	/// `pool_subscribeAssignments`; by default one that never does (the
	/// subscription then ends at once, and workers take new tasks at each
	/// block).
	fn published(&self) -> tokio::sync::watch::Receiver<u64> {
		tokio::sync::watch::channel(0).1
	}
}

/// Who the service answers for and whom it admits.
#[derive(Clone, Debug)]
pub struct PoolIdentity {
	/// The chain's genesis hash.
	pub genesis: H256,
	/// The workerpool id.
	pub pool: u32,
	/// The pool's result store, told to joining workers.
	pub store: String,
	/// A private pool's allow-list; empty for a public pool.
	pub allow: BTreeSet<AccountId>,
}

/// One connection's state.
struct Session {
	worker: Option<AccountId>,
	window: Instant,
	calls: u32,
	seen: Instant,
}

/// The service's state: its identity, challenges and sessions.
struct Service {
	identity: PoolIdentity,
	backend: Arc<dyn PoolBackend>,
	challenges: Mutex<HashMap<[u8; 32], Instant>>,
	sessions: Mutex<HashMap<ConnectionId, Session>>,
}

fn connection(extensions: &Extensions) -> ConnectionId {
	extensions.get::<ConnectionId>().copied().unwrap_or(ConnectionId(0))
}

impl Service {
	/// Counts a call of `connection` against its rate limit; returns its
	/// joined worker, if any.
	fn admit(&self, connection: ConnectionId) -> Result<Option<AccountId>, PoolError> {
		let mut sessions = self.sessions.lock().map_err(|_| PoolError::Busy)?;
		let now = Instant::now();
		if !sessions.contains_key(&connection) {
			sessions.retain(|_, s| now.duration_since(s.seen) < SESSION_IDLE);
		}
		let session = sessions.entry(connection).or_insert(Session { worker: None, window: now, calls: 0, seen: now });
		session.seen = now;
		if now.duration_since(session.window) >= RATE_WINDOW {
			(session.window, session.calls) = (now, 0);
		}
		session.calls = session.calls.saturating_add(1);
		if session.calls > MAX_CALLS_PER_WINDOW {
			return Err(PoolError::RateLimited);
		}
		Ok(session.worker.clone())
	}

	/// `result`, its refusal (if any) told to the backend.
	fn counted<T>(&self, result: Result<T, PoolError>) -> Result<T, PoolError> {
		if let Err(error) = &result {
			self.backend.refused(error);
		}
		result
	}

	fn challenge(&self) -> Result<String, PoolError> {
		let mut challenges = self.challenges.lock().map_err(|_| PoolError::Busy)?;
		let now = Instant::now();
		if challenges.len() >= MAX_CHALLENGES {
			challenges.retain(|_, issued| now.duration_since(*issued) < CHALLENGE_TTL);
		}
		if challenges.len() >= MAX_CHALLENGES {
			return Err(PoolError::Busy);
		}
		let challenge: [u8; 32] = rand::random();
		challenges.insert(challenge, now);
		Ok(format!("0x{}", hex::encode(challenge)))
	}

	fn join(
		&self,
		connection: ConnectionId,
		worker: &str,
		challenge: &str,
		signature: &str,
		capabilities: Capabilities,
	) -> Result<Joined, PoolError> {
		let worker = AccountId::from_ss58check(worker).map_err(|e| PoolError::InvalidParams(format!("worker: {e:?}")))?;
		let challenge = bytes32(challenge)
			.ok_or_else(|| PoolError::InvalidParams("the challenge is not 32 bytes of 0x hex".into()))?;
		let signature: MultiSignature = from_hex(signature).map_err(PoolError::InvalidParams)?;
		if capabilities.cpu_arch.len() > MAX_ARCH_BYTES {
			return Err(PoolError::InvalidParams(format!("the architecture name is longer than {MAX_ARCH_BYTES} bytes")));
		}
		let issued = self.challenges.lock().map_err(|_| PoolError::Busy)?.remove(&challenge);
		if !issued.is_some_and(|at| at.elapsed() < CHALLENGE_TTL) {
			return Err(PoolError::BadChallenge);
		}
		let message = join_message(&self.identity.genesis, self.identity.pool, &worker, &challenge, &capabilities);
		if !signature.verify(&message[..], &worker) {
			return Err(PoolError::BadSignature);
		}
		if !self.identity.allow.is_empty() && !self.identity.allow.contains(&worker) {
			return Err(PoolError::NotAllowed);
		}
		if let Some(session) = self.sessions.lock().map_err(|_| PoolError::Busy)?.get_mut(&connection) {
			session.worker = Some(worker.clone());
		}
		self.backend.join(worker, capabilities);
		Ok(Joined { store: self.identity.store.clone() })
	}
}

/// Serves one `pool_subscribeAssignments`: refused unless the connection's
/// worker joined, then a notification at each publication until the
/// worker unsubscribes or the backend stops publishing.
async fn notify_published(pending: PendingSubscriptionSink, service: Arc<Service>, extensions: Extensions) -> SubscriptionResult {
	let joined = service.admit(connection(&extensions)).and_then(|worker| worker.ok_or(PoolError::NotJoined));
	if let Err(refusal) = service.counted(joined) {
		pending.reject(refusal).await;
		return Ok(());
	}
	let mut published = service.backend.published();
	let sink = pending.accept().await?;
	loop {
		tokio::select! {
			_ = sink.closed() => return Ok(()),
			changed = published.changed() => {
				if changed.is_err() {
					return Ok(());
				}
				let number = *published.borrow_and_update();
				sink.send(SubscriptionMessage::from_json(&number)?).await?;
			},
		}
	}
}

/// 32 bytes written as `0x` hex.
fn bytes32(text: &str) -> Option<[u8; 32]> {
	hex::decode(text.trim_start_matches("0x")).ok().and_then(|bytes| bytes.try_into().ok())
}

/// Starts the service on `addr`; it runs until the handle is stopped or
/// dropped.
pub async fn serve(addr: SocketAddr, identity: PoolIdentity, backend: Arc<dyn PoolBackend>) -> anyhow::Result<(SocketAddr, ServerHandle)> {
	let server = Server::builder()
		.max_connections(MAX_CONNECTIONS)
		.max_request_body_size(MAX_REQUEST_BYTES)
		.max_subscriptions_per_connection(1)
		.build(addr)
		.await?;
	let local = server.local_addr()?;
	let service = Service { identity, backend, challenges: Mutex::default(), sessions: Mutex::default() };
	let mut module = RpcModule::new(service);
	module.register_method("pool_challenge", |_, service, extensions| {
		let issued = service.admit(connection(extensions)).and_then(|_| service.challenge());
		Ok::<_, ErrorObjectOwned>(service.counted(issued)?)
	})?;
	module.register_method("pool_join", |params, service, extensions| {
		let connection = connection(extensions);
		let joined = service.admit(connection).and_then(|_| {
			let (worker, challenge, signature, capabilities): (String, String, String, Capabilities) =
				params.parse().map_err(|e| PoolError::InvalidParams(e.to_string()))?;
			let joined = service.join(connection, &worker, &challenge, &signature, capabilities);
			if let Err(refusal) = &joined {
				log::info!(target: "ect-scheduler", "join of {worker} refused: {refusal}");
			}
			joined
		});
		Ok::<_, ErrorObjectOwned>(service.counted(joined)?)
	})?;
	module.register_method("pool_assignments", |_, service, extensions| {
		let worker = service.admit(connection(extensions)).and_then(|worker| worker.ok_or(PoolError::NotJoined));
		let worker = service.counted(worker)?;
		Ok::<_, ErrorObjectOwned>(service.backend.assignments(&worker))
	})?;
	// A notification (the publication's number) each time the scheduler
	// serves new authorisations, so that a worker takes its own at once
	// (`pool_assignments`) instead of at its next block. A joined worker's
	// only; one subscription a connection.
	module.register_subscription(
		"pool_subscribeAssignments",
		"pool_assignmentsPublished",
		"pool_unsubscribeAssignments",
		|_, pending, service, extensions| async move { notify_published(pending, service, extensions).await },
	)?;
	module.register_method("pool_task", |params, service, extensions| {
		let task = service.admit(connection(extensions)).and_then(|_| {
			let task: String = params.one().map_err(|e| PoolError::InvalidParams(e.to_string()))?;
			bytes32(&task)
				.map(H256)
				.ok_or_else(|| PoolError::InvalidParams("the task is not 32 bytes of 0x hex".into()))
		});
		let task = service.counted(task)?;
		Ok::<_, ErrorObjectOwned>(service.backend.task(&task))
	})?;
	Ok((local, server.start(module)))
}
