//! Result bundles sealed to the requester's key.
//!
//! A requester who names an x25519 public key in its `params`
//! (`"encrypt_to"`) gets its bundle stored encrypted to that key: each
//! worker seals the plaintext bundle with a fresh ephemeral key of its own,
//! so only the holder of the matching secret can read it. The certified
//! digest stays the plaintext's; the reader opens the envelope, then checks
//! the plaintext against the chain as for a plain bundle.
//!
//! An envelope is, in this order:
//!
//! | bytes | what |
//! |---|---|
//! | 12 | [`MAGIC`], `ECT-SEALED-1` |
//! | 32 | the recipient's x25519 public key |
//! | 32 | the sender's ephemeral x25519 public key |
//! | 12 | the ChaCha20-Poly1305 nonce |
//! | 1 | `0`: no callback; `1`: a callback follows |
//! | 4 + n | if `1`: the callback's length (u32, little endian) and its `n` bytes, in clear |
//! | rest | the ChaCha20-Poly1305 ciphertext of the plaintext bundle, with its 16-byte tag |
//!
//! The key is the blake2-256 of ([`DOMAIN`], the x25519 shared secret, the
//! ephemeral public key, the recipient's public key); everything before the
//! ciphertext is the cipher's associated data, so it cannot be changed
//! without the tag failing.
//!
//! The callback travels in clear because the scheduler must give it to
//! `finalize` (which checks its blake2-256 against the certified digest,
//! and then publishes it on chain anyway): a reader of a sealed callback
//! deal's result learns nothing from it that the chain does not show. The
//! recipient's key is in the envelope too; it is in the task's `params` on
//! chain already, and it lets the scheduler check that an envelope is
//! addressed to the requester and a reader tell a wrong key from a
//! corrupted envelope.

use chacha20poly1305::{
	aead::{Aead, KeyInit, Payload},
	ChaCha20Poly1305, Key, Nonce,
};
use rand::{CryptoRng, RngCore};
use x25519_dalek::{EphemeralSecret, PublicKey, StaticSecret};

use crate::blake2_256;

/// The first bytes of every envelope.
pub const MAGIC: &[u8; 12] = b"ECT-SEALED-1";
/// The key derivation's domain string.
pub const DOMAIN: &[u8] = b"ect/sealed-bundle/v1";

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// Magic, recipient, ephemeral key, nonce, callback flag.
const FIXED_HEADER: usize = MAGIC.len() + KEY_LEN + KEY_LEN + NONCE_LEN + 1;

/// An x25519 public key: what a requester puts in `encrypt_to`.
pub type RecipientKey = [u8; KEY_LEN];

/// Why a bundle cannot be sealed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
	/// The recipient key is a low-order point: every shared secret with it
	/// is known to all.
	#[error("the recipient key is a low-order x25519 point")]
	WeakKey,
	/// The plaintext or the callback is too large for the envelope.
	#[error("the bundle is too large to seal")]
	TooLarge,
}

/// Why an envelope cannot be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
	/// The bytes do not start with [`MAGIC`].
	#[error("not a sealed bundle")]
	NotSealed,
	/// The envelope is sealed to another key than the secret's.
	#[error("the bundle is sealed to another key")]
	WrongKey,
	/// The envelope is truncated, or its bytes were changed after sealing.
	#[error("the sealed bundle is corrupted")]
	Corrupted,
}

/// A requester's secret key, from which its [`RecipientKey`] follows.
/// Zeroed when dropped; not `Debug`.
pub struct SecretKey(StaticSecret);

impl SecretKey {
	/// A fresh random key.
	pub fn generate(rng: &mut (impl RngCore + CryptoRng)) -> Self {
		Self(StaticSecret::random_from_rng(rng))
	}

	/// The key of 32 secret bytes.
	pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
		Self(StaticSecret::from(bytes))
	}

	/// Its 32 secret bytes.
	pub fn to_bytes(&self) -> [u8; KEY_LEN] {
		self.0.to_bytes()
	}

	/// Its public key.
	pub fn public(&self) -> RecipientKey {
		PublicKey::from(&self.0).to_bytes()
	}
}

/// A parsed envelope; its ciphertext is still sealed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope<'a> {
	/// The key it is sealed to.
	pub recipient: RecipientKey,
	/// The sender's ephemeral public key.
	pub ephemeral: [u8; KEY_LEN],
	/// The callback bytes it carries in clear, for a deal with a callback.
	pub callback: Option<&'a [u8]>,
	/// Everything before the ciphertext: the associated data.
	header: &'a [u8],
	nonce: [u8; NONCE_LEN],
	ciphertext: &'a [u8],
}

/// Whether `bytes` look like an envelope (start with [`MAGIC`]).
pub fn is_sealed(bytes: &[u8]) -> bool {
	bytes.starts_with(MAGIC)
}

