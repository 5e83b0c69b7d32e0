//! Submitting a transaction and following it until it is in a block or final.

use crate::{
	error::{Error, Result},
	rpc::Rpc,
	runtime::Hash,
};

/// How far a watched transaction must go before [`submit_and_wait`] returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxStage {
	/// Included in a best block.
	InBlock,
	/// Included in a finalized block.
	Finalized,
}

/// Where a watched transaction ended up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxOutcome {
	/// The block that includes it.
	pub block: Hash,
	/// Whether that block is finalized.
	pub finalized: bool,
}

/// Submits `extrinsic` and waits until it reaches `stage`.
///
/// A transaction the pool refuses fails at once with the node's JSON-RPC error
/// (`Invalid Transaction`, `bad signature`, ...); one the pool drops later
/// (`invalid`, `dropped`, `usurped`, finality timeout) fails with
/// [`Error::Transaction`].
pub async fn submit_and_wait(rpc: &Rpc, extrinsic: &[u8], stage: TxStage) -> Result<TxOutcome> {
	watch(rpc.submit_and_watch(extrinsic).await?, stage).await
}

/// Follows a submitted transaction's status updates until it reaches `stage`.
pub async fn watch(
	mut updates: jsonrpsee::core::client::Subscription<serde_json::Value>,
	stage: TxStage,
) -> Result<TxOutcome> {
	while let Some(update) = updates.next().await {
		let update = update.map_err(|e| Error::BadResponse {
			method: "author_submitAndWatchExtrinsic",
			detail: e.to_string(),
		})?;
		if let Some(outcome) = classify(&update, stage)? {
			return Ok(outcome);
		}
	}
	Err(Error::Transaction { stage: "unwatched".into(), detail: "the node closed the subscription".into() })
}

/// Reads one status update: `Ok(Some(_))` when `stage` is reached, `Ok(None)`
/// while the transaction is still on its way, `Err` when it is lost.
fn classify(update: &serde_json::Value, stage: TxStage) -> Result<Option<TxOutcome>> {
	let block_of = |key: &str| -> Result<Option<Hash>> {
		update
			.get(key)
			.map(|hash| {
				serde_json::from_value::<Hash>(hash.clone()).map_err(|e| Error::BadResponse {
					method: "author_submitAndWatchExtrinsic",
					detail: format!("{key}: {e}"),
				})
			})
			.transpose()
	};
	if let Some(block) = block_of("finalized")? {
		return Ok(Some(TxOutcome { block, finalized: true }));
	}
	if let Some(block) = block_of("inBlock")? {
		return Ok((stage == TxStage::InBlock).then_some(TxOutcome { block, finalized: false }));
	}
	match update {
		serde_json::Value::String(s) if s == "future" || s == "ready" => Ok(None),
		serde_json::Value::String(s) =>
			Err(Error::Transaction { stage: s.clone(), detail: String::new() }),
		serde_json::Value::Object(map) if map.contains_key("broadcast") || map.contains_key("retracted") =>
			Ok(None),
		other => {
			let stage = other
				.as_object()
				.and_then(|m| m.keys().next().cloned())
				.unwrap_or_else(|| other.to_string());
			Err(Error::Transaction { stage, detail: other.to_string() })
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	const BLOCK: &str = "0x0101010101010101010101010101010101010101010101010101010101010101";

	#[test]
	fn waits_through_pool_statuses() {
		for update in [json!("ready"), json!("future"), json!({"broadcast": ["peer"]})] {
			assert_eq!(classify(&update, TxStage::Finalized).unwrap(), None);
		}
	}

	#[test]
	fn in_block_ends_the_wait_only_when_asked_for() {
		let update = json!({ "inBlock": BLOCK });
		assert_eq!(classify(&update, TxStage::Finalized).unwrap(), None);
		let outcome = classify(&update, TxStage::InBlock).unwrap().unwrap();
		assert!(!outcome.finalized);
		assert_eq!(outcome.block, Hash::repeat_byte(1));
	}

	#[test]
	fn finalized_ends_the_wait() {
		let outcome = classify(&json!({ "finalized": BLOCK }), TxStage::InBlock).unwrap().unwrap();
		assert!(outcome.finalized);
	}

	#[test]
	fn lost_transactions_are_errors_naming_the_status() {
		for (update, stage) in [
			(json!("dropped"), "dropped"),
			(json!("invalid"), "invalid"),
			(json!({ "usurped": BLOCK }), "usurped"),
			(json!({ "finalityTimeout": BLOCK }), "finalityTimeout"),
		] {
			match classify(&update, TxStage::Finalized) {
				Err(Error::Transaction { stage: got, .. }) => assert_eq!(got, stage),
				other => panic!("{update}: expected a transaction error, got {other:?}"),
			}
		}
	}

	#[test]
	fn malformed_block_hash_is_a_bad_response() {
		assert!(matches!(
			classify(&json!({ "inBlock": "0x12" }), TxStage::InBlock),
			Err(Error::BadResponse { .. })
		));
	}
}
