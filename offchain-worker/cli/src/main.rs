//! # ect
//!
//! The command-line client of an ECT chain, in the spirit of the `iexec`
//! CLI: keys, balances and transfers, registering apps, datasets and
//! workerpools (and updating, giving away and removing them), restriction
//! groups, publishing offers, requesting tasks, and following deals and
//! tasks to their checked results; and the chain's own life: validators'
//! session keys, council motions, runtime upgrades.
//!
//! Every command takes `--url` (`ECT_URL`; before the subcommand), `--key`
//! (`ECT_KEY`) and `--json`. Input is checked before anything is sent. With
//! `--json`, an error is also one JSON object on stdout (`{"error",
//! "exit_code"}`), bad usage included.
//!
//! Exit codes: 0 success; 1 failure (bad input, on-chain error by name,
//! connection); 2 bad usage or an invalid `--key`; 3 the watched task
//! failed; 4 the watch timed out.

mod args;
mod chain;
mod commands;
mod error;
mod globals;
mod logger;
mod order_file;
mod output;
mod result_key;
mod signed_order;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use commands::{
	account::AccountCommand,
	agents::{DevPoolArgs, SchedulerArgs, StoreArgs, WorkerArgs},
	assets::{AppCommand, DatasetCommand, PoolCommand},
	bench::BenchArgs,
	bridge::BridgeCommand,
	council::CouncilCommand,
	relayer::RelayerArgs,
	deal::DealCommand,
	group::GroupCommand,
	key::KeyCommand,
	match_orders::MatchArgs,
	order::OrderCommand,
	request::RequestArgs,
	task::TaskCommand,
	upgrade::UpgradeCommand,
	validator::ValidatorCommand,
};
use error::CliError;
use globals::Globals;

/// The ECT command-line client.
#[derive(Parser)]
#[command(name = "ect", version, about, propagate_version = true)]
struct Cli {
	#[command(flatten)]
	globals: Globals,

	#[command(subcommand)]
	command: Command,
}

/// The subcommands.
#[derive(Subcommand)]
enum Command {
	/// Keys: new signing keys, the account behind `--key`; result keys for
	/// sealed results.
	#[command(subcommand)]
	Key(KeyCommand),
	/// Balances and transfers.
	#[command(subcommand)]
	Account(AccountCommand),
	/// Apps: register, show, transfer, remove.
	#[command(subcommand)]
	App(AppCommand),
	/// Datasets: register, show, transfer, remove.
	#[command(subcommand)]
	Dataset(DatasetCommand),
	/// Workerpools: register, update, set the operator and spot checks,
	/// show, transfer, remove.
	#[command(subcommand)]
	Pool(PoolCommand),
	/// Restriction groups (the accounts an order may be restricted to):
	/// create, add and remove members, destroy.
	#[command(subcommand)]
	Group(GroupCommand),
	/// Orders: publish offers in the order book (which fill resting
	/// requests), unpublish them, cancel orders, presign them on chain or sign them off
	/// chain, list open orders.
	#[command(subcommand)]
	Order(OrderCommand),
	/// Matches an app order, an optional dataset order, a workerpool order
	/// and a request (files of `ect order sign`, or presigned or published
	/// orders) into a deal, and prints the deal and its task ids. Anyone may
	/// send it; each order is authorised by its owner.
	Match(MatchArgs),
	/// Requests tasks: publishes a request order, matched at once with the
	/// best offers (the cheapest unless `--price-weight` says otherwise), and
	/// prints the deals and task ids; volume left rests in the book until
	/// later offers fill it or it expires.
	Request(RequestArgs),
	/// The Ethereum bridge: deposit ether for funds here, withdraw funds
	/// here for ether.
	#[command(subcommand)]
	Bridge(BridgeCommand),
	/// Deals: show.
	#[command(subcommand)]
	Deal(DealCommand),
	/// Tasks: show, watch, claim, result.
	#[command(subcommand)]
	Task(TaskCommand),
	/// Runs a worker: computes the tasks its pool's scheduler authorises.
	Worker(WorkerArgs),
	/// Runs the scheduler of a workerpool the key owns.
	Scheduler(SchedulerArgs),
	/// Runs a dev pool (scheduler //Ferdie and N workers) in this process.
	Devpool(DevPoolArgs),
	/// Runs a result store on its own: takes the bundles of workers with a
	/// contribution to the task on chain, serves them to anyone.
	Store(StoreArgs),
	/// Runs a bridge relayer between Ethereum and this chain (the key must
	/// be one of the bridge pallet's relayers).
	Relayer(RelayerArgs),
	/// Validators: register session keys, list the set.
	#[command(subcommand)]
	Validator(ValidatorCommand),
	/// The council: show members and motions, propose, vote, close.
	#[command(subcommand)]
	Council(CouncilCommand),
	/// Runtime upgrades: show the running runtime, apply an authorized one.
	#[command(subcommand)]
	Upgrade(UpgradeCommand),
	/// The throughput benchmark: a requester, a scheduler and many of `ect
	/// worker`'s workers (computing a fixed digest) in one process load a
	/// dev chain; prints tasks/s, extrinsics/s and latency.
	Bench(BenchArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = match Cli::try_parse() {
		Ok(cli) => cli,
		Err(error) => return usage(&error),
	};
	let json = cli.globals.json;
	match run(cli).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			output::error(json, &error);
			ExitCode::from(error.code())
		},
	}
}

