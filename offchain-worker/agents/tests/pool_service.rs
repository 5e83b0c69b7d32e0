//! The pool service and the result store, served for real on localhost and
//! abused: every refusal comes back typed, and honest calls still work. A
//! join reports the worker's capabilities under its signature; anyone may
//! ask what the scheduler says of a task.

use std::{
	collections::{BTreeMap, BTreeSet},
	net::SocketAddr,
	sync::{Arc, Mutex},
};

use ect_agents::{
	pool::{
		client::{PoolClient, PoolClientError},
		join_message,
		server::{serve, PoolBackend, PoolIdentity, MAX_ARCH_BYTES, MAX_CALLS_PER_WINDOW},
		to_hex, Assignment, Capabilities, PoolError, TaskView,
	},
	store::{
		self,
		authorise::{Authorise, Check},
		client::{upload, StoreClientError},
		disk::Disk,
		server::{NoEvents, StoreService},
		StoreError, MAX_BUNDLE_BYTES,
	},
};
use ect_client::{runtime::AccountId, Signer};
use jsonrpsee::{
	core::client::{ClientT, SubscriptionClientT},
	rpc_params,
	ws_client::WsClientBuilder,
};
use polkadot_sdk::{
	sp_core::{crypto::Ss58Codec, H256},
	sp_runtime::MultiSignature,
};

const GENESIS: H256 = H256::repeat_byte(9);

fn signer(uri: &str) -> Signer {
	Signer::from_uri(uri).unwrap()
}

/// What the test workers report.
fn capabilities() -> Capabilities {
	Capabilities {
		cpu_cores: 4,
		memory_mib: 256,
		disk_mib: 10_000,
		gpu_memory_mib: 0,
		cpu_arch: "x86_64".into(),
		fuel_per_sec: 500_000_000,
	}
}

/// The task the backend has a view of.
const TASK: H256 = H256::repeat_byte(1);

/// A backend that gives each worker one assignment naming it, and says
/// that [`TASK`] waits.
#[derive(Default)]
struct Backend {
	joined: Mutex<Vec<(AccountId, Capabilities)>>,
	refused: Mutex<Vec<PoolError>>,
	/// Its publications of new authorisations.
	published: tokio::sync::watch::Sender<u64>,
}

impl PoolBackend for Backend {
	fn join(&self, worker: AccountId, capabilities: Capabilities) {
		self.joined.lock().unwrap().push((worker, capabilities));
	}

	fn assignments(&self, worker: &AccountId) -> Vec<Assignment> {
		vec![Assignment { task: TASK, authorization: worker.to_ss58check(), slot: None }]
	}

	fn task(&self, task: &H256) -> TaskView {
		if *task == TASK {
			TaskView { assigned: Vec::new(), waiting: Some("it needs 4096 MiB of memory".into()) }
		} else {
			TaskView::default()
		}
	}

	fn refused(&self, error: &PoolError) {
		self.refused.lock().unwrap().push(error.clone());
	}

	fn published(&self) -> tokio::sync::watch::Receiver<u64> {
		self.published.subscribe()
	}
}

async fn pool(allow: &[&str]) -> (String, Arc<Backend>, jsonrpsee::server::ServerHandle) {
	let backend = Arc::new(Backend::default());
	let allow: BTreeSet<AccountId> = allow.iter().map(|uri| signer(uri).account()).collect();
	let identity = PoolIdentity { genesis: GENESIS, pool: 3, store: "http://store.example".into(), allow };
	let (addr, handle) = serve(SocketAddr::from(([127, 0, 0, 1], 0)), identity, backend.clone()).await.unwrap();
	(format!("ws://{addr}"), backend, handle)
}

fn refused(result: Result<impl std::fmt::Debug, PoolClientError>) -> PoolError {
	match result {
		Err(PoolClientError::Refused(error)) => error,
		other => panic!("expected a refusal, got {other:?}"),
	}
}

#[tokio::test]
async fn a_worker_joins_with_a_fresh_challenge_and_gets_only_its_assignments() {
	let (url, backend, _handle) = pool(&[]).await;
	let alice = signer("//Alice");
	let client = PoolClient::join(&url, &GENESIS, 3, &alice, &capabilities()).await.unwrap();
	assert_eq!(client.store(), "http://store.example");
	let assignments = client.assignments().await.unwrap();
	assert_eq!(assignments[0].authorization, alice.account().to_ss58check());
	assert_eq!(*backend.joined.lock().unwrap(), vec![(alice.account(), capabilities())]);
}

