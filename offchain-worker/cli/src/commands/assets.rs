//! `ect app`, `ect dataset`, `ect pool`: registering assets (each holds the
//! registry's asset deposit from `--key`'s account) and showing them. What
//! an owner does with any kind of asset (transfer, remove) is in
//! [`super::asset_owner`]; updating a workerpool in [`super::pool_update`].

use std::path::PathBuf;

use clap::{Args, Subcommand};
use ect_client::{
	runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent},
	TxStage,
};
use pallet_ect_registry::{
	AppId, AppKind, AssetRef, DatasetId, Deposit, Event as RegistryEvent, PoolPolicy, Resources, WorkerpoolId,
};
use polkadot_sdk::sp_core::H256;

use super::{
	asset_owner::{self, RemoveArgs, TransferArgs},
	pool_update::{self, PoolChanges},
};
use crate::{
	args::{self, parse_account, parse_hash},
	chain,
	error::{CliError, Result},
	globals::Globals,
	output::{self, Record},
};

/// Registry calls.
type RegistryCall = pallet_ect_registry::Call<Runtime>;

/// App commands.
#[derive(Subcommand)]
pub enum AppCommand {
	/// Registers a WASI preview 1 app owned by `--key`'s account.
	Register(AssetSource),
	/// Shows a registered app and its task record.
	Show {
		/// The app id.
		id: AppId,
	},
	/// Gives an app `--key`'s account owns to another account (the deposit
	/// stays held from the account that paid it).
	Transfer(TransferArgs),
	/// Removes an app `--key`'s account owns and releases its deposit to
	/// the account that paid it.
	Remove(RemoveArgs),
}

/// Dataset commands.
#[derive(Subcommand)]
pub enum DatasetCommand {
	/// Registers a dataset owned by `--key`'s account.
	Register(AssetSource),
	/// Shows a registered dataset.
	Show {
		/// The dataset id.
		id: DatasetId,
	},
	/// Gives a dataset `--key`'s account owns to another account (the
	/// deposit stays held from the account that paid it).
	Transfer(TransferArgs),
	/// Removes a dataset `--key`'s account owns and releases its deposit to
	/// the account that paid it.
	Remove(RemoveArgs),
}

/// Workerpool commands.
#[derive(Subcommand)]
pub enum PoolCommand {
	/// Registers a workerpool whose owner, and scheduler, is `--key`'s account.
	Register(PoolRegistration),
	/// Names the operator key that runs the pool's scheduler, so that the
	/// owner's key (`--key`), which holds the pool's deposit and stakes, can
	/// stay off the scheduler's host. The operator signs worker
	/// authorisations and workerpool orders, publishes them, reopens and
	/// finalizes tasks; stakes and rewards stay the owner's. Naming another
	/// key (or `--clear`) voids what the previous one signed or published.
	SetOperator {
		/// The workerpool id.
		id: WorkerpoolId,
		/// The operator: SS58 address, `0x` public key or dev name.
		#[arg(value_parser = parse_account, required_unless_present = "clear", conflicts_with = "clear")]
		operator: Option<AccountId>,
		/// Remove the operator: only the owner acts as the scheduler.
		#[arg(long)]
		clear: bool,
	},
	/// Sets the pool's spot-check rate: this many tasks in a million that
	/// one worker would close alone are checked by another worker (a
	/// cheater caught loses its stake and score). Owner or operator.
	SpotChecks {
		/// The workerpool id.
		id: WorkerpoolId,
		/// Checks per million lone consensuses (0 to 1 000 000).
		#[arg(value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
		per_million: u32,
	},
	/// Changes the policy (stake and reward ratios) and the capabilities of
	/// a workerpool `--key`'s account owns; the fields not given keep their
	/// current values. Deals already matched keep the policy they were
	/// matched with.
	Update {
		/// The workerpool id.
		id: WorkerpoolId,
		/// The fields to change.
		#[command(flatten)]
		changes: PoolChanges,
	},
	/// Shows a registered workerpool and its task record.
	Show {
		/// The workerpool id.
		id: WorkerpoolId,
	},
	/// Gives a workerpool `--key`'s account owns to another account (its
	/// operator is removed; the deposit stays held from the account that
	/// paid it).
	Transfer(TransferArgs),
	/// Removes a workerpool `--key`'s account owns and releases its deposit
	/// to the account that paid it.
	Remove(RemoveArgs),
}

/// What an app or a dataset is: a name, where its bytes are, and their
/// checksum (of `--file`, or given with `--checksum`).
#[derive(Args)]
pub struct AssetSource {
	/// A human-readable name.
	#[arg(long)]
	name: String,

	/// Where workers fetch the bytes (http(s) URL or multiaddr).
	#[arg(long)]
	url: String,

	/// A local copy of the bytes, to compute the checksum (blake2-256) from.
	#[arg(long, required_unless_present = "checksum", conflicts_with = "checksum")]
	file: Option<PathBuf>,

