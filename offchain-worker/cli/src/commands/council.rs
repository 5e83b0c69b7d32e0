//! `ect council`: governance by council motion (`protocol.md` §11,
//! `docs/validators.md`). A member proposes a motion (and votes for it),
//! members vote, anyone closes it; a motion with enough ayes executes with
//! the council's origin, which every governance call accepts from two
//! thirds of the members.

use std::path::PathBuf;

use clap::Subcommand;
use codec::{Decode, Encode};
use ect_client::{
	runtime::{
		configs::CouncilCollective,
		polkadot_sdk::{pallet_collective, pallet_membership, pallet_safe_mode, pallet_tx_pause},
		AccountId, BlockNumber, Runtime, RuntimeCall, RuntimeEvent,
	},
	DispatchFailure, Included, Rpc, TxStage,
};
use pallet_ect_bridge::OperatingMode;
use polkadot_sdk::{
	frame_support::{dispatch::GetDispatchInfo, traits::GetCallMetadata},
	sp_core::{crypto::Ss58Codec, H256},
};

use crate::{
	args::{parse_account, parse_hash, read_file},
	error::{CliError, Result},
	globals::Globals,
	output::{self, Record},
};

type Council = pallet_collective::Call<Runtime, CouncilCollective>;

/// Council commands.
#[derive(Subcommand)]
pub enum CouncilCommand {
	/// The members, the prime member and the open motions with their votes.
	Show,
	/// Proposes a motion (`--key` must be a member) and votes for it. It
	/// passes with `--threshold` ayes, by default two thirds of the members
	/// (rounded up), what every governance call requires. A threshold of 1
	/// executes at once.
	Propose {
		/// The ayes the motion needs.
		#[arg(long)]
		threshold: Option<u32>,
		/// What the motion does.
		#[command(subcommand)]
		motion: Motion,
	},
	/// Votes on an open motion (`--key` must be a member): aye, or nay with
	/// `--nay`.
	Vote {
		/// The motion's hash (`ect council show`).
		#[arg(value_parser = parse_hash)]
		motion: H256,
		/// Votes against.
		#[arg(long)]
		nay: bool,
	},
	/// Closes an open motion (anyone): it executes if it has its ayes, is
	/// dropped if it cannot get them any more or its voting time is over;
	/// otherwise it is refused before sending (too early).
	Close {
		/// The motion's hash.
		#[arg(value_parser = parse_hash)]
		motion: H256,
	},
}

/// What a motion does.
#[derive(Subcommand)]
pub enum Motion {
	/// Adds a validator whose session keys are registered (`ect validator
	/// set-keys`); it validates from the session after next.
	AddValidator {
		/// SS58 address, `0x` public key or dev name (`//Eve`).
		#[arg(value_parser = parse_account)]
		who: AccountId,
	},
	/// Removes a validator; it stops at the end of the next session.
	RemoveValidator {
		/// The validator's account.
		#[arg(value_parser = parse_account)]
		who: AccountId,
	},
	/// Restarts finality after a stall: at the next session boundary, the
	/// validators of the session starting then form a new GRANDPA set that
	/// votes on top of block `median` (the highest block all of them
	/// finalized), `delay` blocks later.
	NoteStalled {
		/// Blocks to wait after the session boundary (at most a session).
		delay: BlockNumber,
		/// The highest block every validator finalized.
		median: BlockNumber,
	},
	/// Authorizes the runtime in a WASM file (by its hash); anyone then sets
	/// it with `ect upgrade apply`.
	AuthorizeUpgrade {
		/// The runtime's WASM (`ect_runtime.compact.compressed.wasm`).
		wasm: PathBuf,
	},
	/// Stops the chain for a day: only governance, consensus, session keys,
	/// upgrades and PoCo's calls go through.
	EnterSafeMode,
	/// Extends safe mode by a day.
	ExtendSafeMode,
	/// Leaves safe mode.
	ExitSafeMode,
	/// Pauses a call (`Pallet.call`); governance's, consensus', upgrades'
	/// and PoCo's cannot be paused.
	Pause {
		/// `Marketplace.publish_offer`, `Balances.transfer_keep_alive`, ...
		call: String,
	},
	/// Lifts a pause.
	Unpause {
		/// As it was paused.
		call: String,
	},
	/// Halts the market (no new orders or deals) or resumes it (`normal`).
	MarketMode {
		/// `halted` or `normal`.
		#[arg(value_parser = parse_mode)]
		mode: OperatingMode,
	},
	/// Halts the bridge or resumes it.
	BridgeMode {
		/// `halted` or `normal`.
		#[arg(value_parser = parse_mode)]
		mode: OperatingMode,
	},
	/// Sets the bridge's relayers and their threshold.
	SetRelayers {
		/// Attestations an Ethereum event needs.
		threshold: u32,
		/// The relayers' accounts.
		#[arg(value_parser = parse_account, required = true)]
		relayers: Vec<AccountId>,
	},
	/// Adds a council member.
	AddMember {
		/// The new member's account.
		#[arg(value_parser = parse_account)]
		who: AccountId,
	},
	/// Removes a council member.
	RemoveMember {
		/// The member's account.
		#[arg(value_parser = parse_account)]
		who: AccountId,
	},
}

