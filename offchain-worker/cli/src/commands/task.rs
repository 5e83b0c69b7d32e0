//! `ect task`: following a task to its certified result. Its state and
//! contributions (and, from its pool's service, whom the scheduler
//! authorised or why it cannot), a live watch, the claim after its final
//! deadline, and the result bundle checked against the digest the chain
//! certified.

use std::{future::Future, path::PathBuf, time::Duration};

use clap::Subcommand;
use ect_client::{
	runtime::{AccountId, Balance, Runtime, RuntimeEvent},
	TxStage,
};
use pallet_ect_escrow::{Event as EscrowEvent, HoldReason};
use pallet_ect_marketplace::{task_id, DealId, TaskId};
use pallet_ect_poco::{ContributionOf, TaskOf, TaskStatus, Usage};
use polkadot_sdk::sp_core::H256;
use ect_agents::{params::TaskParams, pool::TaskView as PoolTaskView};
use ect_runner::{
	results::{check_hash, verify, ResultsLink},
	sealed::{self, OpenError, RecipientKey},
};
use serde_json::json;
use tokio::time::Instant;

use crate::{
	args::parse_hash,
	chain,
	error::{CliError, Result, TASK_FAILED, TIMEOUT},
	globals::Globals,
	output::{self, hash_hex, hex_bytes, Printer, Record, Val},
	result_key,
};

/// Task commands.
#[derive(Subcommand)]
pub enum TaskCommand {
	/// Shows a task (`PocoApi_task`) and its contributions; with
	/// `--pool-service`, also the workers its pool's scheduler authorised,
	/// or why it cannot authorise any now.
	Show {
		/// The task id: `0x` and 64 hex digits.
		#[arg(value_parser = parse_hash)]
		task: H256,
		/// The pool service of the deal's workerpool (`ws://…`, the URL its
		/// workers join): asked (`pool_task`) whom the scheduler authorised
		/// for the task, or why no worker can take it (no joined worker
		/// meets the deal's requirements, or none joined). An unreachable
		/// service is an error.
		#[arg(long, value_name = "URL")]
		pool_service: Option<String>,
	},
	/// Follows a task block by block and prints each change of its status,
	/// contributions or consensus. Exits 0 when it completes (printing its
	/// results), 3 when it fails, 4 when `--timeout` passes first.
	Watch {
		/// The task id: `0x` and 64 hex digits.
		#[arg(value_parser = parse_hash)]
		task: H256,
		/// Give up after this many seconds.
		#[arg(long, value_name = "SECS")]
		timeout: Option<u64>,
	},
	/// Claims a task nobody finalized before its final deadline: the
	/// requester gets the task price back.
	Claim {
		/// The deal id: `0x` and 64 hex digits.
		#[arg(value_parser = parse_hash)]
		deal: H256,
		/// The task's index in the request, as `ect deal show` lists it.
		index: u32,
	},
	/// Fetches a completed task's result bundle, checks it against the
	/// certified digest, and prints its output. A result sealed to the
	/// requester's key (params `encrypt_to`) is decrypted with
	/// `--result-key` first.
	Result {
		/// The task id: `0x` and 64 hex digits.
		#[arg(value_parser = parse_hash)]
		task: H256,
		/// Also write the bundle's bytes (decrypted, for a sealed result) to
		/// this file.
		#[arg(long)]
		out: Option<PathBuf>,
		/// The secret key file `ect key result-key` wrote, for a result
		/// sealed to its public key. (`--key` is the signing account.)
		#[arg(long, value_name = "FILE")]
		result_key: Option<PathBuf>,
	},
}

/// Runs a task command.
pub async fn run(globals: &Globals, command: TaskCommand) -> Result<()> {
	match command {
		TaskCommand::Show { task, pool_service } => show(globals, task, pool_service.as_deref()).await,
		TaskCommand::Watch { task, timeout } => watch(globals, task, timeout).await,
		TaskCommand::Claim { deal, index } => claim(globals, deal, index).await,
		TaskCommand::Result { task, out, result_key } => result(globals, task, out, result_key).await,
	}
}

