//! What the chain says happened: the events of a range of blocks, and the
//! payouts and seizures among them; and the output an honest worker computes.

use anyhow::{anyhow, bail, Result};
use ect_client::{
	runtime::{AccountId, Balance, RuntimeEvent},
	storage, Rpc,
};
use ect_runner::{Limits, Output, RunInput, Runner};
use pallet_ect_escrow::Pot;
use polkadot_sdk::sp_core::H256;

/// The best block's number.
pub use ect_client::reads::best_number;

/// Every event of the blocks from `from` to the best block, in order.
pub async fn since(rpc: &Rpc, from: u32) -> Result<Vec<RuntimeEvent>> {
	let mut all = Vec::new();
	for number in from..=best_number(rpc).await? {
		let hash = rpc.block_hash(number).await?.ok_or_else(|| anyhow!("no block #{number}"))?;
		all.extend(storage::events(rpc, hash).await?.into_iter().map(|record| record.event));
	}
	Ok(all)
}

/// How many signed extrinsics the blocks from `from` to the best block
/// hold (inherents are not signed).
pub async fn signed_extrinsics_since(rpc: &Rpc, from: u32) -> Result<usize> {
	use codec::Decode;
	let mut signed = 0;
	for number in from..=best_number(rpc).await? {
		let hash = rpc.block_hash(number).await?.ok_or_else(|| anyhow!("no block #{number}"))?;
		for bytes in rpc.block_extrinsics(hash).await? {
			let extrinsic = ect_runtime::UncheckedExtrinsic::decode(&mut &bytes[..])?;
			signed += usize::from(extrinsic.is_signed());
		}
	}
	Ok(signed)
}

/// The events of the block where `task` was finalized (searched backwards
/// from the best block, at most 60 blocks).
pub async fn of_finalization(rpc: &Rpc, task: H256) -> Result<Vec<RuntimeEvent>> {
	let mut at = rpc.header(None).await?;
	for _ in 0..60 {
		let events: Vec<RuntimeEvent> = storage::events(rpc, at.hash()).await?.into_iter().map(|r| r.event).collect();
		if events.iter().any(|e| matches!(e, RuntimeEvent::Poco(pallet_ect_poco::Event::TaskFinalized { task: t, .. }) if *t == task)) {
			return Ok(events);
		}
		at = rpc.header(Some(at.parent_hash)).await?;
	}
	bail!("no TaskFinalized event for {task:?} in the last 60 blocks")
}

/// What `who` was paid from `pot`.
pub fn rewarded(events: &[RuntimeEvent], who: &AccountId, pot: Pot) -> Balance {
	events
		.iter()
		.filter_map(|e| match e {
			RuntimeEvent::Escrow(pallet_ect_escrow::Event::Rewarded { who: w, amount, pot: p }) if w == who && *p == pot => Some(*amount),
			_ => None,
		})
		.sum()
}

/// What was seized from `who`.
pub fn seized(events: &[RuntimeEvent], who: &AccountId) -> Balance {
	events
		.iter()
		.filter_map(|e| match e {
			RuntimeEvent::Escrow(pallet_ect_escrow::Event::Seized { who: w, amount, .. }) if w == who => Some(*amount),
			_ => None,
		})
		.sum()
}

/// The workers that contributed to `task`, one entry per `Contributed` event.
pub fn contributors(events: &[RuntimeEvent], task: H256) -> Vec<AccountId> {
	of_task(events, task, |e| match e {
		pallet_ect_poco::Event::Contributed { task, worker, .. } => Some((*task, worker.clone())),
		_ => None,
	})
}

/// The workers that revealed for `task`, one entry per `Revealed` event.
pub fn revealers(events: &[RuntimeEvent], task: H256) -> Vec<AccountId> {
	of_task(events, task, |e| match e {
		pallet_ect_poco::Event::Revealed { task, worker, .. } => Some((*task, worker.clone())),
		_ => None,
	})
}

/// The workers of the PoCo events `pick` selects that concern `task`.
fn of_task(
	events: &[RuntimeEvent],
	task: H256,
	pick: impl Fn(&pallet_ect_poco::Event<ect_runtime::Runtime>) -> Option<(H256, AccountId)>,
) -> Vec<AccountId> {
	events
		.iter()
		.filter_map(|e| match e {
			RuntimeEvent::Poco(event) => pick(event).filter(|(t, _)| *t == task).map(|(_, worker)| worker),
			_ => None,
		})
		.collect()
}

/// The extrinsics that failed, as their events.
pub fn failed_extrinsics(events: &[RuntimeEvent]) -> Vec<&RuntimeEvent> {
	events
		.iter()
		.filter(|e| matches!(e, RuntimeEvent::System(polkadot_sdk::frame_system::Event::ExtrinsicFailed { .. })))
		.collect()
}

/// The digest an honest worker computes for `task` of a deal that started
/// at `start`: the example app `app` run on `input` (its `/in/input` file).
pub async fn honest_digest(app: &str, input: &[u8], task: H256, start: u64) -> Result<H256> {
	Ok(H256(honest_output(app, input, task, start).await?.digest(false)?))
}

/// The output an honest worker computes for `task` of a deal that started
/// at `start`: the example app `app` run on `input` (its `/in/input` file).
pub async fn honest_output(app: &str, input: &[u8], task: H256, start: u64) -> Result<Output> {
	let scratch = tempfile::tempdir()?;
	let run = Runner::new(scratch.path())?
		.execute(
			std::fs::read(crate::app_path(app)?)?,
			RunInput { files: vec![("input".into(), input.to_vec())], seed: task.0, clock_ms: start, ..Default::default() },
			Limits::with_fuel(u64::MAX / 2),
		)
		.await?;
	Ok(run.output)
}
