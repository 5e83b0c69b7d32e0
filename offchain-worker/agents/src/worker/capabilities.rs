//! What a worker reports of its machine when it joins its pool
//! (`spec/offchain.md`, "The worker"): cores, the memory and disk one task
//! can use, GPU memory, the processor architecture, and the fuel it burns
//! per second. The scheduler gives a task only to workers whose
//! capabilities meet its deal's requirements (`crate::scheduler::fit`).
//!
//! Measured once at start ([`measure`]):
//! - cores: `std::thread::available_parallelism` (the CPUs this process may
//!   run on);
//! - memory: what one task can really get: the machine's memory
//!   (`MemTotal`) shared by the `--parallel` sandboxes, and at most the
//!   sandbox's memory cap (`ect_runner::Limits`);
//! - disk: the space free to unprivileged users on the file system of the
//!   state directory, where apps, datasets and sandboxes live (`statvfs`);
//! - GPU memory: 0 (the sandbox gives apps no GPU);
//! - architecture: `std::env::consts::ARCH`;
//! - speed: [`ect_runner::Runner::fuel_per_second`].
//!
//! The operator may report less than measured (`ect worker --cores N
//! --memory-mib N --disk-mib N`, [`Declared`]), never more.

use std::path::{Path, PathBuf};

use codec::Encode;
use ect_runner::{Limits, RunError, Runner};
use pallet_ect_registry::{CpuArch, Resources};
use serde::{Deserialize, Serialize};

/// A worker's capabilities, as it reports them in `pool_join` (JSON) and
/// signs them (SCALE, in `crate::pool::join_message`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Encode)]
#[serde(deny_unknown_fields)]
pub struct Capabilities {
	/// CPU cores.
	pub cpu_cores: u16,
	/// Memory one task can use, MiB.
	pub memory_mib: u32,
	/// Free disk space, MiB.
	pub disk_mib: u32,
	/// GPU memory, MiB.
	pub gpu_memory_mib: u32,
	/// The processor architecture, as Rust names it (`std::env::consts::ARCH`:
	/// `x86_64`, `aarch64`, `riscv64`, …).
	pub cpu_arch: String,
	/// Fuel burnt per second in the sandbox.
	pub fuel_per_sec: u64,
}

impl Capabilities {
	/// These capabilities as the chain's machine resources, to compare with
	/// a deal's requirements (`Resources::satisfies`). An architecture the
	/// chain does not name is `Any`, which meets only requirements of any
	/// architecture. Workers report no region: the region is the pool's,
	/// promised by its orders and checked when they match; it is 0 here.
	pub fn resources(&self) -> Resources {
		Resources {
			cpu_cores: self.cpu_cores,
			memory_mib: self.memory_mib,
			disk_mib: self.disk_mib,
			gpu_memory_mib: self.gpu_memory_mib,
			cpu_arch: arch(&self.cpu_arch),
			region: 0,
		}
	}
}

/// On one line, for logs: `4 cores, 256 MiB of memory a task, …`.
impl std::fmt::Display for Capabilities {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(
			f,
			"{} cores, {} MiB of memory a task, {} MiB of disk, {} MiB of GPU memory, {}, {} fuel/s",
			self.cpu_cores, self.memory_mib, self.disk_mib, self.gpu_memory_mib, self.cpu_arch, self.fuel_per_sec
		)
	}
}

/// The chain's architecture of a Rust architecture name; `Any` for those the
/// chain does not name.
pub fn arch(name: &str) -> CpuArch {
	match name {
		"x86_64" => CpuArch::X86_64,
		"aarch64" => CpuArch::Aarch64,
		"riscv64" => CpuArch::Riscv64,
		_ => CpuArch::Any,
	}
}

/// What the operator declares, each at most the measured figure
/// (`ect worker --cores N --memory-mib N --disk-mib N`); `None` keeps the
/// measured one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Declared {
	/// CPU cores.
	pub cores: Option<u16>,
	/// Memory for one task, MiB.
	pub memory_mib: Option<u32>,
	/// Disk, MiB.
	pub disk_mib: Option<u32>,
}