/// `ect task show`.
async fn show(globals: &Globals, id: TaskId, pool_service: Option<&str>) -> Result<()> {
	let rpc = globals.rpc().await?;
	let task = chain::known_task(&rpc, &id).await?;
	let contributions: Vec<(AccountId, ContributionOf<Runtime>)> = rpc.call("PocoApi_contributions", &id).await?;
	let pool = match pool_service {
		Some(url) => {
			let view = ect_agents::pool::client::task(url, &id).await.map_err(|error| {
				CliError::failure(format!("cannot ask the pool service {url} about task {}: {error}", hash_hex(&id)))
			})?;
			Some(pool_view(&view))
		},
		None => None,
	};
	let record = task_record(&id, &task).put_some("pool", pool).records(
		"contributions",
		contributions.iter().map(|(worker, c)| contribution(worker, c)).collect(),
	);
	globals.printer().print(&record);
	Ok(())
}

/// What the pool's scheduler says of a task: `assigned to 2 workers (…)`,
/// or `not assigned: <why>`; `{"assigned": [SS58], "waiting": why or null}`
/// in JSON.
fn pool_view(view: &PoolTaskView) -> Val {
	let workers = |n: usize| if n == 1 { "1 worker".to_string() } else { format!("{n} workers") };
	let human = match (view.assigned.is_empty(), &view.waiting) {
		(false, None) => format!("assigned to {} ({})", workers(view.assigned.len()), view.assigned.join(", ")),
		(false, Some(why)) => format!(
			"assigned to {} ({}); no more can be: {why}",
			workers(view.assigned.len()),
			view.assigned.join(", ")
		),
		(true, Some(why)) => format!("not assigned: {why}"),
		(true, None) =>
			"not assigned, and the scheduler gives no reason (the task may be finished, or not scheduled yet)".to_string(),
	};
	Val::new(human, json!({ "assigned": view.assigned, "waiting": view.waiting }))
}

/// A task's full record.
fn task_record(id: &TaskId, task: &TaskOf<Runtime>) -> Record {
	Record::new()
		.put("task", output::hash(id))
		.put("deal", output::hash(&task.deal))
		.put("index", output::number(task.index))
		.put("status", output::name(&task.status))
		.put("contribution_deadline", output::time(task.contribution_deadline))
		.put("reveal_deadline", output::time(task.reveal_deadline))
		.put("final_deadline", output::time(task.final_deadline))
		.put("consensus", output::optional(task.consensus.as_ref(), output::hash))
		.put("spot_check", output::name(&task.check))
		.put("contributors", output::number(task.contributors.len()))
		.put("winners", output::number(task.winners))
		.put("revealed", output::number(task.revealed))
		.put("digest", output::optional(task.digest.as_ref(), output::hash))
		.put("results", output::bytes(&task.results))
		.put("results_callback", output::raw(&task.results_callback))
		.put("usage", output::optional(task.usage, usage))
}

/// One worker's contribution.
fn contribution(worker: &AccountId, contribution: &ContributionOf<Runtime>) -> Record {
	Record::new()
		.put("worker", output::account(worker))
		.put("status", output::name(&contribution.status))
		.put("weight", output::number(contribution.weight))
		.put("result_hash", output::hash(&contribution.result_hash))
		.put("enclave", output::optional(contribution.enclave.as_ref(), output::account))
		.put("usage", output::optional(contribution.usage, usage))
}

/// A usage report: fuel and run time.
fn usage(usage: Usage) -> Val {
	Val::new(
		format!("{} fuel, {} ms", usage.fuel, usage.run_ms),
		json!({ "fuel": usage.fuel, "run_ms": usage.run_ms }),
	)
}

/// What `ect task watch` reports a change of.
#[derive(Clone, PartialEq, Eq)]
struct Progress {
	status: TaskStatus,
	contributions: u32,
	consensus: Option<H256>,
}

impl Progress {
	/// The progress of a task (`Unset` if not initialized yet).
	fn of(task: Option<&TaskOf<Runtime>>) -> Self {
		match task {
			Some(task) => Self {
				status: task.status,
				contributions: u32::try_from(task.contributors.len()).unwrap_or(u32::MAX),
				consensus: task.consensus,
			},
			None => Self { status: TaskStatus::Unset, contributions: 0, consensus: None },
		}
	}
}