#[tokio::test]
async fn a_joined_worker_hears_of_each_publication_and_an_unjoined_connection_of_none() {
	let (url, backend, _handle) = pool(&[]).await;
	let raw = WsClientBuilder::default().build(&url).await.unwrap();
	let unjoined = raw
		.subscribe::<u64, _>("pool_subscribeAssignments", rpc_params![], "pool_unsubscribeAssignments")
		.await
		.map(|_| ())
		.unwrap_err();
	assert!(
		matches!(&unjoined, jsonrpsee::core::ClientError::Call(object) if PoolError::from_code(object.code()) == Some(PoolError::NotJoined)),
		"{unjoined:?}"
	);

	let client = PoolClient::join(&url, &GENESIS, 3, &signer("//Alice"), &capabilities()).await.unwrap();
	let mut published = client.published().await.unwrap();
	let within = std::time::Duration::from_secs(10);
	for expected in 1..=2u64 {
		backend.published.send_modify(|count| *count += 1);
		let heard = tokio::time::timeout(within, published.next()).await.expect("a notification").unwrap().unwrap();
		assert_eq!(heard, expected);
	}
	// One subscription a connection.
	assert!(client.published().await.is_err());
	assert!(client.assignments().await.is_ok(), "the connection still serves calls");
}

#[tokio::test]
async fn unjoined_forged_replayed_and_unlisted_joins_are_refused() {
	let (url, backend, _handle) = pool(&["//Alice"]).await;
	let raw = WsClientBuilder::default().build(&url).await.unwrap();
	let call = |method: &'static str, params| {
		let raw = &raw;
		async move {
			raw.request::<serde_json::Value, _>(method, params).await.map_err(|e| match e {
				jsonrpsee::core::ClientError::Call(object) => PoolError::from_code(object.code()),
				_ => None,
			})
		}
	};
	// No join on this connection: no assignments.
	assert_eq!(call("pool_assignments", rpc_params![]).await.unwrap_err(), Some(PoolError::NotJoined));

	let alice = signer("//Alice");
	let sign = |who: &Signer, signer: &Signer, challenge: &[u8; 32]| {
		let message = join_message(&GENESIS, 3, &who.account(), challenge, &capabilities());
		to_hex(&MultiSignature::Sr25519(signer.sign_bytes(&message)))
	};
	// A challenge the service never issued.
	let made_up = [7u8; 32];
	let join = |challenge: &[u8; 32], signature: String| {
		rpc_params![alice.account().to_ss58check(), format!("0x{}", hex::encode(challenge)), signature, capabilities()]
	};
	assert_eq!(call("pool_join", join(&made_up, sign(&alice, &alice, &made_up))).await.unwrap_err(), Some(PoolError::BadChallenge));

	// A forged join: Alice's address, Bob's signature.
	let issued = |v: serde_json::Value| -> [u8; 32] { hex::decode(v.as_str().unwrap().trim_start_matches("0x")).unwrap().try_into().unwrap() };
	let challenge = issued(call("pool_challenge", rpc_params![]).await.unwrap());
	let forged = sign(&alice, &signer("//Bob"), &challenge);
	assert_eq!(call("pool_join", join(&challenge, forged)).await.unwrap_err(), Some(PoolError::BadSignature));

	// The challenge was spent by the forged attempt: replaying it fails.
	assert_eq!(call("pool_join", join(&challenge, sign(&alice, &alice, &challenge))).await.unwrap_err(), Some(PoolError::BadChallenge));

	// A private pool: Bob is not on the list, whatever his signature.
	let bob = PoolClient::join(&url, &GENESIS, 3, &signer("//Bob"), &capabilities()).await;
	assert_eq!(refused(bob.map(|_| ())), PoolError::NotAllowed);
	// A join for another pool's message does not verify.
	let challenge = issued(call("pool_challenge", rpc_params![]).await.unwrap());
	let other_pool = join_message(&GENESIS, 4, &alice.account(), &challenge, &capabilities());
	let other_pool = to_hex(&MultiSignature::Sr25519(alice.sign_bytes(&other_pool)));
	assert_eq!(call("pool_join", join(&challenge, other_pool)).await.unwrap_err(), Some(PoolError::BadSignature));
	// Capabilities other than those signed do not verify: a worker cannot
	// be made to report more than it signed.
	let challenge = issued(call("pool_challenge", rpc_params![]).await.unwrap());
	let more = Capabilities { memory_mib: 8192, ..capabilities() };
	let inflated = rpc_params![
		alice.account().to_ss58check(),
		format!("0x{}", hex::encode(challenge)),
		sign(&alice, &alice, &challenge),
		more
	];
	assert_eq!(call("pool_join", inflated).await.unwrap_err(), Some(PoolError::BadSignature));
	assert!(backend.joined.lock().unwrap().is_empty(), "no one joined");
	// Every refusal was told to the backend (the scheduler counts them).
	let refused: Vec<&str> = backend.refused.lock().unwrap().iter().map(PoolError::name).collect();
	assert_eq!(
		refused,
		["not_joined", "bad_challenge", "bad_signature", "bad_challenge", "not_allowed", "bad_signature", "bad_signature"]
	);

	// Alice, honestly, still joins.
	PoolClient::join(&url, &GENESIS, 3, &alice, &capabilities()).await.unwrap();
}

