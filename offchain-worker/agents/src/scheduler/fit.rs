//! Which workers may compute a deal's tasks: those whose capabilities
//! (reported when they joined, `crate::worker::capabilities`) meet the
//! deal's requirements (`Resources::satisfies`); and, when no live worker
//! does, why, in words the requester reads (`pool_task`, `ect task show
//! --pool-service`).

use pallet_ect_registry::{CpuArch, Resources};

/// What a worker must meet to compute a task of a deal requiring
/// `requirements`: the same minimums but the region. The region is the
/// pool's, promised by its order and checked when the orders matched;
/// workers report none.
pub fn for_workers(requirements: &Resources) -> Resources {
	Resources { region: 0, ..*requirements }
}

/// Why none of `workers` (the live workers' capabilities) can compute a task
/// whose deal requires `requirements`, or `None` if one can. Names the first
/// resource no worker has enough of, in the order cores, memory, disk, GPU
/// memory, architecture, region, with what the best of them reports.
pub fn unmet(requirements: &Resources, workers: &[Resources]) -> Option<String> {
	if workers.is_empty() {
		return Some("no worker has joined the pool (or none called in the last 30 s)".into());
	}
	if workers.iter().any(|worker| worker.satisfies(requirements)) {
		return None;
	}
	let report = match workers.len() {
		1 => "the live worker reports".to_string(),
		n => format!("the {n} live workers report"),
	};
	let most = |amount: fn(&Resources) -> u32| workers.iter().map(amount).max().unwrap_or(0);
	let cores = most(|w| u32::from(w.cpu_cores));
	let why = if cores < u32::from(requirements.cpu_cores) {
		format!("it needs {}, {report} at most {cores}", plural(requirements.cpu_cores, "core"))
	} else if most(|w| w.memory_mib) < requirements.memory_mib {
		format!("it needs {} MiB of memory, {report} at most {} MiB", requirements.memory_mib, most(|w| w.memory_mib))
	} else if most(|w| w.disk_mib) < requirements.disk_mib {
		format!("it needs {} MiB of disk, {report} at most {} MiB", requirements.disk_mib, most(|w| w.disk_mib))
	} else if most(|w| w.gpu_memory_mib) < requirements.gpu_memory_mib {
		format!(
			"it needs {} MiB of GPU memory, {report} at most {} MiB",
			requirements.gpu_memory_mib,
			most(|w| w.gpu_memory_mib)
		)
	} else if requirements.cpu_arch != CpuArch::Any && workers.iter().all(|w| w.cpu_arch != requirements.cpu_arch) {
		let mut seen: Vec<&str> = workers.iter().map(|w| arch_name(w.cpu_arch)).collect();
		seen.sort_unstable();
		seen.dedup();
		format!("it needs the {} architecture, {report} {}", arch_name(requirements.cpu_arch), seen.join(", "))
	} else if requirements.region != 0 && workers.iter().all(|w| w.region != requirements.region) {
		let mut seen: Vec<u16> = workers.iter().map(|w| w.region).collect();
		seen.sort_unstable();
		seen.dedup();
		let seen: Vec<String> =
			seen.into_iter().map(|r| if r == 0 { "no region".to_string() } else { format!("region {r}") }).collect();
		format!("it needs region {}, {report} {}", requirements.region, seen.join(", "))
	} else {
		let live = match workers.len() {
			1 => "the live worker".to_string(),
			n => format!("the {n} live workers"),
		};
		format!("each of its minimums is met by one of {live}, but none meets all of them ({})", describe(requirements).join(", "))
	};
	Some(format!("no joined worker meets the deal's requirements: {why}"))
}

/// The minimums of `requirements` that are not 0 / any, in words:
/// `["2 cores", "4096 MiB of memory"]`.
pub fn describe(requirements: &Resources) -> Vec<String> {
	let mut parts = Vec::new();
	if requirements.cpu_cores > 0 {
		parts.push(plural(requirements.cpu_cores, "core"));
	}
	if requirements.memory_mib > 0 {
		parts.push(format!("{} MiB of memory", requirements.memory_mib));
	}
	if requirements.disk_mib > 0 {
		parts.push(format!("{} MiB of disk", requirements.disk_mib));
	}
	if requirements.gpu_memory_mib > 0 {
		parts.push(format!("{} MiB of GPU memory", requirements.gpu_memory_mib));
	}
	if requirements.cpu_arch != CpuArch::Any {
		parts.push(format!("the {} architecture", arch_name(requirements.cpu_arch)));
	}
	if requirements.region != 0 {
		parts.push(format!("region {}", requirements.region));
	}
	parts
}

