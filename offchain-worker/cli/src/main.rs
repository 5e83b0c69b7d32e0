//! # ect
//!
//! The command-line client of an ECT chain, in the spirit of the `iexec`
//! CLI: keys and balances, registering apps, datasets and workerpools,
//! publishing offers, requesting tasks, and following deals and tasks to
//! their checked results.
//!
//! Every command takes `--url` (`ECT_URL`; before the subcommand), `--key`
//! (`ECT_KEY`) and `--json`. Input is checked before anything is sent.
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

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use commands::{
	account::AccountCommand,
	agents::{DevPoolArgs, SchedulerArgs, StoreArgs, WorkerArgs},
	assets::{AppCommand, DatasetCommand, PoolCommand},
	bench::BenchArgs,
	relayer::RelayerArgs,
	deal::DealCommand,
	key::KeyCommand,
	order::OrderCommand,
	request::RequestArgs,
	task::TaskCommand,
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
	/// Keys: the account behind `--key`; result keys for sealed results.
	#[command(subcommand)]
	Key(KeyCommand),
	/// Balances.
	#[command(subcommand)]
	Account(AccountCommand),
	/// Apps: register, show.
	#[command(subcommand)]
	App(AppCommand),
	/// Datasets: register, show.
	#[command(subcommand)]
	Dataset(DatasetCommand),
	/// Workerpools: register, show.
	#[command(subcommand)]
	Pool(PoolCommand),
	/// The order book: publish offers (which fill resting requests) and
	/// cancel them, list open orders.
	#[command(subcommand)]
	Order(OrderCommand),
	/// Requests tasks: publishes a request order, matched at once with the
	/// cheapest offers, and prints the deals and task ids; volume left rests
	/// in the book until later offers fill it or it expires.
	Request(RequestArgs),
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
	/// The throughput benchmark: a requester, a scheduler and simulated
	/// workers load a dev chain; prints tasks/s, extrinsics/s and latency.
	Bench(BenchArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	let json = cli.globals.json;
	match run(cli).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			output::error(json, &error);
			ExitCode::from(error.code())
		},
	}
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
		Command::Order(command) => commands::order::run(globals, command).await,
		Command::Request(args) => commands::request::run(globals, args).await,
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
