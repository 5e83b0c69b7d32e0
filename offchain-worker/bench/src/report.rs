//! What a run measured.

use std::{fmt, time::Duration};

use serde::Serialize;

/// The figures of one run.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
	/// The trust requested.
	pub trust: u32,
	/// Simulated workers.
	pub workers: u32,
	/// Tasks requested per second.
	pub rate: u32,
	/// The measured window (after the warm-up), seconds.
	pub window_secs: f64,
	/// Tasks requested in the window.
	pub requested: u64,
	/// Tasks certified in the window.
	pub certified: u64,
	/// Certified tasks per second over the window.
	pub tasks_per_sec: f64,
	/// Extrinsics in the window's blocks per second (inherents excluded).
	pub extrinsics_per_sec: f64,
	/// Blocks in the window.
	pub blocks: u64,
	/// Latency from the request's publication (its block seen) to the
	/// block that certified the task seen, over the tasks requested in the
	/// window: median, ms.
	pub p50_ms: u64,
	/// 95th percentile, ms.
	pub p95_ms: u64,
	/// Maximum, ms.
	pub max_ms: u64,
	/// The same latency from the request's submission: median, ms.
	pub submission_p50_ms: u64,
	/// 95th percentile from submission, ms.
	pub submission_p95_ms: u64,
	/// Maximum from submission, ms.
	pub submission_max_ms: u64,
	/// Tasks requested in the window and still not certified at the end.
	pub unfinished: u64,
	/// Batch items the chain refused, by kind and error.
	pub refused: Vec<(String, u64)>,
	/// Extrinsics that failed as a whole.
	pub failed_extrinsics: u64,
	/// Submissions the node's pool refused.
	pub pool_refusals: u64,
	/// The node's resident memory over the measured window (when its pid
	/// was given).
	pub node_rss_kib: Memory,
	/// The anonymous part of it (heap, not file-backed pages such as the
	/// database's memory-mapped tables).
	pub node_anon_kib: Memory,
	/// The node's CPU time (user + system) between the window's first and
	/// last block, seconds (0 when its pid was not given).
	pub node_cpu_secs: f64,
	/// That, per task certified between those blocks, µs.
	pub node_cpu_us_per_task: f64,
	/// This process's CPU time over the same blocks (the requester, the
	/// scheduler and every worker), seconds.
	pub agents_cpu_secs: f64,
	/// That, per task certified, µs.
	pub agents_cpu_us_per_task: f64,
	/// Fees paid in the window's blocks, by who paid them (smallest unit).
	pub fees: crate::fees::Fees,
	/// Those per task certified in the window.
	pub fees_per_task: crate::fees::Fees,
}

/// A process's resident memory over the measured window, KiB (zero when
/// not sampled).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Memory {
	/// At the window's first block.
	pub start: u64,
	/// The largest sample.
	pub peak: u64,
	/// At the window's last block.
	pub end: u64,
	/// The mean of the samples of the window's first minute: a single
	/// sample moves by tens of MiB as ParityDB's write-ahead overlay fills
	/// and empties.
	pub first_minute: u64,
	/// The mean of the samples of the window's last minute.
	pub last_minute: u64,
	/// The least-squares slope of all samples, KiB per minute.
	pub trend_per_minute: f64,
}

/// Memory samples, each at a time since the window's start.
#[derive(Clone, Debug, Default)]
pub struct MemorySamples(Vec<(Duration, u64)>);

impl MemorySamples {
	/// Takes a sample of `kib` at `at` into the window.
	pub fn sample(&mut self, at: Duration, kib: u64) {
		self.0.push((at, kib));
	}

	/// What the samples say over a window of `window`.
	pub fn summary(&self, window: Duration) -> Memory {
		let (Some(first), Some(last)) = (self.0.first(), self.0.last()) else { return Memory::default() };
		let minute = Duration::from_secs(60);
		let mean = |keep: &dyn Fn(Duration) -> bool| {
			let kept: Vec<u64> = self.0.iter().filter(|(at, _)| keep(*at)).map(|(_, kib)| *kib).collect();
			if kept.is_empty() { 0 } else { kept.iter().sum::<u64>() / kept.len() as u64 }
		};
		let n = self.0.len() as f64;
		let minutes = |at: Duration| at.as_secs_f64() / 60.0;
		let (mean_t, mean_v) = (
			self.0.iter().map(|(at, _)| minutes(*at)).sum::<f64>() / n,
			self.0.iter().map(|(_, kib)| *kib as f64).sum::<f64>() / n,
		);
		let covariance: f64 = self.0.iter().map(|(at, kib)| (minutes(*at) - mean_t) * (*kib as f64 - mean_v)).sum();
		let variance: f64 = self.0.iter().map(|(at, _)| (minutes(*at) - mean_t).powi(2)).sum();
		Memory {
			start: first.1,
			peak: self.0.iter().map(|(_, kib)| *kib).max().unwrap_or_default(),
			end: last.1,
			first_minute: mean(&|at| at < minute),
			last_minute: mean(&|at| at + minute >= window),
			trend_per_minute: if variance > 0.0 { covariance / variance } else { 0.0 },
		}
	}
}

