//! One deterministic, confined, capped and metered run of a WASI preview 1
//! module.
//!
//! The guest sees:
//! - its arguments and the environment `ECT_TASK` (the task id, hex) and
//!   `ECT_SEED` (hex), nothing from the host;
//! - `/in`, read-only: the input files and, for deals with a dataset, the
//!   file `/in/dataset`;
//! - `/out`, writable: the files of its output;
//! - a wall clock fixed at the deal's start, a monotonic clock that advances
//!   by one microsecond per reading, and a random stream derived from the
//!   seed (the task id): two workers see exactly the same world.
//!
//! No sockets are preopened and preview 1 cannot open any, so the guest has no
//! network. Memory is capped by a store limiter, standard output by its pipe's
//! capacity and `/out` by a check after the run; fuel bounds the instructions.

use std::{
	collections::HashMap,
	path::{Path, PathBuf},
	sync::{
		atomic::{AtomicU64, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};

use wasmtime::{Config, Engine, Linker, Module, Store, StoreLimits, StoreLimitsBuilder, Trap};
use wasmtime_wasi::{
	p2::pipe::MemoryOutputPipe, preview1::WasiP1Ctx, random::Deterministic, DirPerms, FilePerms,
	HostMonotonicClock, HostWallClock, I32Exit, WasiCtxBuilder,
};

use crate::{blake2_256, error::RunError, output::Output};

/// What a run may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
	/// Fuel (roughly, WebAssembly instructions): the category's `max_fuel`.
	pub max_fuel: u64,
	/// Linear memory, in bytes.
	pub memory_bytes: usize,
	/// Standard output plus the files under `/out`, in bytes.
	pub output_bytes: u64,
}

impl Limits {
	/// Default caps for a category's fuel: 256 MiB of memory, 16 MiB of output.
	pub fn with_fuel(max_fuel: u64) -> Self {
		Self { max_fuel, memory_bytes: 256 << 20, output_bytes: 16 << 20 }
	}
}

/// What a run is given.
#[derive(Clone, Debug, Default)]
pub struct RunInput {
	/// The program arguments (`argv[1..]`; `argv[0]` is `app`).
	pub args: Vec<String>,
	/// Files put in `/in`, by name.
	pub files: Vec<(String, Vec<u8>)>,
	/// The verified dataset, linked as `/in/dataset`.
	pub dataset: Option<PathBuf>,
	/// The task id: seeds the random stream and is the `ECT_TASK` variable.
	pub seed: [u8; 32],
	/// The fixed wall-clock time, in unix milliseconds (the deal's start).
	pub clock_ms: u64,
}

/// A successful run.
#[derive(Clone, Debug)]
pub struct Run {
	/// Its output.
	pub output: Output,
	/// Fuel it burned.
	pub fuel_used: u64,
	/// Wall-clock time it took on this machine, in milliseconds (reported as
	/// usage, never part of the output).
	pub run_ms: u64,
	/// What it wrote to standard error (diagnostics, not part of the output).
	pub stderr: Vec<u8>,
}

/// Runs modules on one wasmtime engine, keeping compiled modules by hash.
#[derive(Clone)]
pub struct Runner {
	engine: Engine,
	modules: Arc<Mutex<HashMap<[u8; 32], Module>>>,
	scratch: PathBuf,
}

/// The store's data: the WASI context and the memory limiter.
struct Guest {
	wasi: WasiP1Ctx,
	limits: StoreLimits,
}

/// A wall clock stopped at one instant.
struct FixedClock(Duration);

impl HostWallClock for FixedClock {
	fn resolution(&self) -> Duration {
		Duration::from_millis(1)
	}
	fn now(&self) -> Duration {
		self.0
	}
}

/// A monotonic clock that advances one microsecond per reading.
#[derive(Default)]
struct StepClock(AtomicU64);

impl HostMonotonicClock for StepClock {
	fn resolution(&self) -> u64 {
		1_000
	}
	fn now(&self) -> u64 {
		self.0.fetch_add(1_000, Ordering::Relaxed)
	}
}

/// 4 KiB of pseudo-random bytes derived from `seed` (blake2 in counter mode).
fn random_stream(seed: &[u8; 32]) -> Vec<u8> {
	(0u32..128).flat_map(|i| blake2_256(&[&seed[..], &i.to_le_bytes()].concat())).collect()
}

impl Runner {
	/// A runner whose sandboxes live under `scratch`.
	pub fn new(scratch: impl Into<PathBuf>) -> Result<Self, RunError> {
		let mut config = Config::new();
		config
			.consume_fuel(true)
			.cranelift_nan_canonicalization(true)
			.relaxed_simd_deterministic(true)
			.wasm_threads(false);
		let engine = Engine::new(&config).map_err(|e| RunError::Sandbox(e.to_string()))?;
		Ok(Self { engine, modules: Default::default(), scratch: scratch.into() })
	}

	/// The compiled module for these bytes, compiling them once.
	fn module(&self, wasm: &[u8]) -> Result<Module, RunError> {
		let key = blake2_256(wasm);
		let mut modules = self.modules.lock().map_err(|_| RunError::Sandbox("module cache poisoned".into()))?;
		if let Some(module) = modules.get(&key) {
			return Ok(module.clone());
		}
		let module = Module::new(&self.engine, wasm).map_err(|e| RunError::InvalidModule(format!("{e:#}")))?;
		modules.insert(key, module.clone());
		Ok(module)
	}

	/// [`Self::run`] on a blocking thread of the current tokio runtime: the
	/// way to run an app from async code (WASI's host calls block on tokio,
	/// which must not happen on a thread that drives async tasks).
	pub async fn execute(&self, wasm: Vec<u8>, input: RunInput, limits: Limits) -> Result<Run, RunError> {
		let runner = self.clone();
		tokio::task::spawn_blocking(move || runner.run(&wasm, &input, &limits))
			.await
			.map_err(|e| RunError::Sandbox(format!("run thread: {e}")))?
	}

	/// Runs `wasm` on `input` within `limits`. Blocking: from async code,
	/// use [`Self::execute`].
	pub fn run(&self, wasm: &[u8], input: &RunInput, limits: &Limits) -> Result<Run, RunError> {
		let sandbox_err = |e: std::io::Error| RunError::Sandbox(e.to_string());
		let module = self.module(wasm)?;
		std::fs::create_dir_all(&self.scratch).map_err(sandbox_err)?;
		let dir = tempfile::Builder::new().prefix("run-").tempdir_in(&self.scratch).map_err(sandbox_err)?;
		let (in_dir, out_dir) = (dir.path().join("in"), dir.path().join("out"));
		std::fs::create_dir_all(&in_dir).map_err(sandbox_err)?;
		std::fs::create_dir_all(&out_dir).map_err(sandbox_err)?;
		for (name, bytes) in &input.files {
			if name.contains('/') || name == "dataset" || name.starts_with('.') {
				return Err(RunError::Sandbox(format!("bad input file name {name:?}")));
			}
			std::fs::write(in_dir.join(name), bytes).map_err(sandbox_err)?;
		}
		if let Some(dataset) = &input.dataset {
			std::fs::copy(dataset, in_dir.join("dataset")).map_err(sandbox_err)?;
		}

		// One byte more than the cap: the pipe silently drops what does not
		// fit, so a full pipe is how an overflow shows.
		let stdout = MemoryOutputPipe::new((limits.output_bytes as usize).saturating_add(1));
		let stderr = MemoryOutputPipe::new(64 << 10);
		let random = random_stream(&input.seed);
		let mut wasi = WasiCtxBuilder::new();
		wasi.arg("app")
			.args(&input.args)
			.env("ECT_TASK", format!("0x{}", hex::encode(input.seed)))
			.env("ECT_SEED", hex::encode(input.seed))
			.stdout(stdout.clone())
			.stderr(stderr.clone())
			.wall_clock(FixedClock(Duration::from_millis(input.clock_ms)))
			.monotonic_clock(StepClock::default())
			.secure_random(Deterministic::new(random.clone()))
			.insecure_random(Deterministic::new(random))
			.insecure_random_seed(u128::from_le_bytes(input.seed[..16].try_into().unwrap_or_default()))
			.allow_tcp(false)
			.allow_udp(false)
			.allow_ip_name_lookup(false);
		wasi.preopened_dir(&in_dir, "/in", DirPerms::READ, FilePerms::READ)
			.map_err(|e| RunError::Sandbox(e.to_string()))?;
		wasi.preopened_dir(&out_dir, "/out", DirPerms::all(), FilePerms::all())
			.map_err(|e| RunError::Sandbox(e.to_string()))?;
		let limiter = StoreLimitsBuilder::new()
			.memory_size(limits.memory_bytes)
			.instances(1)
			.memories(1)
			.tables(4)
			.trap_on_grow_failure(true)
			.build();
		let mut store = Store::new(&self.engine, Guest { wasi: wasi.build_p1(), limits: limiter });
		store.limiter(|guest| &mut guest.limits);
		store.set_fuel(limits.max_fuel).map_err(|e| RunError::Sandbox(e.to_string()))?;

		let mut linker: Linker<Guest> = Linker::new(&self.engine);
		wasmtime_wasi::preview1::add_to_linker_sync(&mut linker, |guest| &mut guest.wasi)
			.map_err(|e| RunError::Sandbox(e.to_string()))?;
		let started = Instant::now();
		let outcome = linker
			.instantiate(&mut store, &module)
			.map_err(|e| RunError::InvalidModule(format!("{e:#}")))?
			.get_typed_func::<(), ()>(&mut store, "_start")
			.map_err(|e| RunError::InvalidModule(format!("no _start: {e:#}")))?
			.call(&mut store, ());
		let run_ms = started.elapsed().as_millis() as u64;
		let fuel_used = limits.max_fuel.saturating_sub(store.get_fuel().unwrap_or(0));
		let stdout = stdout.contents().to_vec();
		if let Err(error) = outcome {
			if let Some(exit) = error.downcast_ref::<I32Exit>() {
				if exit.0 != 0 {
					return Err(RunError::Exit(exit.0));
				}
			} else if matches!(error.downcast_ref::<Trap>(), Some(Trap::OutOfFuel)) {
				return Err(RunError::OutOfFuel { fuel: limits.max_fuel });
			} else if stdout.len() as u64 > limits.output_bytes {
				return Err(RunError::OutputTooLarge { size: stdout.len() as u64, cap: limits.output_bytes });
			} else {
				return Err(RunError::Trapped(format!("{error:#}")));
			}
		}
		let files = read_tree(&out_dir, limits.output_bytes).map_err(|e| match e {
			TreeError::TooLarge(size) => RunError::OutputTooLarge { size, cap: limits.output_bytes },
			TreeError::Io(e) => RunError::Sandbox(e.to_string()),
		})?;
		let output = Output { stdout, files };
		if output.size() > limits.output_bytes {
			return Err(RunError::OutputTooLarge { size: output.size(), cap: limits.output_bytes });
		}
		Ok(Run { output, fuel_used, run_ms, stderr: stderr.contents().to_vec() })
	}
}

/// Why `/out` could not be read back.
enum TreeError {
	TooLarge(u64),
	Io(std::io::Error),
}

/// The regular files under `root`, by relative path, sorted; stops at `cap`
/// bytes. Symbolic links are not followed.
fn read_tree(root: &Path, cap: u64) -> Result<Vec<(String, Vec<u8>)>, TreeError> {
	let mut files = Vec::new();
	let mut pending = vec![root.to_path_buf()];
	let mut total = 0u64;
	while let Some(dir) = pending.pop() {
		for entry in std::fs::read_dir(&dir).map_err(TreeError::Io)? {
			let entry = entry.map_err(TreeError::Io)?;
			let kind = entry.file_type().map_err(TreeError::Io)?;
			if kind.is_dir() {
				pending.push(entry.path());
			} else if kind.is_file() {
				total = total.saturating_add(entry.metadata().map_err(TreeError::Io)?.len());
				if total > cap {
					return Err(TreeError::TooLarge(total));
				}
				let relative = entry.path().strip_prefix(root).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
				files.push((relative, std::fs::read(entry.path()).map_err(TreeError::Io)?));
			}
		}
	}
	files.sort();
	Ok(files)
}