/// `ect task watch`: reads the task at every new best block until it is
/// finished or the timeout passes.
async fn watch(globals: &Globals, id: TaskId, timeout: Option<u64>) -> Result<()> {
	// A timeout too far away to represent is no timeout.
	let deadline = timeout.and_then(|seconds| Instant::now().checked_add(Duration::from_secs(seconds)));
	let rpc = globals.rpc().await?;
	let printer = globals.printer();
	let mut heads = rpc.subscribe_new_heads().await?;
	let mut last: Option<Progress> = None;
	let mut block: Option<u32> = None;
	loop {
		let task = chain::task(&rpc, &id).await?;
		let progress = Progress::of(task.as_ref());
		if last.as_ref() != Some(&progress) {
			report(printer, &id, &progress, task.as_ref(), block);
		}
		match progress.status {
			TaskStatus::Completed => return Ok(()),
			TaskStatus::Failed => {
				return Err(CliError::new(
					TASK_FAILED,
					format!("task {} failed: it was claimed after its final deadline", hash_hex(&id)),
				))
			},
			_ => {},
		}
		let status = progress.status;
		last = Some(progress);
		let header = match before(deadline, heads.next()).await {
			Some(Some(Ok(header))) => header,
			Some(Some(Err(e))) => return Err(CliError::failure(format!("bad block header from the node: {e}"))),
			Some(None) => return Err(CliError::failure("the node closed the subscription to new blocks")),
			None => {
				let waited = timeout.unwrap_or_default();
				return Err(CliError::new(
					TIMEOUT,
					format!("timed out after {waited} s: task {} is still {status:?}", hash_hex(&id)),
				));
			},
		};
		block = Some(header.number);
	}
}

/// `future`'s output, or `None` if `deadline` passes first.
async fn before<F: Future>(deadline: Option<Instant>, future: F) -> Option<F::Output> {
	match deadline {
		Some(deadline) => tokio::time::timeout_at(deadline, future).await.ok(),
		None => Some(future.await),
	}
}

/// Prints one progress line: `[12:00:01] task 0x1234abcd… Active: 1
/// contribution(s)`, or one JSON object; a completed task's digest and
/// results come with it.
fn report(printer: Printer, id: &TaskId, progress: &Progress, task: Option<&TaskOf<Runtime>>, block: Option<u32>) {
	let now = output::now_ms();
	let completed = task.filter(|task| task.status == TaskStatus::Completed);
	let digest = completed.map(|task| output::optional(task.digest.as_ref(), output::hash));
	let results = completed.map(|task| output::bytes(&task.results));
	let mut human = format!(
		"[{}] task {} {:?}: {} contribution(s)",
		output::clock(now),
		output::short_hash(id),
		progress.status,
		progress.contributions,
	);
	if let Some(consensus) = &progress.consensus {
		human.push_str(&format!(", consensus {}", output::short_hash(consensus)));
	}
	if let Some(task) = completed {
		let digest = task.digest.as_ref().map(hash_hex).unwrap_or_else(|| "none".into());
		human.push_str(&format!("\n  digest   {digest}\n  results  {}", String::from_utf8_lossy(&task.results)));
	}
	let record = Record::new()
		.put("time", output::time(now))
		.put("block", output::optional(block, output::number))
		.put("task", output::hash(id))
		.put("status", output::name(&progress.status))
		.put("contributions", output::number(progress.contributions))
		.put("consensus", output::optional(progress.consensus.as_ref(), output::hash))
		.put_some("digest", digest)
		.put_some("results", results);
	printer.event(&record, &human);
}