/// Field `field` (`VmRSS`, `RssAnon`, ...) of process `pid`'s status, KiB;
/// `None` if it cannot be read.
pub fn status_kib(pid: u32, field: &str) -> Option<u64> {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
	status.lines().find_map(|line| line.strip_prefix(field)?.strip_prefix(':')?.trim().strip_suffix("kB")?.trim().parse().ok())
}

/// The `q`-quantile (0..=1) of sorted `values`, nearest rank.
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
	if sorted.is_empty() {
		return Duration::ZERO;
	}
	let rank = (q * sorted.len() as f64).ceil() as usize;
	sorted[rank.clamp(1, sorted.len()) - 1]
}

impl fmt::Display for Report {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		writeln!(
			f,
			"trust {}: {} workers, {} tasks/s requested for {:.0} s: {} certified ({:.1} tasks/s), {:.1} extrinsics/s over {} blocks",
			self.trust, self.workers, self.rate, self.window_secs, self.certified, self.tasks_per_sec, self.extrinsics_per_sec, self.blocks
		)?;
		writeln!(
			f,
			"  latency published -> certified: p50 {} ms, p95 {} ms, max {} ms; from submission: p50 {} ms, p95 {} ms, max {} ms",
			self.p50_ms, self.p95_ms, self.max_ms, self.submission_p50_ms, self.submission_p95_ms, self.submission_max_ms
		)?;
		writeln!(f, "  {} of {} requested in the window unfinished", self.unfinished, self.requested)?;
		writeln!(f, "  refused batch items {:?}, failed extrinsics {}, pool refusals {}", self.refused, self.failed_extrinsics, self.pool_refusals)?;
		writeln!(
			f,
			"  CPU over the window: node {:.1} s ({:.0} µs per certified task), agents {:.1} s ({:.0} µs per task)",
			self.node_cpu_secs, self.node_cpu_us_per_task, self.agents_cpu_secs, self.agents_cpu_us_per_task
		)?;
		let (paid, each) = (self.fees, self.fees_per_task);
		writeln!(
			f,
			"  fees in the window (10^-12 ECT): {} (requester {}, scheduler {}, workers {}); per certified task {} (requester {}, scheduler {}, workers {})",
			paid.total(), paid.requester, paid.scheduler, paid.workers, each.total(), each.requester, each.scheduler, each.workers
		)?;
		let (m, a) = (self.node_rss_kib, self.node_anon_kib);
		write!(
			f,
			"  node RSS over the window: {} KiB at start, {} KiB peak, {} KiB at the end, means {} KiB over the first minute and {} KiB over the last, \
			 trend {:.0} KiB/min (anonymous: {}, {}, {}, means {} and {}, trend {:.0} KiB/min)",
			m.start, m.peak, m.end, m.first_minute, m.last_minute, m.trend_per_minute,
			a.start, a.peak, a.end, a.first_minute, a.last_minute, a.trend_per_minute
		)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn memory_is_summed_up_by_its_ends_its_minutes_and_its_trend() {
		let secs = Duration::from_secs;
		assert_eq!(MemorySamples::default().summary(secs(300)), Memory::default());
		// 100 KiB, rising 10 KiB a minute, sampled every 30 s for 5 minutes,
		// with one spike.
		let mut samples = MemorySamples::default();
		for half_minutes in 0..=10u64 {
			let kib = 100 + 5 * half_minutes + if half_minutes == 5 { 1_000 } else { 0 };
			samples.sample(secs(30 * half_minutes), kib);
		}
		let memory = samples.summary(secs(300));
		assert_eq!((memory.start, memory.peak, memory.end), (100, 1_125, 150));
		// The first minute: 100 and 105; the last: 140, 145 and 150.
		assert_eq!((memory.first_minute, memory.last_minute), (102, 145));
		// The spike, at the samples' mean time, leaves the slope at 10 KiB a
		// minute.
		assert!((memory.trend_per_minute - 10.0).abs() < 1e-9, "{}", memory.trend_per_minute);
	}

	#[test]
	fn quantiles_are_nearest_rank() {
		let ms = |v: &[u64]| v.iter().map(|m| Duration::from_millis(*m)).collect::<Vec<_>>();
		let values = ms(&[10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
		assert_eq!(quantile(&values, 0.5), Duration::from_millis(50));
		assert_eq!(quantile(&values, 0.95), Duration::from_millis(100));
		assert_eq!(quantile(&values, 1.0), Duration::from_millis(100));
		assert_eq!(quantile(&ms(&[7]), 0.95), Duration::from_millis(7));
		assert_eq!(quantile(&[], 0.5), Duration::ZERO);
	}

	#[test]
	fn a_process_status_is_read_in_kib() {
		let own = status_kib(std::process::id(), "VmRSS").expect("this process's RSS");
		let anon = status_kib(std::process::id(), "RssAnon").expect("its anonymous part");
		assert!(own >= anon && anon > 0);
		assert_eq!(status_kib(std::process::id(), "NoSuchField"), None);
		assert_eq!(status_kib(u32::MAX, "VmRSS"), None);
	}
}