fn parse_mode(text: &str) -> Result<OperatingMode, String> {
	match text {
		"normal" => Ok(OperatingMode::Normal),
		"halted" => Ok(OperatingMode::Halted),
		_ => Err(format!("unknown mode `{text}`: `normal` or `halted`")),
	}
}

/// `Pallet.call` as `pallet-tx-pause` names it.
fn call_name(text: &str) -> Result<pallet_tx_pause::RuntimeCallNameOf<Runtime>> {
	let (pallet, call) = text
		.split_once('.')
		.filter(|(pallet, call)| !pallet.is_empty() && !call.is_empty())
		.ok_or_else(|| CliError::failure(format!("`{text}` is not `Pallet.call`")))?;
	let bound = |part: &str| {
		part.as_bytes().to_vec().try_into().map_err(|_| CliError::failure(format!("`{text}` is too long")))
	};
	Ok((bound(pallet)?, bound(call)?))
}

impl Motion {
	/// The call the motion makes.
	fn call(self) -> Result<RuntimeCall> {
		Ok(match self {
			Motion::AddValidator { who } => pallet_ect_validators::Call::<Runtime>::add_validator { who }.into(),
			Motion::RemoveValidator { who } => pallet_ect_validators::Call::<Runtime>::remove_validator { who }.into(),
			Motion::NoteStalled { delay, median } =>
				pallet_ect_validators::Call::<Runtime>::note_stalled { delay, median }.into(),
			Motion::AuthorizeUpgrade { wasm } => {
				let code = read_file(&wasm)?;
				let code_hash = H256(ect_client::runtime::polkadot_sdk::sp_io::hashing::blake2_256(&code));
				pallet_ect_upgrade::Call::<Runtime>::authorize_upgrade { code_hash }.into()
			},
			Motion::EnterSafeMode => pallet_safe_mode::Call::<Runtime>::force_enter {}.into(),
			Motion::ExtendSafeMode => pallet_safe_mode::Call::<Runtime>::force_extend {}.into(),
			Motion::ExitSafeMode => pallet_safe_mode::Call::<Runtime>::force_exit {}.into(),
			Motion::Pause { call } => pallet_tx_pause::Call::<Runtime>::pause { full_name: call_name(&call)? }.into(),
			Motion::Unpause { call } => pallet_tx_pause::Call::<Runtime>::unpause { ident: call_name(&call)? }.into(),
			Motion::MarketMode { mode } => pallet_ect_marketplace::Call::<Runtime>::set_operating_mode { mode }.into(),
			Motion::BridgeMode { mode } => pallet_ect_bridge::Call::<Runtime>::set_operating_mode { mode }.into(),
			Motion::SetRelayers { threshold, relayers } => {
				let relayers = relayers.try_into().map_err(|_| CliError::failure("too many relayers"))?;
				pallet_ect_bridge::Call::<Runtime>::set_relayers { relayers, threshold }.into()
			},
			Motion::AddMember { who } =>
				pallet_membership::Call::<Runtime, CouncilCollective>::add_member { who: who.into() }.into(),
			Motion::RemoveMember { who } =>
				pallet_membership::Call::<Runtime, CouncilCollective>::remove_member { who: who.into() }.into(),
		})
	}
}

/// A motion's votes, as `pallet-collective` stores them.
#[derive(Decode)]
struct Votes {
	index: u32,
	threshold: u32,
	ayes: Vec<AccountId>,
	nays: Vec<AccountId>,
	end: BlockNumber,
}

/// Runs a council command.
pub async fn run(globals: &Globals, command: CouncilCommand) -> Result<()> {
	match command {
		CouncilCommand::Show => show(globals).await,
		CouncilCommand::Propose { threshold, motion } => propose(globals, threshold, motion).await,
		CouncilCommand::Vote { motion, nay } => vote(globals, motion, !nay).await,
		CouncilCommand::Close { motion } => close(globals, motion).await,
	}
}

