//! `ect group`: restriction groups, the sets of accounts an order may be
//! restricted to (`{"group": ID}` in an order file). Creating one holds the
//! registry's group deposit from `--key`'s account; its owner adds and
//! removes members, and destroying it releases the deposit.

use clap::Subcommand;
use ect_client::{
	runtime::{AccountId, Runtime, RuntimeEvent},
	Rpc, TxStage,
};
use pallet_ect_registry::{Event as RegistryEvent, GroupId, GroupMembers, GroupOf, Groups};
use polkadot_sdk::sp_core::crypto::Ss58Codec;

use crate::{
	args::parse_account,
	chain,
	error::{CliError, Result},
	globals::Globals,
	output::{self, Record},
};

/// Registry calls.
type RegistryCall = pallet_ect_registry::Call<Runtime>;

/// Restriction group commands.
#[derive(Subcommand)]
pub enum GroupCommand {
	/// Creates an empty group owned by `--key`'s account (holds the group
	/// deposit) and prints its id.
	Create,
	/// Adds an account to a group `--key`'s account owns.
	Add {
		/// The group id.
		group: GroupId,
		/// The member: SS58 address, `0x` public key or dev name (`//Bob`).
		#[arg(value_parser = parse_account)]
		member: AccountId,
	},
	/// Removes an account from a group `--key`'s account owns.
	Remove {
		/// The group id.
		group: GroupId,
		/// The member: SS58 address, `0x` public key or dev name (`//Bob`).
		#[arg(value_parser = parse_account)]
		member: AccountId,
	},
	/// Destroys a group `--key`'s account owns, with all its members, and
	/// releases its deposit.
	Destroy {
		/// The group id.
		group: GroupId,
	},
}

/// Runs a group command.
pub async fn run(globals: &Globals, command: GroupCommand) -> Result<()> {
	match command {
		GroupCommand::Create => create(globals).await,
		GroupCommand::Add { group, member } => change(globals, group, member, Change::Add).await,
		GroupCommand::Remove { group, member } => change(globals, group, member, Change::Remove).await,
		GroupCommand::Destroy { group } => destroy(globals, group).await,
	}
}

/// The group `id`, which `owner` must own; otherwise an error before
/// anything is sent.
async fn owned(rpc: &Rpc, id: GroupId, owner: &AccountId) -> Result<GroupOf<Runtime>> {
	let group: GroupOf<Runtime> = rpc
		.value("Registry.Groups", &Groups::<Runtime>::hashed_key_for(id))
		.await?
		.ok_or_else(|| CliError::failure(format!("unknown group {id}")))?;
	if group.owner != *owner {
		return Err(CliError::failure(format!(
			"group {id} is owned by {}, not by {}",
			group.owner.to_ss58check(),
			owner.to_ss58check()
		)));
	}
	Ok(group)
}

/// Whether `who` is a member of group `id`.
async fn is_member(rpc: &Rpc, id: GroupId, who: &AccountId) -> Result<bool> {
	Ok(rpc.storage(&GroupMembers::<Runtime>::hashed_key_for(id, who), None).await?.is_some())
}

/// `ect group create`.
async fn create(globals: &Globals) -> Result<()> {
	let sender = globals.connect().await?;
	let included = sender.send(RegistryCall::create_group {}, TxStage::InBlock).await?;
	let (group, owner) = chain::event(&included, "Registry.GroupCreated", |event| match event {
		RuntimeEvent::Registry(RegistryEvent::GroupCreated { group, owner }) => Some((*group, owner.clone())),
		_ => None,
	})?;
	let record = Record::new()
		.put("group", output::number(group))
		.put("owner", output::account(&owner))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// A change of a group's members.
#[derive(Clone, Copy)]
enum Change {
	/// Adds a member.
	Add,
	/// Removes a member.
	Remove,
}

/// `ect group add` and `ect group remove`: refused before sending if the
/// group is unknown or someone else's, or if the account already is (or is
/// not) a member.
async fn change(globals: &Globals, group: GroupId, member: AccountId, change: Change) -> Result<()> {
	let sender = globals.connect().await?;
	owned(sender.rpc(), group, &sender.account()).await?;
	let present = is_member(sender.rpc(), group, &member).await?;
	let who = member.to_ss58check();
	let (call, expected) = match change {
		Change::Add if present => return Err(CliError::failure(format!("{who} is already a member of group {group}"))),
		Change::Remove if !present => return Err(CliError::failure(format!("{who} is not a member of group {group}"))),
		Change::Add => (RegistryCall::add_member { group, who: member }, "Registry.MemberAdded"),
		Change::Remove => (RegistryCall::remove_member { group, who: member }, "Registry.MemberRemoved"),
	};
	let included = sender.send(call, TxStage::InBlock).await?;
	let (group, member) = chain::event(&included, expected, |event| match (change, event) {
		(Change::Add, RuntimeEvent::Registry(RegistryEvent::MemberAdded { group, who }))
		| (Change::Remove, RuntimeEvent::Registry(RegistryEvent::MemberRemoved { group, who })) => {
			Some((*group, who.clone()))
		},
		_ => None,
	})?;
	let members = owned(sender.rpc(), group, &sender.account()).await?.members;
	let record = Record::new()
		.put("group", output::number(group))
		.put(
			match change {
				Change::Add => "added",
				Change::Remove => "removed",
			},
			output::account(&member),
		)
		.put("members", output::number(members))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// `ect group destroy`: the member count read first is the call's witness.
async fn destroy(globals: &Globals, group: GroupId) -> Result<()> {
	let sender = globals.connect().await?;
	let stored = owned(sender.rpc(), group, &sender.account()).await?;
	let call = RegistryCall::destroy_group { group, witness_members: stored.members };
	let included = sender.send(call, TxStage::InBlock).await?;
	let group = chain::event(&included, "Registry.GroupDestroyed", |event| match event {
		RuntimeEvent::Registry(RegistryEvent::GroupDestroyed { group, .. }) => Some(*group),
		_ => None,
	})?;
	let record = Record::new()
		.put("group", output::number(group))
		.put("members_removed", output::number(stored.members))
		.put("deposit_released", output::amount(stored.deposit.amount))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}