/// Checks that `recipient` can be sealed to: not a low-order point.
pub fn check_recipient(recipient: &RecipientKey) -> Result<(), SealError> {
	// A clamped scalar is a multiple of the cofactor, so any one of them
	// sends exactly the low-order points to zero.
	let probe = StaticSecret::from([1; KEY_LEN]);
	if probe.diffie_hellman(&PublicKey::from(*recipient)).was_contributory() {
		Ok(())
	} else {
		Err(SealError::WeakKey)
	}
}

/// The cipher of one envelope.
fn cipher(shared: &[u8; KEY_LEN], ephemeral: &[u8; KEY_LEN], recipient: &RecipientKey) -> ChaCha20Poly1305 {
	let key = blake2_256(&[DOMAIN, &shared[..], &ephemeral[..], &recipient[..]].concat());
	ChaCha20Poly1305::new(Key::from_slice(&key))
}

/// Seals `plaintext` (a result bundle) to `recipient` with a fresh
/// ephemeral key and nonce from `rng`; `callback`, if given, is carried in
/// clear and authenticated.
pub fn seal(
	recipient: &RecipientKey,
	plaintext: &[u8],
	callback: Option<&[u8]>,
	rng: &mut (impl RngCore + CryptoRng),
) -> Result<Vec<u8>, SealError> {
	let ephemeral = EphemeralSecret::random_from_rng(&mut *rng);
	let ephemeral_public = PublicKey::from(&ephemeral).to_bytes();
	let shared = ephemeral.diffie_hellman(&PublicKey::from(*recipient));
	if !shared.was_contributory() {
		return Err(SealError::WeakKey);
	}
	let mut nonce = [0u8; NONCE_LEN];
	rng.fill_bytes(&mut nonce);

	let mut envelope = Vec::with_capacity(FIXED_HEADER.saturating_add(plaintext.len()).saturating_add(TAG_LEN));
	envelope.extend_from_slice(MAGIC);
	envelope.extend_from_slice(recipient);
	envelope.extend_from_slice(&ephemeral_public);
	envelope.extend_from_slice(&nonce);
	match callback {
		None => envelope.push(0),
		Some(callback) => {
			let length = u32::try_from(callback.len()).map_err(|_| SealError::TooLarge)?;
			envelope.push(1);
			envelope.extend_from_slice(&length.to_le_bytes());
			envelope.extend_from_slice(callback);
		},
	}
	let ciphertext = cipher(shared.as_bytes(), &ephemeral_public, recipient)
		.encrypt(Nonce::from_slice(&nonce), Payload { msg: plaintext, aad: &envelope })
		.map_err(|_| SealError::TooLarge)?;
	envelope.extend_from_slice(&ciphertext);
	Ok(envelope)
}

/// Takes `count` bytes off the front of `rest`.
fn take<'a>(rest: &mut &'a [u8], count: usize) -> Result<&'a [u8], OpenError> {
	if rest.len() < count {
		return Err(OpenError::Corrupted);
	}
	let (head, tail) = rest.split_at(count);
	*rest = tail;
	Ok(head)
}

/// Takes exactly `N` bytes off the front of `rest`.
fn take_array<const N: usize>(rest: &mut &[u8]) -> Result<[u8; N], OpenError> {
	take(rest, N)?.try_into().map_err(|_| OpenError::Corrupted)
}

impl<'a> Envelope<'a> {
	/// Parses an envelope without opening it: [`OpenError::NotSealed`]
	/// without the magic, [`OpenError::Corrupted`] if its layout is wrong.
	pub fn parse(bytes: &'a [u8]) -> Result<Self, OpenError> {
		let mut rest = bytes.strip_prefix(&MAGIC[..]).ok_or(OpenError::NotSealed)?;
		let recipient = take_array::<KEY_LEN>(&mut rest)?;
		let ephemeral = take_array::<KEY_LEN>(&mut rest)?;
		let nonce = take_array::<NONCE_LEN>(&mut rest)?;
		let callback = match take_array::<1>(&mut rest)? {
			[0] => None,
			[1] => {
				let length = u32::from_le_bytes(take_array::<4>(&mut rest)?);
				Some(take(&mut rest, usize::try_from(length).map_err(|_| OpenError::Corrupted)?)?)
			},
			_ => return Err(OpenError::Corrupted),
		};
		if rest.len() < TAG_LEN {
			return Err(OpenError::Corrupted);
		}
		let header = bytes.get(..bytes.len().saturating_sub(rest.len())).ok_or(OpenError::Corrupted)?;
		Ok(Self { recipient, ephemeral, callback, header, nonce, ciphertext: rest })
	}