async fn members(rpc: &Rpc) -> Result<Vec<AccountId>> {
	let key = pallet_collective::Members::<Runtime, CouncilCollective>::hashed_key();
	Ok(rpc.value("Council.Members", &key).await?.unwrap_or_default())
}

async fn votes(rpc: &Rpc, motion: &H256) -> Result<Votes> {
	let key = pallet_collective::Voting::<Runtime, CouncilCollective>::hashed_key_for(motion);
	rpc.value("Council.Voting", &key)
		.await?
		.ok_or_else(|| CliError::failure(format!("no open motion {}", output::hash_hex(motion))))
}

async fn proposal(rpc: &Rpc, motion: &H256) -> Result<RuntimeCall> {
	let key = pallet_collective::ProposalOf::<Runtime, CouncilCollective>::hashed_key_for(motion);
	rpc.value("Council.ProposalOf", &key)
		.await?
		.ok_or_else(|| CliError::failure(format!("no open motion {}", output::hash_hex(motion))))
}

/// `Pallet.call` of a call.
fn describe(call: &RuntimeCall) -> String {
	let metadata = call.get_call_metadata();
	format!("{}.{}", metadata.pallet_name, metadata.function_name)
}

/// What the motion's execution gave, if `included` executed one.
fn execution(included: &Included) -> Option<Val> {
	included.events.iter().find_map(|event| match event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => Some(match result {
			Ok(()) => output::text("ok"),
			Err(error) => output::text(format!("failed: {}", DispatchFailure::new(error))),
		}),
		_ => None,
	})
}

type Val = output::Val;

/// `ect council show`.
async fn show(globals: &Globals) -> Result<()> {
	let rpc = globals.rpc().await?;
	let members = members(&rpc).await?;
	let prime: Option<AccountId> =
		rpc.value("Council.Prime", &pallet_collective::Prime::<Runtime, CouncilCollective>::hashed_key()).await?;
	let open: Vec<H256> = rpc
		.value("Council.Proposals", &pallet_collective::Proposals::<Runtime, CouncilCollective>::hashed_key())
		.await?
		.unwrap_or_default();
	let mut motions = Vec::new();
	for hash in &open {
		let votes = votes(&rpc, hash).await?;
		let call = proposal(&rpc, hash).await?;
		motions.push(
			Record::new()
				.put("hash", output::hash(hash))
				.put("index", output::number(votes.index))
				.put("call", output::text(describe(&call)))
				.put("threshold", output::number(votes.threshold))
				.values("ayes", votes.ayes.iter().map(output::account).collect())
				.values("nays", votes.nays.iter().map(output::account).collect())
				.put("end", output::number(votes.end)),
		);
	}
	let record = Record::new()
		.values("members", members.iter().map(output::account).collect())
		.put("prime", output::optional(prime.as_ref(), output::account))
		.records("motions", motions);
	globals.printer().print(&record);
	Ok(())
}

/// Two thirds of `members`, rounded up (at least 1).
fn two_thirds(members: usize) -> u32 {
	u32::try_from(members.saturating_mul(2).div_ceil(3).max(1)).unwrap_or(u32::MAX)
}

/// `ect council propose`.
async fn propose(globals: &Globals, threshold: Option<u32>, motion: Motion) -> Result<()> {
	let sender = globals.connect().await?;
	let members = check_member(sender.rpc(), &sender.account(), "propose").await?;
	let threshold = threshold.unwrap_or_else(|| two_thirds(members.len()));
	let call = motion.call()?;
	let what = describe(&call);
	let length_bound = u32::try_from(call.encoded_size()).unwrap_or(u32::MAX);
	let included =
		sender.send(Council::propose { threshold, proposal: Box::new(call), length_bound }, TxStage::InBlock).await?;
	let mut record = Record::new().put("call", output::text(what)).put("threshold", output::number(threshold));
	if let Some(result) = execution(&included) {
		record = record.put("executed", result);
	} else {
		let (index, hash) = crate::chain::event(&included, "Council.Proposed", |event| match event {
			RuntimeEvent::Council(pallet_collective::Event::Proposed { proposal_index, proposal_hash, .. }) =>
				Some((*proposal_index, *proposal_hash)),
			_ => None,
		})?;
		sender.send(Council::vote { proposal: hash, index, approve: true }, TxStage::InBlock).await?;
		record = record.put("motion", output::hash(&hash)).put("index", output::number(index));
	}
	globals.printer().print(&record.put("block", output::hash(&included.block)));
	Ok(())
}

