//! Computing a task: the app, dataset and input files fetched and verified, the app run in
//! the sandbox, the output's digest taken. Every way this can fail is a
//! [`Failure`] with a kind for logs and metrics.
//!
//! [`Compute::FixedDigest`] stands in for the sandbox where only the
//! protocol is measured (the throughput benchmark): it runs nothing and
//! gives every task an output of its own id, so every honest worker agrees.

use std::path::Path;

use ect_client::{
	reads::{self, Deal},
	Rpc,
};
use ect_runner::{output::CALLBACK_FILE, FetchError, Fetcher, Limits, Output, RunError, RunInput, Runner};
use polkadot_sdk::sp_core::H256;

use crate::params::TaskParams;

/// Why a worker has nothing to contribute.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
	/// The app or dataset could not be obtained, or did not match its checksum.
	#[error("{0}")]
	Fetch(#[from] FetchError),
	/// The app ran but produced no result.
	#[error("{0}")]
	Run(#[from] RunError),
	/// The deal's parameters are malformed.
	#[error("{0}")]
	Params(String),
	/// Something the deal names is not on chain.
	#[error("{0} not found on chain")]
	Missing(&'static str),
}

impl Failure {
	/// A short machine-readable name.
	pub fn kind(&self) -> &'static str {
		match self {
			Self::Fetch(e) => e.kind(),
			Self::Run(e) => e.kind(),
			Self::Params(_) => "bad_params",
			Self::Missing(_) => "missing",
		}
	}
}

/// A computed task.
#[derive(Clone, Debug)]
pub struct Computed {
	/// The digest of the output.
	pub digest: H256,
	/// The output bundle.
	pub bundle: Vec<u8>,
	/// Fuel burned.
	pub fuel: u64,
	/// Run time, ms.
	pub run_ms: u64,
	/// The verified dataset checksum, for deals with a dataset.
	pub dataset_checksum: Option<H256>,
}

/// How a worker computes its tasks.
pub enum Compute {
	/// Fetches the app and its inputs and runs it in the sandbox.
	Sandbox {
		/// Fetches and caches apps, datasets and input files.
		fetcher: Fetcher,
		/// The sandbox.
		runner: Runner,
	},
	/// Runs nothing: the output of a task is its id ([`fixed_output`]), with
	/// no fuel and no time; a dataset is not fetched, so no checksum is
	/// given for it.
	FixedDigest,
}

impl Compute {
	/// Computes task `task` of `deal`. The outer error is the chain
	/// connection; the inner one the task's typed failure.
	pub async fn task(&self, rpc: &Rpc, task: H256, deal: &Deal) -> ect_client::Result<Result<Computed, Failure>> {
		match self {
			Self::Sandbox { fetcher, runner } => compute(rpc, fetcher, runner, task, deal).await,
			Self::FixedDigest => Ok(fixed(task, deal)),
		}
	}
}

/// The output [`Compute::FixedDigest`] gives task `task`: its id on
/// standard output, and as the callback bytes for a deal with a callback.
pub fn fixed_output(task: H256, has_callback: bool) -> Output {
	let stdout = format!("{task:?}\n").into_bytes();
	let files = if has_callback { vec![(CALLBACK_FILE.to_string(), task.as_bytes().to_vec())] } else { Vec::new() };
	Output { stdout, files }
}

fn fixed(task: H256, deal: &Deal) -> Result<Computed, Failure> {
	let output = fixed_output(task, deal.callback.is_some());
	let digest = H256(output.digest(deal.callback.is_some())?);
	Ok(Computed { digest, bundle: output.bundle(), fuel: 0, run_ms: 0, dataset_checksum: None })
}

/// Fetches what `deal` names and runs task `task` of it. The outer error is
/// the chain connection; the inner one the task's typed failure.
pub async fn compute(
	rpc: &Rpc,
	fetcher: &Fetcher,
	runner: &Runner,
	task: H256,
	deal: &Deal,
) -> ect_client::Result<Result<Computed, Failure>> {
	let app = match reads::app(rpc, deal.app.id).await? {
		Some(app) => app,
		None => return Ok(Err(Failure::Missing("app"))),
	};
	let category = match reads::category(rpc, deal.category).await? {
		Some(category) => category,
		None => return Ok(Err(Failure::Missing("category"))),
	};
	let dataset = match &deal.dataset {
		Some(resource) => match reads::dataset(rpc, resource.id).await? {
			Some(dataset) => Some(dataset),
			None => return Ok(Err(Failure::Missing("dataset"))),
		},
		None => None,
	};
	Ok(run(fetcher, runner, task, deal, &app, dataset.as_ref(), category.max_fuel).await)
}

async fn run(
	fetcher: &Fetcher,
	runner: &Runner,
	task: H256,
	deal: &Deal,
	app: &reads::App,
	dataset: Option<&reads::Dataset>,
	max_fuel: u64,
) -> Result<Computed, Failure> {
	let params = TaskParams::parse(&deal.params).map_err(Failure::Params)?;
	let wasm_path = fetcher.fetch(&String::from_utf8_lossy(&app.multiaddr), &app.checksum.0).await?;
	let dataset_path = match dataset {
		Some(d) => Some(fetcher.fetch(&String::from_utf8_lossy(&d.multiaddr), &d.checksum.0).await?),
		None => None,
	};
	let wasm = tokio::fs::read(&wasm_path).await.map_err(FetchError::Cache)?;
	let mut files = params.files();
	for file in &params.inputs {
		let checksum = file.checksum().map_err(Failure::Params)?;
		let path = fetcher.fetch(&file.url, &checksum.0).await?;
		files.push((file.name.clone(), tokio::fs::read(&path).await.map_err(FetchError::Cache)?));
	}
	let input = RunInput {
		args: params.args.clone(),
		files,
		dataset: dataset_path.as_deref().map(Path::to_path_buf),
		seed: task.0,
		clock_ms: deal.start,
	};
	let run = runner.execute(wasm, input, Limits::with_fuel(max_fuel)).await?;
	let digest = H256(run.output.digest(deal.callback.is_some())?);
	Ok(Computed {
		digest,
		bundle: run.output.bundle(),
		fuel: run.fuel_used,
		run_ms: run.run_ms,
		dataset_checksum: dataset.map(|d| d.checksum),
	})
}
