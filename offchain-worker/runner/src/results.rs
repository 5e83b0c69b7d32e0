//! Certified results: where the full output is, and how anyone checks it.
//!
//! A task's on-chain `results` is a JSON link
//! `{"location": "file:///…/0x<task>.bundle", "bundle": "0x<blake2 of the bundle>"}`.
//! The bundle is the canonical output of the run ([`Output`]); it is valid
//! when it hashes to the link's `bundle` and its digest (of the whole bundle,
//! or of the callback bytes for a deal with a callback) equals the task's
//! certified digest.
//!
//! A task whose `params` name `encrypt_to` has a sealed bundle stored
//! ([`crate::sealed`]): the link's hash is then that of the stored (sealed)
//! bytes, and the digest is checked on the plaintext its recipient opens.

use std::path::PathBuf;

use polkadot_sdk::sp_core::H256;
use serde::{Deserialize, Serialize};

use crate::{
	blake2_256,
	sealed::{Envelope, RecipientKey},
	Output,
};

/// The results link stored on chain at finalize.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsLink {
	/// Where the bundle is: a path, a `file://` or an http(s) URL.
	pub location: String,
	/// `0x` + the blake2-256 of the bundle.
	pub bundle: String,
}

impl ResultsLink {
	/// The link to `bundle` at `location`.
	pub fn new(location: String, bundle: &[u8]) -> Self {
		Self { location, bundle: format!("0x{}", hex::encode(blake2_256(bundle))) }
	}

	/// Its on-chain bytes.
	pub fn to_bytes(&self) -> Vec<u8> {
		serde_json::to_vec(self).unwrap_or_default()
	}

	/// Parses on-chain bytes.
	pub fn parse(bytes: &[u8]) -> Result<Self, String> {
		serde_json::from_slice(bytes).map_err(|e| format!("the task's results are not a results link: {e}"))
	}
}

/// Why a bundle is not the certified result.
#[derive(Debug, PartialEq, Eq)]
pub enum Invalid {
	/// It does not hash to the link's bundle hash.
	BundleHash,
	/// It does not decode as an output.
	Malformed,
	/// Its digest is not the certified digest.
	Digest,
	/// It is not a well-formed sealed bundle.
	NotSealed,
	/// It is sealed to another key than the requester's.
	Recipient,
}

impl std::fmt::Display for Invalid {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(match self {
			Self::BundleHash => "the bundle does not hash to the link's bundle hash",
			Self::Malformed => "the bundle is not a result bundle",
			Self::Digest => "the bundle's digest is not the certified digest",
			Self::NotSealed => "the bundle is not a well-formed sealed bundle",
			Self::Recipient => "the bundle is sealed to another key than the requester's",
		})
	}
}

/// Checks `bundle` against the certified `digest` (and the link's hash, if a
/// link is given), and returns the output.
pub fn verify(bundle: &[u8], link: Option<&ResultsLink>, digest: H256, has_callback: bool) -> Result<Output, Invalid> {
	if let Some(link) = link {
		check_hash(bundle, link)?;
	}
	let output = Output::from_bundle(bundle).map_err(|_| Invalid::Malformed)?;
	match output.digest(has_callback) {
		Ok(d) if H256(d) == digest => Ok(output),
		_ => Err(Invalid::Digest),
	}
}

/// Checks what can be checked of a sealed bundle without its secret: it is
/// a well-formed envelope sealed to `recipient` and, for a deal with a
/// callback, the callback bytes it carries in clear have the certified
/// `digest`. Returns those callback bytes (empty without a callback). That
/// the sealed plaintext has the digest only its recipient can check.
pub fn check_sealed(bundle: &[u8], recipient: &RecipientKey, digest: H256, has_callback: bool) -> Result<Vec<u8>, Invalid> {
	let envelope = Envelope::parse(bundle).map_err(|_| Invalid::NotSealed)?;
	if envelope.recipient != *recipient {
		return Err(Invalid::Recipient);
	}
	if !has_callback {
		return Ok(Vec::new());
	}
	match envelope.callback {
		Some(callback) if H256(blake2_256(callback)) == digest => Ok(callback.to_vec()),
		_ => Err(Invalid::Digest),
	}
}

/// Checks that the stored bytes `bundle` (plain or sealed) hash to the
/// link's bundle hash.
pub fn check_hash(bundle: &[u8], link: &ResultsLink) -> Result<(), Invalid> {
	if link.bundle == format!("0x{}", hex::encode(blake2_256(bundle))) {
		Ok(())
	} else {
		Err(Invalid::BundleHash)
	}
}