/// Refuses `who` unless it is a council member; `what` names the act.
async fn check_member(rpc: &Rpc, who: &AccountId, what: &str) -> Result<Vec<AccountId>> {
	let members = members(rpc).await?;
	if !members.contains(who) {
		return Err(CliError::failure(format!("{} is not a council member: only members {what}", who.to_ss58check())));
	}
	Ok(members)
}

/// Whether a motion can be closed now: it has its ayes, it cannot get them
/// any more (with every member who has not voted yet voting aye), or its
/// voting time is over.
fn closable(votes: &Votes, members: usize, now: BlockNumber) -> bool {
	let ayes = votes.ayes.len();
	let not_voted = members.saturating_sub(ayes).saturating_sub(votes.nays.len());
	let threshold = usize::try_from(votes.threshold).unwrap_or(usize::MAX);
	ayes >= threshold || ayes.saturating_add(not_voted) < threshold || now >= votes.end
}

/// `ect council vote`.
async fn vote(globals: &Globals, motion: H256, approve: bool) -> Result<()> {
	let sender = globals.connect().await?;
	check_member(sender.rpc(), &sender.account(), "vote").await?;
	let votes = votes(sender.rpc(), &motion).await?;
	let included =
		sender.send(Council::vote { proposal: motion, index: votes.index, approve }, TxStage::InBlock).await?;
	let votes = self::votes(sender.rpc(), &motion).await?;
	let record = Record::new()
		.put("motion", output::hash(&motion))
		.put("vote", output::text(if approve { "aye" } else { "nay" }))
		.put("ayes", output::number(u32::try_from(votes.ayes.len()).unwrap_or(u32::MAX)))
		.put("threshold", output::number(votes.threshold))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// `ect council close`.
async fn close(globals: &Globals, motion: H256) -> Result<()> {
	let sender = globals.connect().await?;
	let votes = votes(sender.rpc(), &motion).await?;
	let call = proposal(sender.rpc(), &motion).await?;
	let members = members(sender.rpc()).await?.len();
	let now = sender.rpc().header(None).await?.number;
	if !closable(&votes, members, now) {
		return Err(CliError::failure(format!(
			"too early: {} of {} ayes (of {members} members) and the motion is open until block {} (now {now})",
			votes.ayes.len(),
			votes.threshold,
			votes.end
		)));
	}
	let close = Council::close {
		proposal_hash: motion,
		index: votes.index,
		proposal_weight_bound: call.get_dispatch_info().call_weight,
		length_bound: u32::try_from(call.encoded_size()).unwrap_or(u32::MAX),
	};
	let included = sender.send(close, TxStage::InBlock).await?;
	let outcome = execution(&included).unwrap_or_else(|| output::text("not passed: dropped"));
	let record = Record::new()
		.put("motion", output::hash(&motion))
		.put("call", output::text(describe(&call)))
		.put("executed", outcome)
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn two_thirds_rounds_up() {
		assert_eq!([1, 2, 3, 4, 5, 6].map(two_thirds), [1, 2, 2, 3, 4, 4]);
		assert_eq!(two_thirds(0), 1);
	}

	#[test]
	fn a_motion_closes_with_its_ayes_when_it_cannot_get_them_or_at_its_end() {
		let votes = |ayes: u8, nays: u8| Votes {
			index: 0,
			threshold: 2,
			ayes: (0..ayes).map(|i| AccountId::new([i; 32])).collect(),
			nays: (0..nays).map(|i| AccountId::new([100 + i; 32])).collect(),
			end: 100,
		};
		assert!(closable(&votes(2, 0), 3, 1), "passed");
		assert!(!closable(&votes(1, 0), 3, 1), "open, may still pass");
		assert!(closable(&votes(0, 2), 3, 1), "cannot pass any more");
		assert!(closable(&votes(1, 0), 3, 100), "its time is over");
	}

	#[test]
	fn call_names_are_pallet_dot_call() {
		let (pallet, call) = call_name("Marketplace.publish_offer").unwrap();
		assert_eq!((pallet.to_vec(), call.to_vec()), (b"Marketplace".to_vec(), b"publish_offer".to_vec()));
		assert!(call_name("Registry").is_err());
		assert!(call_name(".publish_offer").is_err());
		assert!(parse_mode("paused").is_err());
	}
}
