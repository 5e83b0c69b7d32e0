//! One HTTP(S) request with a capped response body: the transport of app,
//! dataset and input downloads, and of the agents' result store.

use http_body_util::{BodyExt, Full, Limited};
use hyper::{body::Bytes, Method, Request, StatusCode};
use hyper_util::{client::legacy::Client, rt::TokioExecutor};

/// Why a request got no response.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
	/// No response: a bad URL, no route, refused, TLS, or the connection broke.
	#[error("{0}")]
	Transport(String),
	/// The response body is larger than the cap.
	#[error("the response is larger than {0} bytes")]
	TooLarge(u64),
}

/// A response: its status and body.
#[derive(Debug)]
pub struct Response {
	/// The HTTP status.
	pub status: StatusCode,
	/// The body, at most the cap asked for.
	pub body: Vec<u8>,
}

/// Sends `method` to `url` (http or https) with `headers` and `body`, and
/// reads a response body of at most `cap` bytes.
pub async fn request(
	method: Method,
	url: &str,
	headers: &[(&str, String)],
	body: Vec<u8>,
	cap: u64,
) -> Result<Response, HttpError> {
	let transport = |detail: String| HttpError::Transport(detail);
	let uri: hyper::Uri = url.parse().map_err(|e: hyper::http::uri::InvalidUri| transport(e.to_string()))?;
	let https = hyper_rustls::HttpsConnectorBuilder::new()
		.with_native_roots()
		.map_err(|e| transport(format!("TLS roots: {e}")))?
		.https_or_http()
		.enable_http1()
		.build();
	let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build(https);
	let mut builder = Request::builder().method(method).uri(uri);
	for (name, value) in headers {
		builder = builder.header(*name, value);
	}
	let request = builder.body(Full::new(Bytes::from(body))).map_err(|e| transport(e.to_string()))?;
	let response = client.request(request).await.map_err(|e| transport(e.to_string()))?;
	let status = response.status();
	let limit = usize::try_from(cap).unwrap_or(usize::MAX);
	let collected = Limited::new(response.into_body(), limit).collect().await.map_err(|e| {
		if e.is::<http_body_util::LengthLimitError>() {
			HttpError::TooLarge(cap)
		} else {
			transport(e.to_string())
		}
	})?;
	Ok(Response { status, body: collected.to_bytes().to_vec() })
}
