//! `ect bench`: the throughput benchmark of `ect-bench` against a
//! dev chain (it uses the dev accounts Alice, Charlie and Dave).

use std::time::Duration;

use ect_bench::BenchConfig;

use crate::error::{CliError, Result};

/// `ect bench`: load a dev chain with many workers in one process and measure.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
	/// Workers (keys `//bench//worker//N`, funded by Alice), each `ect
	/// worker`'s code computing a fixed digest.
	#[arg(long, default_value_t = 100)]
	pub workers: u32,
	/// The trust of every request (5 needs three fresh workers to agree).
	#[arg(long, default_value_t = 1)]
	pub trust: u32,
	/// Tasks requested per second.
	#[arg(long, default_value_t = 50)]
	pub rate: u32,
	/// Seconds of load before the measured window.
	#[arg(long, default_value_t = 20)]
	pub warmup: u64,
	/// Seconds of the measured window.
	#[arg(long, default_value_t = 60)]
	pub duration: u64,
	/// Seconds to wait after the load for the tasks in flight.
	#[arg(long, default_value_t = 60)]
	pub drain: u64,
	/// Tasks a worker computes at once: the cores it reports to the
	/// scheduler, which gives it that many tasks in a row.
	#[arg(long, default_value_t = 8)]
	pub group: usize,
	/// The category of the requests.
	#[arg(long, default_value_t = 0)]
	pub category: u32,
	/// The node's process id, on this machine: its memory (RSS) is reported
	/// at the start, peak and end of the measured window.
	#[arg(long)]
	pub node_pid: Option<u32>,
}

/// Runs the benchmark and prints its report (JSON with `--json`).
pub async fn run(url: &str, json: bool, args: BenchArgs) -> Result<()> {
	let config = BenchConfig {
		node_url: url.to_string(),
		workers: args.workers,
		trust: args.trust,
		rate: args.rate,
		warmup: Duration::from_secs(args.warmup),
		duration: Duration::from_secs(args.duration),
		drain: Duration::from_secs(args.drain),
		group: args.group,
		category: args.category,
		node_pid: args.node_pid,
	};
	let report = ect_bench::run(config).await.map_err(|e| CliError::failure(format!("{e:#}")))?;
	if json {
		println!("{}", serde_json::to_string(&report).map_err(|e| CliError::failure(e.to_string()))?);
	} else {
		println!("{report}");
	}
	Ok(())
}