/// A command line clap refused, or `--help` and `--version`: clap prints
/// it; a refusal is also JSON on stdout with `--json` (looked for in the raw
/// arguments, since they did not parse).
fn usage(error: &clap::Error) -> ExitCode {
	let code = u8::try_from(error.exit_code()).unwrap_or(error::FAILURE);
	if error.use_stderr() && std::env::args_os().any(|arg| arg == "--json") {
		let text = error.to_string();
		let first = text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default();
		output::error_json(first.strip_prefix("error: ").unwrap_or(first), code);
	}
	let _ = error.print();
	ExitCode::from(code)
}

/// Runs the command `cli` names.
async fn run(cli: Cli) -> Result<(), CliError> {
	let globals = &cli.globals;
	match cli.command {
		Command::Key(command) => commands::key::run(globals, command).await,
		Command::Account(command) => commands::account::run(globals, command).await,
		Command::App(command) => commands::assets::run_app(globals, command).await,
		Command::Dataset(command) => commands::assets::run_dataset(globals, command).await,
		Command::Pool(command) => commands::assets::run_pool(globals, command).await,
		Command::Group(command) => commands::group::run(globals, command).await,
		Command::Order(command) => commands::order::run(globals, command).await,
		Command::Match(files) => commands::match_orders::run(globals, files).await,
		Command::Request(args) => commands::request::run(globals, args).await,
		Command::Bridge(command) => commands::bridge::run(globals, command).await,
		Command::Validator(command) => commands::validator::run(globals, command).await,
		Command::Council(command) => commands::council::run(globals, command).await,
		Command::Upgrade(command) => commands::upgrade::run(globals, command).await,
		Command::Deal(command) => commands::deal::run(globals, command).await,
		Command::Task(command) => commands::task::run(globals, command).await,
		Command::Worker(args) => {
			logger::init();
			agent(commands::agents::worker(&globals.url, globals.signer()?, args).await)
		},
		Command::Scheduler(args) => {
			logger::init();
			agent(commands::agents::scheduler(&globals.url, globals.signer()?, args).await)
		},
		Command::Devpool(args) => {
			logger::init();
			agent(commands::agents::devpool(&globals.url, args).await)
		},
		Command::Store(args) => {
			logger::init();
			agent(commands::agents::store(&globals.url, args).await)
		},
		Command::Relayer(args) => {
			logger::init();
			agent(commands::relayer::run(&globals.url, globals.signer()?, args).await)
		},
		Command::Bench(args) => {
			logger::init();
			commands::bench::run(&globals.url, globals.json, args).await
		},
	}
}

/// An agent that stopped: a failure with its cause.
fn agent(result: anyhow::Result<()>) -> Result<(), CliError> {
	result.map_err(|e| CliError::failure(format!("{e:#}")))
}

#[cfg(test)]
mod tests {
	use clap::CommandFactory;

	use super::*;

	#[test]
	fn the_command_line_is_consistent() {
		Cli::command().debug_assert();
	}

	#[test]
	fn match_takes_four_files_the_dataset_optional() {
		let cli = Cli::try_parse_from(["ect", "match", "--app", "a", "--pool", "p", "--request", "r"]).expect("no dataset");
		assert!(matches!(cli.command, Command::Match(_)));
		assert!(Cli::try_parse_from(["ect", "match", "--app", "a", "--workerpool", "p", "--request", "r", "--dataset", "d"]).is_ok());
		assert!(Cli::try_parse_from(["ect", "match", "--app", "a", "--request", "r"]).is_err(), "--pool is required");
		assert!(Cli::try_parse_from(["ect", "order", "sign", "o.json", "--out", "s.json"]).is_ok());
		assert!(Cli::try_parse_from(["ect", "order", "presign", "o.json"]).is_ok());
		assert!(Cli::try_parse_from(["ect", "key", "generate"]).is_ok());
		assert!(Cli::try_parse_from(["ect", "key", "generate", "--out", "k"]).is_ok());
	}

