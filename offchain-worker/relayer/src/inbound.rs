//! Inbound: the bridge contract's logs, attested on the sidechain.

use alloy::{
	primitives::Address,
	providers::Provider,
	rpc::types::{Filter, Log},
	sol_types::SolEvent,
};
use anyhow::Context;
use ect_client::{runtime::Runtime, Error, TxStage};
use pallet_ect_bridge::{InboundBody, InboundEventOf, InboundStatus};
use polkadot_sdk::{sp_core::{H160, H256}, sp_runtime::AccountId32};

use crate::{contracts::EctBridge, metrics::Metrics, Relayer};

/// The most Ethereum blocks read in one `eth_getLogs`.
const MAX_BLOCK_RANGE: u64 = 1_000;

/// An Ethereum address as the sidechain has it.
pub fn h160(address: &Address) -> H160 {
	H160::from_slice(address.as_slice())
}

/// The inbound event a bridge log is, if it is one.
pub fn to_event(log: &Log) -> anyhow::Result<Option<InboundEventOf<Runtime>>> {
	let eth_block = log.block_number.context("a log without its block number")?;
	let block_hash = H256(log.block_hash.context("a log without its block hash")?.0);
	let log_index = u32::try_from(log.log_index.context("a log without its index")?)?;
	let (nonce, body) = match log.topic0() {
		Some(topic) if *topic == EctBridge::TaskRequested::SIGNATURE_HASH => {
			let e = EctBridge::TaskRequested::decode_log(&log.inner)?.data;
			let params = e.params.to_vec().try_into().map_err(|_| anyhow::anyhow!("request {}: params too long", e.nonce))?;
			let body = InboundBody::Request {
				payer: h160(&e.payer),
				callback: h160(&e.callback),
				app: e.app,
				category: e.category,
				trust: e.trust,
				app_max_price: e.appMaxPrice,
				workerpool_max_price: e.workerpoolMaxPrice,
				amount: e.amount,
				params,
			};
			(e.nonce, body)
		},
		Some(topic) if *topic == EctBridge::Deposited::SIGNATURE_HASH => {
			let e = EctBridge::Deposited::decode_log(&log.inner)?.data;
			let body = InboundBody::Deposit { sender: h160(&e.sender), account: AccountId32::new(e.account.0), amount: e.amount };
			(e.nonce, body)
		},
		_ => return Ok(None),
	};
	Ok(Some(InboundEventOf::<Runtime> { nonce, eth_block, block_hash, log_index, body }))
}

impl Relayer {
	/// Attests the logs of the confirmed Ethereum blocks not read yet.
	pub(crate) async fn relay_inbound(&mut self) -> anyhow::Result<()> {
		let head = self.eth.get_block_number().await?;
		let Some(safe) = head.checked_sub(self.config.confirmations) else { return Ok(()) };
		while self.progress.eth_next_block <= safe {
			let from = self.progress.eth_next_block;
			let to = safe.min(from.saturating_add(MAX_BLOCK_RANGE - 1));
			let filter = Filter::new().address(self.config.bridge).from_block(from).to_block(to);
			let mut logs = self.eth.get_logs(&filter).await?;
			logs.sort_by_key(|l| (l.block_number, l.log_index));
			for log in &logs {
				if let Some(event) = to_event(log)? {
					self.attest(event).await?;
				}
			}
			self.progress.eth_next_block = to.saturating_add(1);
			self.save()?;
		}
		Ok(())
	}

	/// Attests `event` unless this relayer's vote is in or it was executed.
	async fn attest(&self, event: InboundEventOf<Runtime>) -> anyhow::Result<()> {
		let nonce = event.nonce;
		let status: InboundStatus =
			self.side.rpc().call("BridgeApi_inbound_status", (nonce, self.side.account())).await?;
		if status != InboundStatus::Open {
			log::info!("inbound {nonce}: {status:?}, nothing to do");
			Metrics::inc(&self.metrics.attest_skipped);
			return Ok(());
		}
		let call = pallet_ect_bridge::Call::<Runtime>::attest { event };
		match self.side.send(call, TxStage::InBlock).await {
			Ok(_) => {
				log::info!("inbound {nonce}: attested");
				Metrics::inc(&self.metrics.attested);
				Ok(())
			},
			// Another round or a racing submission of ours got there first.
			Err(Error::Dispatch(failure))
				if ["Bridge.AlreadyAttested", "Bridge.AlreadyExecuted"].contains(&failure.name().as_str()) =>
			{
				log::info!("inbound {nonce}: {}", failure.name());
				Metrics::inc(&self.metrics.attest_skipped);
				Ok(())
			},
			Err(error) => Err(error).with_context(|| format!("attesting inbound {nonce}")),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloy::{
		primitives::{Bytes, FixedBytes, Log as PrimitiveLog, B256},
		rpc::types::Log,
	};

	fn log_of(event: &impl SolEvent, block: u64, index: u64) -> Log {
		Log {
			inner: PrimitiveLog { address: Address::repeat_byte(0xbb), data: event.encode_log_data() },
			block_number: Some(block),
			block_hash: Some(B256::repeat_byte(0x0b)),
			log_index: Some(index),
			..Default::default()
		}
	}

	#[test]
	fn a_request_log_becomes_the_event_relayers_attest() {
		let request = EctBridge::TaskRequested {
			nonce: 7,
			payer: Address::repeat_byte(1),
			callback: Address::repeat_byte(2),
			app: 3,
			category: 4,
			trust: 5,
			appMaxPrice: 6,
			workerpoolMaxPrice: 7,
			amount: 8_000_000,
			params: Bytes::from_static(b"--n 1"),
		};
		let event = to_event(&log_of(&request, 100, 2)).unwrap().unwrap();
		assert_eq!((event.nonce, event.eth_block, event.log_index), (7, 100, 2));
		assert_eq!(event.block_hash, H256::repeat_byte(0x0b));
		assert_eq!(
			event.body,
			InboundBody::Request {
				payer: H160::repeat_byte(1),
				callback: H160::repeat_byte(2),
				app: 3,
				category: 4,
				trust: 5,
				app_max_price: 6,
				workerpool_max_price: 7,
				amount: 8_000_000,
				params: b"--n 1".to_vec().try_into().unwrap(),
			}
		);
	}

	#[test]
	fn a_deposit_log_names_the_sidechain_account_and_other_logs_are_ignored() {
		let deposit =
			EctBridge::Deposited { nonce: 9, sender: Address::repeat_byte(1), account: FixedBytes([5; 32]), amount: 1 };
		let event = to_event(&log_of(&deposit, 1, 0)).unwrap().unwrap();
		assert_eq!(
			event.body,
			InboundBody::Deposit { sender: H160::repeat_byte(1), account: AccountId32::new([5; 32]), amount: 1 }
		);
		let other = EctBridge::RootAccepted { sideBlock: 1, root: FixedBytes([1; 32]) };
		assert!(to_event(&log_of(&other, 1, 0)).unwrap().is_none());
	}

	#[test]
	fn a_log_without_its_position_is_an_error() {
		let deposit =
			EctBridge::Deposited { nonce: 9, sender: Address::repeat_byte(1), account: FixedBytes([5; 32]), amount: 1 };
		let mut log = log_of(&deposit, 1, 0);
		log.block_hash = None;
		assert!(to_event(&log).is_err());
	}
}