/// A directory of result bundles, one file per task.
#[derive(Clone, Debug)]
pub struct ResultStore {
	dir: PathBuf,
}

impl ResultStore {
	/// The store in `dir`.
	pub fn new(dir: impl Into<PathBuf>) -> Self {
		Self { dir: dir.into() }
	}

	/// The file of `task`'s bundle.
	pub fn path(&self, task: &H256) -> PathBuf {
		self.dir.join(format!("{task:?}.bundle"))
	}

	/// Stores `bundle` for `task`; returns its `file://` location.
	pub fn put(&self, task: &H256, bundle: &[u8]) -> std::io::Result<String> {
		std::fs::create_dir_all(&self.dir)?;
		let path = self.path(task);
		let partial = path.with_extension("partial");
		std::fs::write(&partial, bundle)?;
		std::fs::rename(&partial, &path)?;
		let absolute = std::fs::canonicalize(&path)?;
		Ok(format!("file://{}", absolute.display()))
	}

	/// Whether `task`'s bundle is stored.
	pub fn has(&self, task: &H256) -> bool {
		self.path(task).exists()
	}

	/// `task`'s bundle, if stored.
	pub fn get(&self, task: &H256) -> Option<Vec<u8>> {
		std::fs::read(self.path(task)).ok()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn output() -> Output {
		Output { stdout: b"out".to_vec(), files: vec![("callback".into(), b"cb".to_vec())] }
	}

	#[test]
	fn a_stored_bundle_verifies_against_its_digest_and_link() {
		let dir = tempfile::tempdir().unwrap();
		let store = ResultStore::new(dir.path());
		let task = H256::repeat_byte(7);
		let bundle = output().bundle();
		let location = store.put(&task, &bundle).unwrap();
		assert!(location.starts_with("file:///"));
		let link = ResultsLink::parse(&ResultsLink::new(location, &bundle).to_bytes()).unwrap();
		let digest = H256(output().digest(false).unwrap());
		assert_eq!(verify(&store.get(&task).unwrap(), Some(&link), digest, false).unwrap(), output());
		let callback_digest = H256(blake2_256(b"cb"));
		assert!(verify(&bundle, Some(&link), callback_digest, true).is_ok());
	}

	#[test]
	fn tampered_bundles_and_wrong_digests_are_refused() {
		let bundle = output().bundle();
		let link = ResultsLink::new("x".into(), &bundle);
		let digest = H256(output().digest(false).unwrap());
		let mut tampered = bundle.clone();
		tampered[1] ^= 1;
		assert_eq!(verify(&tampered, Some(&link), digest, false), Err(Invalid::BundleHash));
		assert_eq!(verify(&tampered, None, digest, false), Err(Invalid::Digest));
		assert_eq!(verify(&bundle, Some(&link), H256::zero(), false), Err(Invalid::Digest));
		assert_eq!(verify(b"\xff", None, digest, false), Err(Invalid::Malformed));
	}

	#[test]
	fn a_sealed_bundle_is_checked_by_its_recipient_and_callback() {
		use crate::sealed::{open, seal, SecretKey};
		let mut rng = rand::rngs::OsRng;
		let secret = SecretKey::generate(&mut rng);
		let bundle = output().bundle();
		let callback_digest = H256(blake2_256(b"cb"));
		let sealed = seal(&secret.public(), &bundle, Some(b"cb"), &mut rng).unwrap();
		assert_eq!(check_sealed(&sealed, &secret.public(), callback_digest, true), Ok(b"cb".to_vec()));
		assert_eq!(check_sealed(&sealed, &secret.public(), H256::zero(), false), Ok(Vec::new()));
		assert_eq!(check_sealed(&sealed, &secret.public(), H256::zero(), true), Err(Invalid::Digest));
		let other = SecretKey::generate(&mut rng).public();
		assert_eq!(check_sealed(&sealed, &other, callback_digest, true), Err(Invalid::Recipient));
		assert_eq!(check_sealed(&bundle, &secret.public(), callback_digest, true), Err(Invalid::NotSealed));
		let without = seal(&secret.public(), &bundle, None, &mut rng).unwrap();
		assert_eq!(check_sealed(&without, &secret.public(), callback_digest, true), Err(Invalid::Digest));
		// The link's hash is over the stored (sealed) bytes; the digest over
		// the plaintext.
		let link = ResultsLink::new("x".into(), &sealed);
		assert_eq!(check_hash(&sealed, &link), Ok(()));
		assert_eq!(check_hash(&bundle, &link), Err(Invalid::BundleHash));
		let plain = open(&secret, &sealed).unwrap();
		assert_eq!(verify(&plain, None, callback_digest, true), Ok(output()));
	}
}