#[tokio::test]
async fn joins_without_capabilities_or_with_an_oversized_one_are_invalid() {
	let (url, backend, _handle) = pool(&[]).await;
	let raw = WsClientBuilder::default().build(&url).await.unwrap();
	let alice = signer("//Alice");
	let code = |result: Result<serde_json::Value, jsonrpsee::core::ClientError>| match result {
		Err(jsonrpsee::core::ClientError::Call(object)) => object.code(),
		other => panic!("expected a refusal, got {other:?}"),
	};
	let challenge: String = raw.request("pool_challenge", rpc_params![]).await.unwrap();
	// The three parameters of the previous protocol.
	let old = raw.request("pool_join", rpc_params![alice.account().to_ss58check(), challenge.clone(), "0x00"]).await;
	assert_eq!(code(old), PoolError::InvalidParams(String::new()).code());
	// An architecture name beyond the bound, however it is signed.
	let long = Capabilities { cpu_arch: "x".repeat(MAX_ARCH_BYTES + 1), ..capabilities() };
	let bytes: [u8; 32] = hex::decode(challenge.trim_start_matches("0x")).unwrap().try_into().unwrap();
	let message = join_message(&GENESIS, 3, &alice.account(), &bytes, &long);
	let signature = to_hex(&MultiSignature::Sr25519(alice.sign_bytes(&message)));
	let oversized = raw.request("pool_join", rpc_params![alice.account().to_ss58check(), challenge, signature, long]).await;
	assert_eq!(code(oversized), PoolError::InvalidParams(String::new()).code());
	assert!(backend.joined.lock().unwrap().is_empty(), "no one joined");
}

#[tokio::test]
async fn anyone_may_ask_what_the_scheduler_says_of_a_task() {
	let (url, _backend, _handle) = pool(&[]).await;
	// No join: a requester's view.
	let view = ect_agents::pool::client::task(&url, &TASK).await.unwrap();
	assert_eq!(view, TaskView { assigned: Vec::new(), waiting: Some("it needs 4096 MiB of memory".into()) });
	assert_eq!(ect_agents::pool::client::task(&url, &H256::repeat_byte(2)).await.unwrap(), TaskView::default());
	// A task id that is not 32 bytes of hex.
	let raw = WsClientBuilder::default().build(&url).await.unwrap();
	let bad = raw.request::<TaskView, _>("pool_task", rpc_params!["0x1234"]).await;
	assert!(matches!(bad, Err(jsonrpsee::core::ClientError::Call(object)) if object.code() == -32602));
	// It is rate-limited like every call.
	let mut limited = false;
	for _ in 0..(MAX_CALLS_PER_WINDOW * 2) {
		let asked = raw.request::<TaskView, _>("pool_task", rpc_params![format!("0x{}", hex::encode(TASK.as_bytes()))]).await;
		if matches!(&asked, Err(jsonrpsee::core::ClientError::Call(object)) if PoolError::from_code(object.code()) == Some(PoolError::RateLimited)) {
			limited = true;
			break;
		}
	}
	assert!(limited, "no call was rate limited");
	// An unreachable service is an error, not a view.
	assert!(ect_agents::pool::client::task("ws://127.0.0.1:1", &TASK).await.is_err());
}

