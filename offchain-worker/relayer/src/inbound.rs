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
			log::debug!("inbound {nonce}: {status:?}, nothing to do");
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