	/// The checksum itself: `0x` and 64 hex digits.
	#[arg(long, value_parser = parse_hash)]
	checksum: Option<H256>,
}

impl AssetSource {
	/// The checksum: given, or blake2-256 of the file (which must exist).
	fn checksum(&self) -> Result<H256> {
		match (&self.checksum, &self.file) {
			(Some(checksum), _) => Ok(*checksum),
			(None, Some(file)) => Ok(H256(ect_runner::blake2_256(&args::read_file(file)?))),
			(None, None) => Err(CliError::failure("give --file or --checksum")),
		}
	}
}

/// A workerpool's description and policy.
#[derive(Args)]
pub struct PoolRegistration {
	/// A human-readable description.
	#[arg(long)]
	description: String,

	/// The percent of the pool price each worker stakes per contribution.
	#[arg(long, default_value_t = PoolPolicy::default().worker_stake_ratio,
		value_parser = clap::value_parser!(u8).range(0..=100))]
	worker_stake_ratio: u8,

	/// The percent of the worker pot the scheduler keeps.
	#[arg(long, default_value_t = PoolPolicy::default().scheduler_reward_ratio,
		value_parser = clap::value_parser!(u8).range(0..=100))]
	scheduler_reward_ratio: u8,
}

/// Runs an app command.
pub async fn run_app(globals: &Globals, command: AppCommand) -> Result<()> {
	match command {
		AppCommand::Register(source) => {
			let checksum = source.checksum()?;
			let call = RegistryCall::register_app {
				name: args::bounded("name", &source.name)?,
				kind: AppKind::WasiPreview1,
				multiaddr: args::bounded("url", &source.url)?,
				checksum,
				mrenclave: None,
				requirements: Resources::default(),
			};
			let registered = |event: &RuntimeEvent| match event {
				RuntimeEvent::Registry(RegistryEvent::AppRegistered { app, .. }) => Some(*app),
				_ => None,
			};
			register(globals, "app", call, Some(checksum), registered).await
		},
		AppCommand::Show { id } => show_app(globals, id).await,
		AppCommand::Transfer(given) => asset_owner::transfer(globals, AssetRef::App(given.id), given.to).await,
		AppCommand::Remove(removal) => asset_owner::remove(globals, AssetRef::App(removal.id)).await,
	}
}

/// Runs a dataset command.
pub async fn run_dataset(globals: &Globals, command: DatasetCommand) -> Result<()> {
	match command {
		DatasetCommand::Register(source) => {
			let checksum = source.checksum()?;
			let call = RegistryCall::register_dataset {
				name: args::bounded("name", &source.name)?,
				multiaddr: args::bounded("url", &source.url)?,
				checksum,
			};
			let registered = |event: &RuntimeEvent| match event {
				RuntimeEvent::Registry(RegistryEvent::DatasetRegistered { dataset, .. }) => Some(*dataset),
				_ => None,
			};
			register(globals, "dataset", call, Some(checksum), registered).await
		},
		DatasetCommand::Show { id } => show_dataset(globals, id).await,
		DatasetCommand::Transfer(given) => asset_owner::transfer(globals, AssetRef::Dataset(given.id), given.to).await,
		DatasetCommand::Remove(removal) => asset_owner::remove(globals, AssetRef::Dataset(removal.id)).await,
	}
}

/// Runs a workerpool command.
pub async fn run_pool(globals: &Globals, command: PoolCommand) -> Result<()> {
	match command {
		PoolCommand::Register(pool) => {
			let call = RegistryCall::register_workerpool {
				description: args::bounded("description", &pool.description)?,
				policy: PoolPolicy {
					worker_stake_ratio: pool.worker_stake_ratio,
					scheduler_reward_ratio: pool.scheduler_reward_ratio,
				},
				capabilities: Resources::default(),
			};
			let registered = |event: &RuntimeEvent| match event {
				RuntimeEvent::Registry(RegistryEvent::WorkerpoolRegistered { workerpool, .. }) => Some(*workerpool),
				_ => None,
			};
			register(globals, "workerpool", call, None, registered).await
		},
		PoolCommand::SetOperator { id, operator, clear: _ } => set_operator(globals, id, operator).await,
		PoolCommand::SpotChecks { id, per_million } => spot_checks(globals, id, per_million).await,
		PoolCommand::Update { id, changes } => pool_update::run(globals, id, changes).await,
		PoolCommand::Show { id } => show_pool(globals, id).await,
		PoolCommand::Transfer(given) => asset_owner::transfer(globals, AssetRef::Workerpool(given.id), given.to).await,
		PoolCommand::Remove(removal) => asset_owner::remove(globals, AssetRef::Workerpool(removal.id)).await,
	}
}