/// `ect task claim`: the requester's refund is the payment the escrow
/// unlocks for it.
async fn claim(globals: &Globals, deal_id: DealId, index: u32) -> Result<()> {
	let sender = globals.connect().await?;
	let deal = chain::deal(sender.rpc(), &deal_id).await?;
	let call = pallet_ect_poco::Call::<Runtime>::claim { deal: deal_id, index };
	let included = sender.send(call, TxStage::InBlock).await?;
	let refund = chain::events(&included, |event| match event {
		RuntimeEvent::Escrow(EscrowEvent::Unlocked { who, reason: HoldReason::Payment, amount })
			if *who == deal.requester =>
			Some(*amount),
		_ => None,
	})
	.into_iter()
	.fold(0, Balance::saturating_add);
	let record = Record::new()
		.put("task", output::hash(&task_id(&deal_id, index)))
		.put("deal", output::hash(&deal_id))
		.put("index", output::number(index))
		.put("requester", output::account(&deal.requester))
		.put("refund", output::amount(refund))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// `ect task result`: loads the bundle the task's results point to and
/// checks it twice, against the hash its results name and against the
/// digest the chain certified. A bundle sealed to the requester's key
/// (params `encrypt_to`) is opened with `--result-key` in between: the
/// link's hash is over the stored (sealed) bytes, the digest over the
/// plaintext.
async fn result(globals: &Globals, id: TaskId, out: Option<PathBuf>, key_file: Option<PathBuf>) -> Result<()> {
	let rpc = globals.rpc().await?;
	let task = chain::known_task(&rpc, &id).await?;
	if task.status != TaskStatus::Completed {
		return Err(CliError::failure(format!(
			"task {} is {:?}, not Completed: it has no certified result yet",
			hash_hex(&id),
			task.status
		)));
	}
	let certified = task.digest.ok_or_else(|| CliError::failure("the completed task has no certified digest"))?;
	let link = ResultsLink::parse(&task.results).map_err(CliError::failure)?;
	let deal = chain::deal(&rpc, &task.deal).await?;
	let has_callback = deal.callback.is_some();
	let recipient = TaskParams::parse(&deal.params).ok().and_then(|params| params.encrypt_to);
	// The key is read before the download, so a bad file fails fast.
	let secret = match (&recipient, &key_file) {
		(Some(_), Some(path)) => Some((path, result_key::read(path)?)),
		(Some(recipient), None) => {
			return Err(CliError::failure(format!(
				"the result of task {} is encrypted to the requester's key {} (params `encrypt_to`): \
				 pass --result-key FILE, the secret key file `ect key result-key` wrote",
				hash_hex(&id),
				hex_bytes(recipient)
			)))
		},
		(None, _) => None,
	};
	let stored = ect_runner::fetch::load(&link.location)
		.await
		.map_err(|e| CliError::failure(format!("cannot load the result bundle: {e}")))?;
	let not_certified = |why: String| {
		CliError::failure(format!("{} is not the certified result of task {}: {why}", link.location, hash_hex(&id)))
	};
	check_hash(&stored, &link).map_err(|invalid| not_certified(invalid.to_string()))?;
	let bundle = match (&recipient, &secret) {
		(Some(recipient), Some((path, secret))) => sealed::open(secret, &stored).map_err(|error| match error {
			OpenError::WrongKey => wrong_key(path, secret, recipient, &id),
			other => not_certified(other.to_string()),
		})?,
		_ => stored,
	};
	let run = verify(&bundle, None, certified, has_callback).map_err(|invalid| not_certified(invalid.to_string()))?;
	if let Some(path) = &out {
		std::fs::write(path, &bundle)
			.map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
	}

	let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
	let record = Record::new()
		.put("task", output::hash(&id))
		.put("location", output::text(&link.location))
		.put("bundle", output::text(&link.bundle))
		.put("digest", output::hash(&certified))
		.put("encrypted", output::flag(recipient.is_some()))
		.put("verified", output::flag(true))
		.values("files", run.files.iter().map(|(path, bytes)| file(path, bytes)).collect())
		.put_some("out", out.as_ref().map(|path| output::text(path.display())))
		.put("stdout", Val::new(format!("{} bytes, below", run.stdout.len()), stdout.clone()));
	let printer = globals.printer();
	printer.print(&record);
	printer.body(&stdout);
	Ok(())
}

/// The error of a result key that is not the one the result is sealed to.
fn wrong_key(path: &std::path::Path, secret: &sealed::SecretKey, recipient: &RecipientKey, task: &TaskId) -> CliError {
	CliError::failure(format!(
		"wrong result key: {} is the secret of {}, but the result of task {} is encrypted to {}",
		path.display(),
		hex_bytes(&secret.public()),
		hash_hex(task),
		hex_bytes(recipient)
	))
}

/// One file of a result: its path and size.
fn file(path: &str, bytes: &[u8]) -> Val {
	Val::new(format!("{path} ({} bytes)", bytes.len()), json!({ "path": path, "size": bytes.len() }))
}
