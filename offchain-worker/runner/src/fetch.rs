//! App and dataset bytes: downloaded from an http(s) URL or read from a local
//! path (`file://` or plain), refused unless their blake2-256 equals the
//! registered checksum, and cached under that checksum so a worker fetches
//! each app once.

use std::path::{Path, PathBuf};

use hyper::Method;

use crate::{
	blake2_256,
	error::FetchError,
	http::{self, HttpError},
};

/// The largest app or dataset a worker downloads: 256 MiB.
pub const MAX_DOWNLOAD_BYTES: u64 = 256 << 20;

/// Fetches and verifies bytes, caching them by checksum in a directory.
#[derive(Clone, Debug)]
pub struct Fetcher {
	cache: PathBuf,
}

impl Fetcher {
	/// A fetcher caching under `cache` (created if missing).
	pub fn new(cache: impl Into<PathBuf>) -> Self {
		Self { cache: cache.into() }
	}

	/// The cached copy of the bytes with this checksum, if any.
	fn cached(&self, checksum: &[u8; 32]) -> PathBuf {
		self.cache.join(hex::encode(checksum))
	}

	/// The path of a verified local copy of the bytes at `location` whose
	/// blake2-256 is `checksum`. A cached copy is re-hashed before use, so a
	/// corrupted cache entry is fetched again rather than trusted.
	pub async fn fetch(&self, location: &str, checksum: &[u8; 32]) -> Result<PathBuf, FetchError> {
		let path = self.cached(checksum);
		if let Ok(bytes) = tokio::fs::read(&path).await {
			if &blake2_256(&bytes) == checksum {
				return Ok(path);
			}
		}
		let bytes = load(location).await?;
		let actual = blake2_256(&bytes);
		if &actual != checksum {
			return Err(FetchError::ChecksumMismatch { location: location.to_string(), expected: *checksum, actual });
		}
		tokio::fs::create_dir_all(&self.cache).await?;
		// A name of its own: tasks computed at once may fetch the same file.
		static PARTIALS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
		let n = PARTIALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
		let partial = path.with_extension(format!("partial-{}-{n}", std::process::id()));
		tokio::fs::write(&partial, &bytes).await?;
		tokio::fs::rename(&partial, &path).await?;
		Ok(path)
	}
}

/// The bytes at `location`, unverified.
pub async fn load(location: &str) -> Result<Vec<u8>, FetchError> {
	let unreachable = |detail: String| FetchError::Unreachable { location: location.to_string(), detail };
	if location.starts_with("http://") || location.starts_with("https://") {
		return download(location).await;
	}
	let path = Path::new(location.strip_prefix("file://").unwrap_or(location));
	let size = tokio::fs::metadata(path).await.map_err(|e| unreachable(e.to_string()))?.len();
	if size > MAX_DOWNLOAD_BYTES {
		return Err(FetchError::TooLarge { location: location.to_string(), cap: MAX_DOWNLOAD_BYTES });
	}
	tokio::fs::read(path).await.map_err(|e| unreachable(e.to_string()))
}

/// An HTTP(S) GET of `url`, capped at [`MAX_DOWNLOAD_BYTES`].
async fn download(url: &str) -> Result<Vec<u8>, FetchError> {
	let unreachable = |detail: String| FetchError::Unreachable { location: url.to_string(), detail };
	let response = http::request(Method::GET, url, &[], Vec::new(), MAX_DOWNLOAD_BYTES).await.map_err(|e| match e {
		HttpError::TooLarge(cap) => FetchError::TooLarge { location: url.to_string(), cap },
		HttpError::Transport(detail) => unreachable(detail),
	})?;
	if !response.status.is_success() {
		return Err(unreachable(format!("HTTP {}", response.status)));
	}
	Ok(response.body)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[tokio::test]
	async fn local_bytes_are_verified_and_cached_by_checksum() {
		let dir = tempfile::tempdir().unwrap();
		let source = dir.path().join("app.wasm");
		std::fs::write(&source, b"module bytes").unwrap();
		let fetcher = Fetcher::new(dir.path().join("cache"));
		let checksum = blake2_256(b"module bytes");
		let path = fetcher.fetch(source.to_str().unwrap(), &checksum).await.unwrap();
		assert_eq!(std::fs::read(&path).unwrap(), b"module bytes");
		// Served from the cache once the source is gone.
		std::fs::remove_file(&source).unwrap();
		let again = fetcher.fetch(&format!("file://{}", source.display()), &checksum).await.unwrap();
		assert_eq!(again, path);
	}

	#[tokio::test]
	async fn bytes_that_do_not_match_the_checksum_are_refused() {
		let dir = tempfile::tempdir().unwrap();
		let source = dir.path().join("data.txt");
		std::fs::write(&source, b"tampered").unwrap();
		let fetcher = Fetcher::new(dir.path().join("cache"));
		let err = fetcher.fetch(source.to_str().unwrap(), &blake2_256(b"original")).await.unwrap_err();
		assert!(matches!(err, FetchError::ChecksumMismatch { actual, .. } if actual == blake2_256(b"tampered")));
		assert_eq!(err.kind(), "checksum_mismatch");
		assert!(!dir.path().join("cache").join(hex::encode(blake2_256(b"original"))).exists());
	}

	#[tokio::test]
	async fn a_corrupted_cache_entry_is_fetched_again() {
		let dir = tempfile::tempdir().unwrap();
		let source = dir.path().join("app.wasm");
		std::fs::write(&source, b"good").unwrap();
		let fetcher = Fetcher::new(dir.path().join("cache"));
		let checksum = blake2_256(b"good");
		let path = fetcher.fetch(source.to_str().unwrap(), &checksum).await.unwrap();
		std::fs::write(&path, b"bad").unwrap();
		let path = fetcher.fetch(source.to_str().unwrap(), &checksum).await.unwrap();
		assert_eq!(std::fs::read(path).unwrap(), b"good");
	}

	#[tokio::test]
	async fn missing_files_and_dead_urls_are_unreachable() {
		let err = load("/nonexistent/ect/app.wasm").await.unwrap_err();
		assert_eq!(err.kind(), "download_failed");
		// Nothing listens on port 1.
		let err = load("http://127.0.0.1:1/app.wasm").await.unwrap_err();
		assert_eq!(err.kind(), "download_failed");
	}

	#[tokio::test]
	async fn http_downloads_are_served() {
		use tokio::io::{AsyncReadExt, AsyncWriteExt};
		let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
		let port = listener.local_addr().unwrap().port();
		tokio::spawn(async move {
			let (mut socket, _) = listener.accept().await.unwrap();
			let mut request = [0u8; 1024];
			let _ = socket.read(&mut request).await.unwrap();
			socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello").await.unwrap();
		});
		let bytes = load(&format!("http://127.0.0.1:{port}/x")).await.unwrap();
		assert_eq!(bytes, b"hello");
	}
}
