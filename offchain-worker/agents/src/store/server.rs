//! The store's HTTP service (hyper, HTTP/1.1). Bounded: at most
//! [`MAX_CONNECTIONS`] open connections (more are answered `503 busy` and
//! closed), headers within [`HEADER_TIMEOUT`], a body within
//! [`BODY_TIMEOUT`], and an upload's signature and authorisation checked
//! before its body is read.

use std::{convert::Infallible, net::SocketAddr, sync::Arc, time::Duration};

use ect_client::runtime::AccountId;
use http_body_util::{BodyExt, Full, Limited};
use hyper::{
	body::{Bytes, Incoming},
	header::{HeaderMap, HeaderValue, ACCESS_CONTROL_ALLOW_ORIGIN, CONTENT_LENGTH, CONTENT_TYPE},
	server::conn::http1,
	service::service_fn,
	Method, Request, Response, StatusCode,
};
use hyper_util::rt::{TokioIo, TokioTimer};
use polkadot_sdk::{
	sp_core::{crypto::Ss58Codec, H256},
	sp_runtime::{traits::Verify, MultiSignature},
};
use tokio::{net::TcpListener, sync::Semaphore};

use super::{authorise::Authorise, disk::Disk, parse_hash, upload_message, StoreError, MAX_BUNDLE_BYTES};
use crate::pool::from_hex;

/// The most connections served at once.
pub const MAX_CONNECTIONS: usize = 64;
/// How long a client may take to send its request headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send an upload's body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// What the store counts, for the agents' metrics.
pub trait StoreEvents: Send + Sync + 'static {
	/// An upload was stored.
	fn uploaded(&self) {}
	/// A request was refused with `error`.
	fn refused(&self, _error: &StoreError) {}
}

/// Counts nothing.
pub struct NoEvents;
impl StoreEvents for NoEvents {}

/// A store service's configuration.
pub struct StoreService {
	/// Its files.
	pub disk: Disk,
	/// The chain whose uploads it takes (the upload message names it).
	pub genesis: H256,
	/// Who may upload.
	pub authorise: Arc<dyn Authorise>,
	/// What it reports.
	pub events: Arc<dyn StoreEvents>,
}

/// Serves `service` on `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, service: StoreService) {
	let service = Arc::new(service);
	let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
	loop {
		let Ok((stream, _)) = listener.accept().await else { continue };
		let service = service.clone();
		let permit = slots.clone().try_acquire_owned();
		tokio::spawn(async move {
			let busy = permit.is_err();
			let handler = service_fn(move |request| {
				let service = service.clone();
				async move {
					let answer = if busy { Err(StoreError::Busy) } else { service.handle(request).await };
					if let Err(error) = &answer {
						service.events.refused(error);
					}
					Ok::<_, Infallible>(respond(answer))
				}
			});
			let connection = http1::Builder::new()
				.timer(TokioTimer::new())
				.header_read_timeout(HEADER_TIMEOUT)
				.keep_alive(!busy)
				.serve_connection(TokioIo::new(stream), handler);
			let _ = connection.await;
			drop(permit);
		});
	}
}

/// Binds `addr` and serves `service` on it in the background; returns the
/// bound address.
pub async fn spawn(addr: SocketAddr, service: StoreService) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
	let listener = TcpListener::bind(addr).await?;
	let local = listener.local_addr()?;
	Ok((local, tokio::spawn(serve(listener, service))))
}

/// A successful answer: a status, a content type and a body.
type Answer = (StatusCode, &'static str, Vec<u8>);

fn respond(answer: Result<Answer, StoreError>) -> Response<Full<Bytes>> {
	let (status, kind, body) = match answer {
		Ok(answer) => answer,
		Err(error) => (StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), "application/json", error.body()),
	};
	let mut response = Response::new(Full::new(Bytes::from(body)));
	*response.status_mut() = status;
	if let Ok(value) = kind.parse() {
		response.headers_mut().insert(CONTENT_TYPE, value);
	}
	// What a store serves is public and content-addressed: a web page of any
	// origin may read it (a browser verifies the bundle it downloads).
	response.headers_mut().insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
	response
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Result<&'a str, StoreError> {
	headers
		.get(name)
		.and_then(|v| v.to_str().ok())
		.ok_or_else(|| StoreError::BadRequest(format!("missing header {name}")))
}

