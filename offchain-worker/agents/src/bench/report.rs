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
}

/// A process's resident memory over the measured window, KiB (zero when
/// not sampled).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Memory {
	/// At the window's first block.
	pub start: u64,
	/// The largest sample.
	pub peak: u64,
	/// At the window's last block.
	pub end: u64,
}

impl Memory {
	/// Takes a sample.
	pub fn sample(&mut self, kib: u64) {
		if self.start == 0 {
			self.start = kib;
		}
		self.peak = self.peak.max(kib);
		self.end = kib;
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
		let (m, a) = (self.node_rss_kib, self.node_anon_kib);
		write!(
			f,
			"  node RSS over the window: {} KiB at start, {} KiB peak, {} KiB at the end (anonymous: {}, {}, {})",
			m.start, m.peak, m.end, a.start, a.peak, a.end
		)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

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
	fn memory_keeps_the_first_the_peak_and_the_last_sample() {
		let mut memory = Memory::default();
		for kib in [300, 500, 400] {
			memory.sample(kib);
		}
		assert_eq!(memory, Memory { start: 300, peak: 500, end: 400 });
		let own = status_kib(std::process::id(), "VmRSS").expect("this process's RSS");
		let anon = status_kib(std::process::id(), "RssAnon").expect("its anonymous part");
		assert!(own >= anon && anon > 0);
		assert_eq!(status_kib(std::process::id(), "NoSuchField"), None);
		assert_eq!(status_kib(u32::MAX, "VmRSS"), None);
	}
}