/// `1 core`, `4 cores`.
fn plural(count: u16, noun: &str) -> String {
	if count == 1 {
		format!("1 {noun}")
	} else {
		format!("{count} {noun}s")
	}
}

/// An architecture as Rust names it; `Any` in a worker's report is one the
/// chain does not name.
fn arch_name(arch: CpuArch) -> &'static str {
	match arch {
		CpuArch::Any => "unknown",
		CpuArch::X86_64 => "x86_64",
		CpuArch::Aarch64 => "aarch64",
		CpuArch::Riscv64 => "riscv64",
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// A worker of 4 cores, 256 MiB a task, 10 000 MiB of disk, x86-64.
	fn worker() -> Resources {
		Resources {
			cpu_cores: 4,
			memory_mib: 256,
			disk_mib: 10_000,
			gpu_memory_mib: 0,
			cpu_arch: CpuArch::X86_64,
			region: 0,
		}
	}

	fn needs(requirements: Resources, workers: &[Resources]) -> String {
		unmet(&requirements, workers).expect("no worker fits")
	}

	#[test]
	fn without_workers_nobody_has_joined() {
		let why = needs(Resources::default(), &[]);
		assert!(why.starts_with("no worker has joined"), "{why}");
	}

	#[test]
	fn one_fitting_worker_is_enough() {
		let small = Resources { memory_mib: 128, ..worker() };
		assert_eq!(unmet(&Resources { memory_mib: 200, ..Resources::default() }, &[small, worker()]), None);
		assert_eq!(unmet(&Resources::default(), &[worker()]), None);
		assert_eq!(unmet(&Resources { cpu_arch: CpuArch::X86_64, ..Resources::default() }, &[worker()]), None);
	}

	#[test]
	fn memory_is_named_with_the_most_a_worker_reports() {
		let small = Resources { memory_mib: 128, ..worker() };
		let why = needs(Resources { memory_mib: 4096, ..Resources::default() }, &[small, small, worker()]);
		assert_eq!(
			why,
			"no joined worker meets the deal's requirements: it needs 4096 MiB of memory, the 3 live workers report at most 256 MiB"
		);
		let why = needs(Resources { memory_mib: 4096, ..Resources::default() }, &[small]);
		assert!(why.ends_with("it needs 4096 MiB of memory, the live worker reports at most 128 MiB"), "{why}");
	}

	#[test]
	fn each_resource_is_named() {
		let cases = [
			(Resources { cpu_cores: 8, ..Resources::default() }, "it needs 8 cores, the 2 live workers report at most 4"),
			(Resources { cpu_cores: 8, memory_mib: 4096, ..Resources::default() }, "it needs 8 cores"),
			(Resources { disk_mib: 20_000, ..Resources::default() }, "it needs 20000 MiB of disk, the 2 live workers report at most 10000 MiB"),
			(Resources { gpu_memory_mib: 1024, ..Resources::default() }, "it needs 1024 MiB of GPU memory, the 2 live workers report at most 0 MiB"),
			(Resources { cpu_arch: CpuArch::Aarch64, ..Resources::default() }, "it needs the aarch64 architecture, the 2 live workers report unknown, x86_64"),
			(Resources { region: 5, ..Resources::default() }, "it needs region 5, the 2 live workers report no region"),
		];
		let unknown = Resources { cpu_arch: CpuArch::Any, ..worker() };
		for (requirements, expected) in cases {
			let why = needs(requirements, &[worker(), unknown]);
			assert!(why.contains(expected), "{why} does not say {expected}");
		}
	}

	#[test]
	fn minimums_met_only_by_different_workers_are_said_so() {
		let cores = Resources { cpu_cores: 8, memory_mib: 64, ..worker() };
		let memory = Resources { cpu_cores: 1, memory_mib: 256, ..worker() };
		let why = needs(Resources { cpu_cores: 8, memory_mib: 256, ..Resources::default() }, &[cores, memory]);
		assert!(why.contains("none meets all of them (8 cores, 256 MiB of memory)"), "{why}");
	}

	#[test]
	fn workers_are_not_held_to_a_region_and_requirements_read_short() {
		let regional = Resources { region: 3, memory_mib: 64, ..Resources::default() };
		assert_eq!(for_workers(&regional), Resources { memory_mib: 64, ..Resources::default() });
		assert_eq!(unmet(&for_workers(&regional), &[worker()]), None);
		assert!(describe(&Resources::default()).is_empty());
		let described = describe(&Resources { cpu_cores: 1, memory_mib: 4096, cpu_arch: CpuArch::Riscv64, ..Resources::default() });
		assert_eq!(described, ["1 core", "4096 MiB of memory", "the riscv64 architecture"]);
	}
}