/// Sends a registration `call` (already checked locally) and prints the id
/// of the new `kind` of asset, which `registered` finds in the events.
async fn register(
	globals: &Globals,
	kind: &'static str,
	call: impl Into<RuntimeCall>,
	checksum: Option<H256>,
	registered: impl FnMut(&RuntimeEvent) -> Option<u32>,
) -> Result<()> {
	let sender = globals.connect().await?;
	let included = sender.send(call, TxStage::InBlock).await?;
	let id = chain::event(&included, "registration", registered)?;
	let record = Record::new()
		.put(kind, output::number(id))
		.put("owner", output::account(&sender.account()))
		.put_some("checksum", checksum.as_ref().map(output::hash))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// `ect app show`.
async fn show_app(globals: &Globals, id: AppId) -> Result<()> {
	let rpc = globals.rpc().await?;
	let app = chain::app(&rpc, id).await?;
	let tasks: pallet_ect_reputation::Record = rpc.call("ReputationApi_app_record", id).await?;
	let record = Record::new()
		.put("app", output::number(id))
		.put("name", output::bytes(&app.name))
		.put("owner", output::account(&app.owner))
		.put("kind", output::name(&app.kind))
		.put("url", output::bytes(&app.multiaddr))
		.put("checksum", output::hash(&app.checksum))
		.put("mrenclave", output::optional(app.mrenclave.as_ref(), output::hash))
		.record("requirements", output::resources(&app.requirements))
		.record("deposit", deposit(&app.deposit))
		.record("tasks", task_record(&tasks));
	globals.printer().print(&record);
	Ok(())
}

/// `ect dataset show`.
async fn show_dataset(globals: &Globals, id: DatasetId) -> Result<()> {
	let rpc = globals.rpc().await?;
	let dataset = chain::dataset(&rpc, id).await?;
	let record = Record::new()
		.put("dataset", output::number(id))
		.put("name", output::bytes(&dataset.name))
		.put("owner", output::account(&dataset.owner))
		.put("url", output::bytes(&dataset.multiaddr))
		.put("checksum", output::hash(&dataset.checksum))
		.record("deposit", deposit(&dataset.deposit));
	globals.printer().print(&record);
	Ok(())
}

/// `ect pool set-operator`.
async fn set_operator(globals: &Globals, id: WorkerpoolId, operator: Option<AccountId>) -> Result<()> {
	let sender = globals.connect().await?;
	let included = sender.send(RegistryCall::set_operator { workerpool: id, operator }, TxStage::InBlock).await?;
	let operator = chain::event(&included, "Registry.OperatorSet", |event| match event {
		RuntimeEvent::Registry(RegistryEvent::OperatorSet { operator, .. }) => Some(operator.clone()),
		_ => None,
	})?;
	let record = Record::new()
		.put("workerpool", output::number(id))
		.put("owner", output::account(&sender.account()))
		.put("operator", output::optional(operator.as_ref(), output::account))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// `ect pool spot-checks`.
async fn spot_checks(globals: &Globals, id: WorkerpoolId, per_million: u32) -> Result<()> {
	let sender = globals.connect().await?;
	let call = pallet_ect_poco::Call::<Runtime>::set_spot_check_rate { pool: id, per_million };
	let included = sender.send(call, TxStage::InBlock).await?;
	let record = Record::new()
		.put("workerpool", output::number(id))
		.put("spot_checks_per_million", output::number(per_million))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// `ect pool show`.
async fn show_pool(globals: &Globals, id: WorkerpoolId) -> Result<()> {
	let rpc = globals.rpc().await?;
	let pool = chain::workerpool(&rpc, id).await?;
	let operator = ect_client::reads::workerpool_operator(&rpc, id).await?;
	let tasks: pallet_ect_reputation::Record = rpc.call("ReputationApi_workerpool_record", id).await?;
	let record = Record::new()
		.put("workerpool", output::number(id))
		.put("description", output::bytes(&pool.description))
		.put("owner", output::account(&pool.owner))
		.put("operator", output::optional(operator.as_ref(), output::account))
		.put("spot_checks_per_million", output::number(ect_client::reads::spot_check_rate(&rpc, id).await?))
		.put("worker_stake_ratio", output::text(format!("{}%", pool.policy.worker_stake_ratio)))
		.put("scheduler_reward_ratio", output::text(format!("{}%", pool.policy.scheduler_reward_ratio)))
		.record("capabilities", output::resources(&pool.capabilities))
		.record("deposit", deposit(&pool.deposit))
		.record("tasks", task_record(&tasks));
	globals.printer().print(&record);
	Ok(())
}

/// A storage deposit: who paid it, how much.
fn deposit(deposit: &Deposit<AccountId, Balance>) -> Record {
	Record::new()
		.put("depositor", output::account(&deposit.depositor))
		.put("amount", output::amount(deposit.amount))
}

/// A workerpool's or an app's task record.
fn task_record(record: &pallet_ect_reputation::Record) -> Record {
	Record::new()
		.put("completed", output::number(record.completed))
		.put("failed", output::number(record.failed))
}