/// Why a worker's capabilities cannot be reported.
#[derive(Debug, thiserror::Error)]
pub enum CapabilityError {
	/// The operator declared more than the machine has.
	#[error("{flag} {declared}: more than the {measured} measured on this machine; a worker may report less than it has, never more")]
	AboveMeasured {
		/// The flag (`--memory-mib`).
		flag: &'static str,
		/// What it declared.
		declared: u64,
		/// What was measured.
		measured: u64,
	},
	/// The processor count is unknown.
	#[error("cannot count this machine's processors: {0}")]
	Cores(std::io::Error),
	/// The machine's memory is unknown.
	#[error("cannot read this machine's memory: {0}")]
	Memory(String),
	/// The free space of the state directory is unknown.
	#[error("cannot read the free disk space of {path}: {source}")]
	Disk {
		/// The state directory.
		path: PathBuf,
		/// Why.
		source: std::io::Error,
	},
	/// The fuel calibration did not run as it should.
	#[error("cannot measure the fuel speed: {0}")]
	Calibration(#[from] RunError),
}

impl Declared {
	/// `measured`, lowered to what is declared; a declared figure above the
	/// measured one is refused, naming its flag.
	pub fn apply(&self, measured: Capabilities) -> Result<Capabilities, CapabilityError> {
		Ok(Capabilities {
			cpu_cores: lower("--cores", self.cores, measured.cpu_cores)?,
			memory_mib: lower("--memory-mib", self.memory_mib, measured.memory_mib)?,
			disk_mib: lower("--disk-mib", self.disk_mib, measured.disk_mib)?,
			..measured
		})
	}
}

/// `declared` if it is at most `measured`, `measured` if nothing is declared.
fn lower<T: Copy + Ord + Into<u64>>(flag: &'static str, declared: Option<T>, measured: T) -> Result<T, CapabilityError> {
	match declared {
		Some(declared) if declared > measured =>
			Err(CapabilityError::AboveMeasured { flag, declared: declared.into(), measured: measured.into() }),
		Some(declared) => Ok(declared),
		None => Ok(measured),
	}
}

/// The memory one of `parallel` tasks can use on a machine of
/// `machine_bytes`, in MiB: its share of the machine, at most the sandbox's
/// cap.
pub fn task_memory_mib(machine_bytes: u64, parallel: usize) -> u32 {
	let cap = u64::try_from(Limits::with_fuel(0).memory_bytes).unwrap_or(u64::MAX);
	let parallel = u64::try_from(parallel.max(1)).unwrap_or(u64::MAX);
	let share = machine_bytes.checked_div(parallel).unwrap_or(machine_bytes);
	u32::try_from(share.min(cap) >> 20).unwrap_or(u32::MAX)
}

/// The bytes free to unprivileged users on the file system holding `path`
/// (created if missing).
pub fn free_disk_bytes(path: &Path) -> Result<u64, CapabilityError> {
	use std::os::unix::ffi::OsStrExt;
	let failed = |source: std::io::Error| CapabilityError::Disk { path: path.to_path_buf(), source };
	std::fs::create_dir_all(path).map_err(failed)?;
	let c_path = std::ffi::CString::new(path.as_os_str().as_bytes())
		.map_err(|e| failed(std::io::Error::new(std::io::ErrorKind::InvalidInput, e)))?;
	let mut stats = std::mem::MaybeUninit::<libc::statvfs>::uninit();
	// SAFETY: `c_path` is a NUL-terminated string that lives through the
	// call, and `stats` points to writable memory of the right type.
	let status = unsafe { libc::statvfs(c_path.as_ptr(), stats.as_mut_ptr()) };
	if status != 0 {
		return Err(failed(std::io::Error::last_os_error()));
	}
	// SAFETY: `statvfs` returned 0, so it filled `stats`.
	let stats = unsafe { stats.assume_init() };
	// The field types differ between platforms (u32 or u64).
	#[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
	let (available, fragment) = (stats.f_bavail as u64, stats.f_frsize as u64);
	Ok(available.saturating_mul(fragment))
}

/// Measures this worker's capabilities (see the module docs), with
/// `parallel` tasks at once, its state in `state_dir`, calibrated on
/// `runner`, lowered to what the operator `declared`. Blocking: the
/// calibration takes a fraction of a second.
pub fn measure(state_dir: &Path, parallel: usize, runner: &Runner, declared: Declared) -> Result<Capabilities, CapabilityError> {
	let cores = std::thread::available_parallelism().map_err(CapabilityError::Cores)?.get();
	let machine = super::machine_memory().map_err(|e| CapabilityError::Memory(format!("{e:#}")))?;
	let disk = free_disk_bytes(state_dir)?;
	let fuel_per_sec = runner.fuel_per_second()?;
	let measured = Capabilities {
		cpu_cores: u16::try_from(cores).unwrap_or(u16::MAX),
		memory_mib: task_memory_mib(machine, parallel),
		disk_mib: u32::try_from(disk >> 20).unwrap_or(u32::MAX),
		gpu_memory_mib: 0,
		cpu_arch: std::env::consts::ARCH.to_string(),
		fuel_per_sec,
	};
	declared.apply(measured)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn measured() -> Capabilities {
		Capabilities {
			cpu_cores: 8,
			memory_mib: 256,
			disk_mib: 10_000,
			gpu_memory_mib: 0,
			cpu_arch: "x86_64".into(),
			fuel_per_sec: 1_000_000_000,
		}
	}

	#[test]
	fn declaring_more_than_measured_is_refused_naming_the_flag() {
		let refused = Declared { memory_mib: Some(512), ..Declared::default() }.apply(measured()).unwrap_err();
		assert!(matches!(refused, CapabilityError::AboveMeasured { flag: "--memory-mib", declared: 512, measured: 256 }));
		assert!(refused.to_string().contains("--memory-mib 512"), "{refused}");
		let refused = Declared { cores: Some(9), ..Declared::default() }.apply(measured()).unwrap_err();
		assert!(matches!(refused, CapabilityError::AboveMeasured { flag: "--cores", declared: 9, measured: 8 }));
		let refused = Declared { disk_mib: Some(10_001), ..Declared::default() }.apply(measured()).unwrap_err();
		assert!(matches!(refused, CapabilityError::AboveMeasured { flag: "--disk-mib", .. }));
	}

	#[test]
	fn declaring_less_lowers_the_report_and_nothing_keeps_it() {
		assert_eq!(Declared::default().apply(measured()).unwrap(), measured());
		let lowered = Declared { cores: Some(2), memory_mib: Some(128), disk_mib: Some(10_000) }.apply(measured()).unwrap();
		assert_eq!((lowered.cpu_cores, lowered.memory_mib, lowered.disk_mib), (2, 128, 10_000));
		assert_eq!((lowered.cpu_arch.as_str(), lowered.fuel_per_sec), ("x86_64", 1_000_000_000));
	}

	#[test]
	fn architectures_map_to_the_chains_and_unknown_ones_meet_only_any() {
		assert_eq!(arch("x86_64"), CpuArch::X86_64);
		assert_eq!(arch("aarch64"), CpuArch::Aarch64);
		assert_eq!(arch("riscv64"), CpuArch::Riscv64);
		assert_eq!(arch("powerpc64"), CpuArch::Any);
		let unknown = Capabilities { cpu_arch: "powerpc64".into(), ..measured() }.resources();
		assert!(unknown.satisfies(&Resources::default()));
		assert!(!unknown.satisfies(&Resources { cpu_arch: CpuArch::X86_64, ..Resources::default() }));
		let x86 = measured().resources();
		assert!(x86.satisfies(&Resources { cpu_arch: CpuArch::X86_64, memory_mib: 256, ..Resources::default() }));
		assert!(!x86.satisfies(&Resources { cpu_arch: CpuArch::Aarch64, ..Resources::default() }));
	}

	#[test]
	fn one_task_gets_its_share_of_memory_up_to_the_sandbox_cap() {
		const GIB: u64 = 1 << 30;
		assert_eq!(task_memory_mib(16 * GIB, 1), 256);
		assert_eq!(task_memory_mib(GIB, 8), 128);
		assert_eq!(task_memory_mib(GIB, 0), 256, "no parallelism counts as one");
	}

	#[test]
	fn this_machine_is_measured() {
		let dir = tempfile::tempdir().unwrap();
		let runner = Runner::new(dir.path().join("sandbox")).unwrap();
		let capabilities = measure(dir.path(), 1, &runner, Declared::default()).unwrap();
		assert!(capabilities.cpu_cores >= 1 && capabilities.memory_mib > 0 && capabilities.fuel_per_sec > 0, "{capabilities:?}");
		assert_eq!(capabilities.cpu_arch, std::env::consts::ARCH);
		assert!(free_disk_bytes(dir.path()).unwrap() > 0);
	}
}