	#[test]
	fn the_owners_commands_parse_and_refuse_bad_usage() {
		let hash = format!("0x{}", "11".repeat(32));
		for good in [
			&["ect", "account", "transfer", "//Bob", "1.5ect"][..],
			&["ect", "order", "unpublish", hash.as_str()],
			&["ect", "group", "create"],
			&["ect", "group", "add", "0", "//Bob"],
			&["ect", "group", "remove", "0", "//Bob"],
			&["ect", "group", "destroy", "0"],
			&["ect", "app", "transfer", "0", "//Bob"],
			&["ect", "dataset", "remove", "0"],
			&["ect", "pool", "transfer", "0", "//Bob"],
			&["ect", "pool", "update", "0", "--scheduler-reward-ratio", "5", "--cpu-arch", "x86_64"],
		] {
			assert!(Cli::try_parse_from(good.iter().copied()).is_ok(), "{good:?}");
		}
		for bad in [
			&["ect", "account", "transfer", "//Bob", "0"][..],
			&["ect", "account", "transfer", "nobody", "1ect"],
			&["ect", "account", "transfer", "//Bob", "1.5"],
			&["ect", "order", "unpublish", "0x12"],
			&["ect", "group", "add", "0", "nobody"],
			&["ect", "app", "transfer", "0"],
			&["ect", "pool", "update", "0"],
			&["ect", "pool", "update", "0", "--worker-stake-ratio", "101"],
		] {
			let error = Cli::try_parse_from(bad.iter().copied()).err().expect("refused");
			assert_eq!(error.exit_code(), 2, "{bad:?}");
		}
	}

	#[test]
	fn request_price_weights_and_requirements_are_bounded() {
		let request = |extra: &[&str]| {
			let mut args = vec!["ect", "request", "--app", "0", "--app-max-price", "1ect", "--pool-max-price", "1ect"];
			args.extend_from_slice(extra);
			Cli::try_parse_from(args)
		};
		for good in [&[][..], &["--price-weight", "0"], &["--price-weight", "100"], &["--cpu-arch", "x86_64", "--cpu-cores", "4"]] {
			assert!(request(good).is_ok(), "{good:?}");
		}
		for bad in [&["--price-weight", "101"][..], &["--price-weight", "-1"], &["--cpu-arch", "sparc"], &["--cpu-cores", "70000"]] {
			let error = request(bad).err().expect("refused");
			assert_eq!(error.exit_code(), 2, "{bad:?}");
		}
	}

	#[test]
	fn task_show_may_ask_the_pool_service_and_workers_may_report_less() {
		let task = format!("0x{}", "11".repeat(32));
		let cli = Cli::try_parse_from(["ect", "task", "show", &task, "--pool-service", "ws://127.0.0.1:9955"]).expect("task show");
		assert!(matches!(
			cli.command,
			Command::Task(TaskCommand::Show { pool_service: Some(url), .. }) if url == "ws://127.0.0.1:9955"
		));
		let worker = |extra: &[&str]| {
			let mut args = vec!["ect", "worker", "--pool", "0"];
			args.extend_from_slice(extra);
			Cli::try_parse_from(args)
		};
		let cli = worker(&["--cores", "2", "--memory-mib", "128", "--disk-mib", "1024"]).expect("declared capabilities");
		assert!(matches!(
			cli.command,
			Command::Worker(args) if (args.cores, args.memory_mib, args.disk_mib) == (Some(2), Some(128), Some(1024))
		));
		for bad in [&["--cores", "0"][..], &["--cores", "70000"], &["--memory-mib", "-1"]] {
			assert_eq!(worker(bad).err().expect("refused").exit_code(), 2, "{bad:?}");
		}
	}

	#[test]
	fn result_keys_are_made_and_used_apart_from_the_signing_key() {
		let cli = Cli::try_parse_from(["ect", "key", "result-key", "--out", "r.key"]).expect("key result-key");
		assert!(matches!(cli.command, Command::Key(KeyCommand::ResultKey { out }) if out.to_str() == Some("r.key")));
		assert!(Cli::try_parse_from(["ect", "key", "result-key"]).is_err(), "--out is required");
		let task = format!("0x{}", "11".repeat(32));
		let cli = Cli::try_parse_from(["ect", "task", "result", &task, "--result-key", "r.key", "--key", "//Bob"])
			.expect("task result --result-key");
		assert_eq!(cli.globals.key, "//Bob");
		assert!(matches!(
			cli.command,
			Command::Task(TaskCommand::Result { result_key: Some(path), .. }) if path.to_str() == Some("r.key")
		));
	}
}
