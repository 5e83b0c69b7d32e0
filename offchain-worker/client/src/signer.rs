//! Signed extrinsics in the runtime's exact format.

use crate::{
	chain::ChainInfo,
	runtime::{
		AccountId, Address, Balance, BlockNumber, Hash, Nonce, Runtime, RuntimeCall,
		SignedPayload, TxExtension, UncheckedExtrinsic,
	},
};
use codec::Encode;
use polkadot_sdk::{
	frame_metadata_hash_extension::CheckMetadataHash,
	frame_system, pallet_transaction_payment,
	sp_core::{sr25519, Pair},
	sp_runtime::{generic::Era, MultiSignature},
};

/// How long a transaction stays valid.
#[derive(Clone, Copy, Debug)]
pub enum Mortality {
	/// Valid forever (until its nonce is used).
	Immortal,
	/// Valid for `period` blocks from the checkpoint block `number` (hash `hash`).
	Mortal {
		/// Blocks of validity; rounded up to a power of two by the runtime.
		period: u64,
		/// Number of the checkpoint block.
		number: BlockNumber,
		/// Hash of the checkpoint block.
		hash: Hash,
	},
}

/// An account that signs transactions with an sr25519 key.
#[derive(Clone)]
pub struct Signer {
	pair: sr25519::Pair,
}

impl Signer {
	/// A signer from a key pair.
	pub fn new(pair: sr25519::Pair) -> Self {
		Self { pair }
	}

	/// A signer from a secret URI (`//Alice`, a mnemonic, `0x` seed).
	pub fn from_uri(uri: &str) -> Result<Self, String> {
		sr25519::Pair::from_string(uri, None)
			.map(Self::new)
			.map_err(|e| format!("invalid secret URI: {e:?}"))
	}

	/// The signing account.
	pub fn account(&self) -> AccountId {
		self.pair.public().into()
	}

	/// Signs raw bytes (authorisations, orders, pool joins).
	pub fn sign_bytes(&self, message: &[u8]) -> sr25519::Signature {
		self.pair.sign(message)
	}

	/// Signs `call` as transaction number `nonce` of this account, for the chain
	/// described by `chain`, with an optional tip.
	pub fn sign(
		&self,
		call: RuntimeCall,
		nonce: Nonce,
		tip: Balance,
		mortality: Mortality,
		chain: &ChainInfo,
	) -> UncheckedExtrinsic {
		let (era, checkpoint) = match mortality {
			Mortality::Immortal => (Era::Immortal, chain.genesis_hash),
			Mortality::Mortal { period, number, hash } => (Era::mortal(period, number.into()), hash),
		};
		let extension: TxExtension = (
			frame_system::AuthorizeCall::<Runtime>::new(),
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(era),
			frame_system::CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
			CheckMetadataHash::<Runtime>::new(false),
			frame_system::WeightReclaim::<Runtime>::new(),
		);
		// What the extensions add to the signed payload without sending it.
		let implicit = (
			(),
			(),
			chain.spec_version,
			chain.transaction_version,
			chain.genesis_hash,
			checkpoint,
			(),
			(),
			(),
			None,
			(),
		);
		let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
		let signature = payload.using_encoded(|bytes| self.pair.sign(bytes));
		UncheckedExtrinsic::new_signed(
			call,
			Address::Id(self.account()),
			MultiSignature::Sr25519(signature),
			extension,
		)
	}
}