#[tokio::test]
async fn a_flood_of_calls_on_one_connection_is_rate_limited() {
	let (url, _backend, _handle) = pool(&[]).await;
	let client = PoolClient::join(&url, &GENESIS, 3, &signer("//Alice"), &capabilities()).await.unwrap();
	let mut limited = 0;
	for _ in 0..(MAX_CALLS_PER_WINDOW * 2) {
		if let Err(PoolClientError::Refused(PoolError::RateLimited)) = client.assignments().await {
			limited += 1;
		}
	}
	assert!(limited > 0, "no call was rate limited");
	// Another worker's connection is not affected.
	let bob = PoolClient::join(&url, &GENESIS, 3, &signer("//Bob"), &capabilities()).await.unwrap();
	assert!(bob.assignments().await.is_ok());
}

/// Authorises the (task, worker) pairs it lists, as the chain would.
struct Listed(BTreeMap<H256, Vec<AccountId>>);

impl Authorise for Listed {
	fn authorise<'a>(&'a self, task: &'a H256, worker: &'a AccountId) -> Check<'a> {
		let ok = self.0.get(task).is_some_and(|workers| workers.contains(worker));
		Box::pin(async move { if ok { Ok(()) } else { Err(StoreError::NotAuthorised) } })
	}
}

async fn a_store(dir: &std::path::Path, task: H256, workers: &[&str]) -> String {
	let listed = Listed([(task, workers.iter().map(|w| signer(w).account()).collect())].into());
	let service = StoreService { disk: Disk::new(dir), genesis: GENESIS, authorise: Arc::new(listed), events: Arc::new(NoEvents) };
	let (addr, _) = store::server::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), service).await.unwrap();
	format!("http://{addr}")
}

fn code(result: Result<H256, StoreClientError>) -> String {
	result.unwrap_err().code().unwrap_or("none").to_string()
}

#[tokio::test]
async fn the_store_takes_only_authorised_bounded_signed_uploads() {
	let dir = tempfile::tempdir().unwrap();
	let task = H256::repeat_byte(5);
	let base = a_store(dir.path(), task, &["//Alice"]).await;
	let alice = signer("//Alice");

	// An outsider, and Alice for a task she is not authorised for.
	assert_eq!(code(upload(&base, &GENESIS, &task, &signer("//Eve"), b"junk".to_vec()).await), "not_authorised");
	assert_eq!(code(upload(&base, &GENESIS, &H256::repeat_byte(6), &alice, b"x".to_vec()).await), "not_authorised");
	// Signed for another chain.
	assert_eq!(code(upload(&base, &H256::zero(), &task, &alice, b"x".to_vec()).await), "bad_signature");
	// Too large: refused from its length, before the body is taken.
	let big = vec![0u8; usize::try_from(MAX_BUNDLE_BYTES).unwrap() + 1];
	assert_eq!(code(upload(&base, &GENESIS, &task, &alice, big).await), "too_large");

	// Alice's bundle is stored once; another one from her is refused.
	let hash = upload(&base, &GENESIS, &task, &alice, b"result".to_vec()).await.unwrap();
	assert_eq!(upload(&base, &GENESIS, &task, &alice, b"result".to_vec()).await.unwrap(), hash, "the same bundle again is fine");
	assert_eq!(code(upload(&base, &GENESIS, &task, &alice, b"other".to_vec()).await), "already_uploaded");

	// A flood of outsiders' uploads changes nothing.
	let floods = (0..50).map(|i| {
		let base = base.clone();
		async move { upload(&base, &GENESIS, &task, &signer(&format!("//Eve//{i}")), vec![i as u8; 1024]).await }
	});
	for result in futures::future::join_all(floods).await {
		assert!(matches!(result.unwrap_err().code(), Some("not_authorised" | "busy")));
	}

	let uploads = store::client::uploads(&base, &task).await.unwrap();
	assert_eq!(uploads.len(), 1);
	assert_eq!((uploads[0].account(), uploads[0].hash()), (Some(alice.account()), Some(hash)));
	assert_eq!(store::client::bundle(&base, &hash).await.unwrap(), b"result");
	assert_eq!(store::client::bundle(&base, &H256::repeat_byte(8)).await.unwrap_err().code(), Some("not_found"));
}
