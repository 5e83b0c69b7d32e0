//! CPU time per certified task: the user and system time a process (the
//! node, or this one: the scheduler, the requester and the workers) spent
//! over the measured window, read from `/proc/<pid>/stat` at each block.

use std::time::Duration;

/// The CPU time (user + system, all threads) process `pid` has used so far;
/// `None` if it cannot be read.
pub fn cpu_time(pid: u32) -> Option<Duration> {
	let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
	let ticks = ticks_of(&stat)?;
	Some(Duration::from_secs_f64(ticks as f64 / clock_ticks_per_sec() as f64))
}

/// `utime + stime` of a `/proc/<pid>/stat` line, in clock ticks: its 14th
/// and 15th fields. The command name (the 2nd, in parentheses) may hold
/// spaces and parentheses itself, so the fields are counted from the line's
/// last `)`.
fn ticks_of(stat: &str) -> Option<u64> {
	let after_name = stat.get(stat.rfind(')')?.checked_add(1)?..)?;
	// The 3rd field (the state) is the first one after the name.
	let mut fields = after_name.split_whitespace().skip(11);
	let utime: u64 = fields.next()?.parse().ok()?;
	let stime: u64 = fields.next()?.parse().ok()?;
	utime.checked_add(stime)
}

/// The kernel's clock ticks per second (`_SC_CLK_TCK`), in which `/proc`
/// counts CPU time; 100 if it cannot be read.
fn clock_ticks_per_sec() -> u64 {
	// SAFETY: `sysconf` reads a configuration value and has no
	// preconditions.
	let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
	u64::try_from(ticks).ok().filter(|ticks| *ticks > 0).unwrap_or(100)
}

/// A process's CPU time against the tasks certified, sampled at blocks of
/// the measured window: what it spent between its first and last sample,
/// per task certified between them.
#[derive(Clone, Copy, Debug, Default)]
pub struct CpuPerTask {
	/// The first sample: CPU time, tasks certified so far.
	first: Option<(Duration, u64)>,
	/// The last sample.
	last: Option<(Duration, u64)>,
}

impl CpuPerTask {
	/// Takes a sample: the process has used `cpu`, and `certified` tasks
	/// were certified in the window so far.
	pub fn sample(&mut self, cpu: Duration, certified: u64) {
		self.first.get_or_insert((cpu, certified));
		self.last = Some((cpu, certified));
	}

	/// The CPU time between the first and last sample, seconds.
	pub fn seconds(&self) -> f64 {
		match (self.first, self.last) {
			(Some((from, _)), Some((to, _))) => to.saturating_sub(from).as_secs_f64(),
			_ => 0.0,
		}
	}

	/// The CPU time per task certified between the first and last sample,
	/// µs; 0 when no task was.
	pub fn us_per_task(&self) -> f64 {
		let tasks = match (self.first, self.last) {
			(Some((_, from)), Some((_, to))) => to.saturating_sub(from),
			_ => 0,
		};
		if tasks == 0 { 0.0 } else { self.seconds() * 1e6 / tasks as f64 }
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_ticks_are_fields_14_and_15_counted_after_the_name() {
		let line = "4242 (ect node (x) 2) S 1 4242 4242 0 -1 4194560 9 0 0 0 1500 250 0 0 20 0 12 0 100 0 0";
		assert_eq!(ticks_of(line), Some(1_750));
		assert_eq!(ticks_of("4242 (cut short) S 1 2"), None);
		assert_eq!(ticks_of("no name at all"), None);
	}

	#[test]
	fn this_process_has_used_some_cpu() {
		// Work until the kernel has counted a tick of this process's time
		// (10 ms at the usual 100 ticks a second).
		let started = std::time::Instant::now();
		let mut spun = 0u64;
		while !cpu_time(std::process::id()).is_some_and(|cpu| cpu > Duration::ZERO) {
			for _ in 0..100_000 {
				spun = std::hint::black_box(spun.wrapping_add(1));
			}
			assert!(started.elapsed() < Duration::from_secs(10), "no CPU time counted after {spun} turns");
		}
		assert_eq!(cpu_time(u32::MAX), None);
	}

	#[test]
	fn cpu_per_task_counts_between_the_first_and_last_sample() {
		let ms = Duration::from_millis;
		let mut cpu = CpuPerTask::default();
		assert_eq!((cpu.seconds(), cpu.us_per_task()), (0.0, 0.0));
		cpu.sample(ms(1_000), 10);
		assert_eq!(cpu.us_per_task(), 0.0, "one sample spans no task");
		cpu.sample(ms(1_200), 210);
		cpu.sample(ms(1_500), 510);
		assert!((cpu.seconds() - 0.5).abs() < 1e-9);
		assert!((cpu.us_per_task() - 1_000.0).abs() < 1e-6, "500 ms over 500 tasks");
	}
}
