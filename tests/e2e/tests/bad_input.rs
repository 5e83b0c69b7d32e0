//! Bad input over RPC: truncated bytes, a frame that is no extrinsic, a bad
//! signature and a transaction signed for another chain are each refused with
//! an error, nothing is charged, and the node keeps producing and finalizing.

use std::time::Duration;

use anyhow::{anyhow, bail, ensure, Result};
use ect_client::{
	runtime::{BalancesCall, Hash, RuntimeCall, UNIT},
	ChainInfo, Mortality, Signer,
};
use ect_e2e::{with_timeout, FinalityWatch, Node, WorkDir};
use codec::Encode;
use jsonrpsee::core::ClientError;
use polkadot_sdk::sp_keyring::Sr25519Keyring;

const LIMIT: Duration = Duration::from_secs(120);

/// Substrate's `author_*` error codes: bytes that do not even frame as an
/// extrinsic, a frame the runtime cannot decode (validation traps), and a
/// transaction the pool refuses as invalid.
const UNDECODABLE: i32 = 1040;
const VERIFICATION_ERROR: i32 = 1002;
const INVALID_TRANSACTION: i32 = 1010;

/// The JSON-RPC error of a refused submission, as (code, full text).
fn rpc_error(result: ect_client::Result<Hash>) -> Result<(i32, String)> {
	match result {
		Ok(hash) => bail!("the node accepted it as {hash:?}"),
		Err(ect_client::Error::Rpc(ClientError::Call(e))) =>
			Ok((e.code(), format!("{} {}", e.message(), e.data().map(|d| d.get()).unwrap_or("")))),
		Err(other) => bail!("expected a JSON-RPC call error, got {other}"),
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_and_badly_signed_extrinsics_are_refused() -> Result<()> {
	let work = WorkDir::new("bad-input");
	let mut node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let rpc = node.rpc().await?;
		let mut finality = FinalityWatch::new(&rpc).await?;
		finality.until(1, Duration::from_secs(60)).await?;

		// Bytes whose length prefix promises more than there is.
		let (code, text) = rpc_error(rpc.submit(&[0x12, 0x34, 0x56]).await)?;
		ensure!(code == UNDECODABLE && text.contains("decode"), "truncated: code {code}: {text}");
		// A well-framed body that is no extrinsic of this runtime.
		let (code, text) = rpc_error(rpc.submit(&[0x0c, 0xff, 0x34, 0x56]).await)?;
		ensure!(code == VERIFICATION_ERROR, "framed garbage: code {code}: {text}");

		let alice = Signer::from_uri("//Alice").map_err(|e| anyhow!(e))?;
		let chain = ChainInfo::fetch(&rpc).await?;
		let nonce = rpc.next_nonce(&alice.account()).await?;
		let transfer = || {
			RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
				dest: Sr25519Keyring::Bob.to_account_id().into(),
				value: UNIT,
			})
		};

		// A valid extrinsic whose signature bytes are flipped.
		let mut tampered = alice.sign(transfer(), nonce, 0, Mortality::Immortal, &chain).encode();
		let signature_at = signature_offset(&tampered)?;
		tampered[signature_at] ^= 0xff;
		let (code, text) = rpc_error(rpc.submit(&tampered).await)?;
		ensure!(code == INVALID_TRANSACTION, "bad signature: code {code}: {text}");
		ensure!(text.contains("bad signature"), "bad signature: {text}");

		// A well-formed signature, but for another chain (other genesis hash).
		let other_chain = ChainInfo { genesis_hash: Hash::repeat_byte(7), ..chain };
		let foreign = alice.sign(transfer(), nonce, 0, Mortality::Immortal, &other_chain).encode();
		let (code, text) = rpc_error(rpc.submit(&foreign).await)?;
		ensure!(code == INVALID_TRANSACTION, "other chain: code {code}: {text}");
		ensure!(text.contains("bad signature"), "other chain: {text}");

		// Nothing was taken: Alice's nonce is unchanged, and the node goes on.
		ensure!(rpc.next_nonce(&alice.account()).await? == nonce, "a refused transaction used a nonce");
		let before = finality.last;
		finality.until(before + 2, Duration::from_secs(60)).await?;
		ensure!(node.is_running(), "the node died");
		Ok(())
	})
	.await;
	work.conclude(result)
}

/// Where the signature's bytes start in an encoded signed extrinsic:
/// compact length, version byte, address (`MultiAddress::Id`: 1 + 32 bytes),
/// then the `MultiSignature` (1 variant byte + 64 bytes).
fn signature_offset(encoded: &[u8]) -> Result<usize> {
	use codec::{Compact, Decode};
	let mut input = encoded;
	let _length = Compact::<u32>::decode(&mut input)?;
	let prefix = encoded.len() - input.len();
	let offset = prefix + 1 + 1 + 32 + 1;
	ensure!(encoded.len() > offset + 64, "extrinsic too short");
	Ok(offset)
}