fn hash_in_path(segment: &str) -> Result<H256, StoreError> {
	parse_hash(segment).ok_or_else(|| StoreError::BadRequest(format!("not a 0x hash: {segment}")))
}

impl StoreService {
	async fn handle(&self, request: Request<Incoming>) -> Result<Answer, StoreError> {
		let path = request.uri().path().to_string();
		let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
		match (request.method(), segments.as_slice()) {
			(&Method::GET, ["bundles", hash]) => {
				let bundle = self.disk.bundle(&hash_in_path(hash)?).ok_or(StoreError::NotFound)?;
				Ok((StatusCode::OK, "application/octet-stream", bundle))
			},
			(&Method::GET, ["tasks", task]) => {
				let uploads = self.disk.uploads(&hash_in_path(task)?);
				let body = serde_json::to_vec(&uploads).map_err(|e| StoreError::Internal(e.to_string()))?;
				Ok((StatusCode::OK, "application/json", body))
			},
			(&Method::PUT, ["tasks", task]) => {
				let task = hash_in_path(task)?;
				self.upload(task, request).await
			},
			_ => Err(StoreError::NotFound),
		}
	}

	/// Checks an upload's headers, signature and authorisation, then reads
	/// and stores its body.
	async fn upload(&self, task: H256, request: Request<Incoming>) -> Result<Answer, StoreError> {
		let headers = request.headers();
		let worker = header(headers, "x-ect-worker")?;
		let worker = AccountId::from_ss58check(worker).map_err(|e| StoreError::BadRequest(format!("x-ect-worker: {e:?}")))?;
		let hash = parse_hash(header(headers, "x-ect-bundle")?)
			.ok_or_else(|| StoreError::BadRequest("x-ect-bundle is not a 0x hash".into()))?;
		let signature: MultiSignature =
			from_hex(header(headers, "x-ect-signature")?).map_err(|e| StoreError::BadRequest(format!("x-ect-signature: {e}")))?;
		let length: u64 = header(headers, CONTENT_LENGTH.as_str())?
			.parse()
			.map_err(|_| StoreError::BadRequest("content-length is not a number".into()))?;
		if length > MAX_BUNDLE_BYTES {
			return Err(StoreError::TooLarge(MAX_BUNDLE_BYTES));
		}
		if !signature.verify(&upload_message(&self.genesis, &task, &hash)[..], &worker) {
			return Err(StoreError::BadSignature);
		}
		self.authorise.authorise(&task, &worker).await?;
		match self.disk.upload_of(&task, &worker) {
			Some(existing) if existing == hash => return Ok(created(&hash)),
			Some(_) => return Err(StoreError::AlreadyUploaded),
			None => {},
		}
		let limit = usize::try_from(MAX_BUNDLE_BYTES).unwrap_or(usize::MAX);
		let body = tokio::time::timeout(BODY_TIMEOUT, Limited::new(request.into_body(), limit).collect())
			.await
			.map_err(|_| StoreError::BadRequest("the body took too long".into()))?
			.map_err(|e| {
				if e.is::<http_body_util::LengthLimitError>() {
					StoreError::TooLarge(MAX_BUNDLE_BYTES)
				} else {
					StoreError::BadRequest(format!("body: {e}"))
				}
			})?
			.to_bytes();
		if H256(ect_runner::blake2_256(&body)) != hash {
			return Err(StoreError::HashMismatch);
		}
		self.disk.put(&task, &worker, &hash, &body)?;
		self.events.uploaded();
		log::info!(target: "ect-store", "task {task:?}: bundle {hash:?} from {}", worker.to_ss58check());
		Ok(created(&hash))
	}
}

/// The answer to a stored upload.
fn created(hash: &H256) -> Answer {
	(StatusCode::CREATED, "application/json", format!("{{\"bundle\":\"{hash:?}\"}}").into_bytes())
}