	/// The plaintext, decrypted with `secret`.
	pub fn open(&self, secret: &SecretKey) -> Result<Vec<u8>, OpenError> {
		if secret.public() != self.recipient {
			return Err(OpenError::WrongKey);
		}
		let shared = secret.0.diffie_hellman(&PublicKey::from(self.ephemeral));
		if !shared.was_contributory() {
			return Err(OpenError::Corrupted);
		}
		cipher(shared.as_bytes(), &self.ephemeral, &self.recipient)
			.decrypt(Nonce::from_slice(&self.nonce), Payload { msg: self.ciphertext, aad: self.header })
			.map_err(|_| OpenError::Corrupted)
	}
}

/// Opens the envelope `bytes` with `secret`: the plaintext bundle.
pub fn open(secret: &SecretKey, bytes: &[u8]) -> Result<Vec<u8>, OpenError> {
	Envelope::parse(bytes)?.open(secret)
}

#[cfg(test)]
mod tests {
	use rand::{rngs::StdRng, SeedableRng};

	use super::*;
	use crate::Output;

	fn rng() -> StdRng {
		StdRng::seed_from_u64(7)
	}

	fn bundle() -> Vec<u8> {
		Output { stdout: b"the secret answer".to_vec(), files: vec![("callback".into(), b"cb".to_vec())] }.bundle()
	}

	#[test]
	fn a_sealed_bundle_opens_with_the_recipients_secret() {
		let mut rng = rng();
		let secret = SecretKey::generate(&mut rng);
		let sealed = seal(&secret.public(), &bundle(), None, &mut rng).unwrap();
		assert!(is_sealed(&sealed));
		assert!(!sealed.windows(17).any(|w| w == b"the secret answer"));
		assert_eq!(open(&secret, &sealed).unwrap(), bundle());
		let envelope = Envelope::parse(&sealed).unwrap();
		assert_eq!((envelope.recipient, envelope.callback), (secret.public(), None));
		// The secret survives a round trip through its bytes.
		assert_eq!(open(&SecretKey::from_bytes(secret.to_bytes()), &sealed).unwrap(), bundle());
		// Each seal has its own ephemeral key.
		assert_ne!(seal(&secret.public(), &bundle(), None, &mut rng).unwrap(), sealed);
	}

	#[test]
	fn the_callback_travels_in_clear_and_authenticated() {
		let mut rng = rng();
		let secret = SecretKey::generate(&mut rng);
		let sealed = seal(&secret.public(), &bundle(), Some(b"cb"), &mut rng).unwrap();
		assert_eq!(Envelope::parse(&sealed).unwrap().callback, Some(&b"cb"[..]));
		assert_eq!(open(&secret, &sealed).unwrap(), bundle());
		let at = sealed.windows(2).position(|w| w == b"cb").unwrap();
		let mut changed = sealed.clone();
		changed[at] = b'x';
		assert_eq!(open(&secret, &changed), Err(OpenError::Corrupted));
	}

	#[test]
	fn another_key_cannot_open_it() {
		let mut rng = rng();
		let (secret, other) = (SecretKey::generate(&mut rng), SecretKey::generate(&mut rng));
		let sealed = seal(&secret.public(), &bundle(), None, &mut rng).unwrap();
		assert_eq!(open(&other, &sealed), Err(OpenError::WrongKey));
	}

	#[test]
	fn any_changed_byte_is_detected() {
		let mut rng = rng();
		let secret = SecretKey::generate(&mut rng);
		let sealed = seal(&secret.public(), &bundle(), None, &mut rng).unwrap();
		for at in 0..sealed.len() {
			let mut tampered = sealed.clone();
			tampered[at] ^= 0x01;
			assert!(open(&secret, &tampered).is_err(), "byte {at}");
		}
		assert_eq!(open(&secret, &sealed[..sealed.len() - 1]), Err(OpenError::Corrupted));
		assert_eq!(open(&secret, &sealed[..FIXED_HEADER]), Err(OpenError::Corrupted));
	}

	#[test]
	fn a_plain_bundle_is_not_sealed() {
		let secret = SecretKey::generate(&mut rng());
		assert!(!is_sealed(&bundle()));
		assert_eq!(open(&secret, &bundle()), Err(OpenError::NotSealed));
		assert_eq!(Envelope::parse(b""), Err(OpenError::NotSealed));
	}

	#[test]
	fn low_order_recipients_are_refused() {
		let mut rng = rng();
		// 0 and 1 are low-order points of Curve25519.
		for weak in [[0u8; 32], { let mut one = [0u8; 32]; one[0] = 1; one }] {
			assert_eq!(check_recipient(&weak), Err(SealError::WeakKey));
			assert_eq!(seal(&weak, &bundle(), None, &mut rng), Err(SealError::WeakKey));
		}
		assert_eq!(check_recipient(&SecretKey::generate(&mut rng).public()), Ok(()));
	}
}
