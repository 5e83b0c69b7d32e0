//! Council motions over real extrinsics: how governance acts on a chain
//! without sudo (`--chain local`).

use anyhow::{anyhow, bail, Context, Result};
use codec::Encode;
use ect_client::{
	runtime::{Runtime, RuntimeCall, RuntimeEvent},
	DispatchFailure, Sender,
};
use ect_runtime::configs::CouncilCollective;
use ect_runtime::polkadot_sdk::{frame_support::dispatch::GetDispatchInfo, pallet_collective};

use crate::cloud::send;

type Council = pallet_collective::Call<Runtime, CouncilCollective>;

/// Passes `call` by a council motion: the first of `ayes` proposes it with
/// their number as threshold, each of them votes for it, and the proposer
/// closes it. Fails unless the motion executed and the call succeeded.
pub async fn pass(ayes: &[&Sender], call: impl Into<RuntimeCall>) -> Result<()> {
	let call: RuntimeCall = call.into();
	let proposer = ayes.first().ok_or_else(|| anyhow!("a motion needs a proposer"))?;
	let length_bound = u32::try_from(call.encoded_size())?;
	let proposal_weight_bound = call.get_dispatch_info().call_weight;
	let threshold = u32::try_from(ayes.len())?;
	let events = send(proposer, Council::propose { threshold, proposal: Box::new(call), length_bound })
		.await
		.context("propose")?;
	if threshold < 2 {
		return executed(&events);
	}
	let (index, hash) = events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Council(pallet_collective::Event::Proposed { proposal_index, proposal_hash, .. }) =>
				Some((*proposal_index, *proposal_hash)),
			_ => None,
		})
		.ok_or_else(|| anyhow!("no Proposed event in {events:?}"))?;
	let votes = ayes.iter().map(|member| send(member, Council::vote { proposal: hash, index, approve: true }));
	futures::future::try_join_all(votes).await.context("vote")?;
	let close = Council::close { proposal_hash: hash, index, proposal_weight_bound, length_bound };
	let events = send(proposer, close).await.context("close")?;
	executed(&events)
}

/// The outcome of the motion whose execution `events` tell.
fn executed(events: &[RuntimeEvent]) -> Result<()> {
	for event in events {
		match event {
			RuntimeEvent::Council(pallet_collective::Event::Executed { result: Ok(()), .. }) => return Ok(()),
			RuntimeEvent::Council(pallet_collective::Event::Executed { result: Err(error), .. }) =>
				bail!("the motion's call failed: {}", DispatchFailure::new(error)),
			_ => {},
		}
	}
	bail!("the motion did not execute: {events:?}")
}
