//! The sandbox on hand-written WASI modules: output captured, exits, traps,
//! fuel and memory caps, and the same output on every run.

use ect_runner::{Limits, RunError, RunInput, Runner};

/// A module that writes `text` to standard output, then runs `tail`.
fn module(text: &str, tail: &str) -> Vec<u8> {
	let len = text.len();
	wat::parse_str(format!(
		r#"(module
			(import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
			(import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
			(memory (export "memory") 1)
			(data (i32.const 64) "{text}")
			(func (export "_start")
				(i32.store (i32.const 0) (i32.const 64))
				(i32.store (i32.const 4) (i32.const {len}))
				(drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
				{tail}))"#
	))
	.expect("valid wat")
}

fn runner() -> (tempfile::TempDir, Runner) {
	let dir = tempfile::tempdir().unwrap();
	let runner = Runner::new(dir.path()).unwrap();
	(dir, runner)
}

#[test]
fn standard_output_is_the_output_and_fuel_is_counted() {
	let (_dir, runner) = runner();
	let run = runner.run(&module("hello", ""), &RunInput::default(), &Limits::with_fuel(1_000_000)).unwrap();
	assert_eq!(run.output.stdout, b"hello");
	assert!(run.output.files.is_empty());
	assert!(run.fuel_used > 0 && run.fuel_used < 1_000_000, "fuel {}", run.fuel_used);
	let again = runner.run(&module("hello", ""), &RunInput::default(), &Limits::with_fuel(1_000_000)).unwrap();
	assert_eq!(again.output, run.output);
	assert_eq!(again.fuel_used, run.fuel_used, "fuel is deterministic");
}

#[test]
fn exit_status_zero_is_success_and_others_are_failures() {
	let (_dir, runner) = runner();
	let limits = Limits::with_fuel(1_000_000);
	let ok = runner.run(&module("a", "(call $proc_exit (i32.const 0))"), &RunInput::default(), &limits).unwrap();
	assert_eq!(ok.output.stdout, b"a");
	let err = runner.run(&module("a", "(call $proc_exit (i32.const 3))"), &RunInput::default(), &limits).unwrap_err();
	assert!(matches!(err, RunError::Exit(3)), "{err:?}");
}

#[test]
fn traps_are_failures() {
	let (_dir, runner) = runner();
	let err = runner.run(&module("a", "unreachable"), &RunInput::default(), &Limits::with_fuel(1_000_000)).unwrap_err();
	assert!(matches!(err, RunError::Trapped(_)), "{err:?}");
	assert_eq!(err.kind(), "trapped");
}

#[test]
fn an_endless_loop_runs_out_of_fuel() {
	let (_dir, runner) = runner();
	let err = runner
		.run(&module("a", "(loop $l (br $l))"), &RunInput::default(), &Limits::with_fuel(100_000))
		.unwrap_err();
	assert!(matches!(err, RunError::OutOfFuel { fuel: 100_000 }), "{err:?}");
}

#[test]
fn memory_beyond_the_cap_traps() {
	let (_dir, runner) = runner();
	// Grows by 100 pages (6.4 MiB) against a 1 MiB cap.
	let limits = Limits { memory_bytes: 1 << 20, ..Limits::with_fuel(1_000_000) };
	let err = runner.run(&module("a", "(drop (memory.grow (i32.const 100)))"), &RunInput::default(), &limits).unwrap_err();
	assert!(matches!(err, RunError::Trapped(_)), "{err:?}");
}

#[test]
fn output_beyond_the_cap_is_refused() {
	let (_dir, runner) = runner();
	let limits = Limits { output_bytes: 4, ..Limits::with_fuel(1_000_000) };
	let err = runner.run(&module("too long", ""), &RunInput::default(), &limits).unwrap_err();
	assert!(matches!(err, RunError::OutputTooLarge { .. } | RunError::Trapped(_)), "{err:?}");
}

#[test]
fn modules_importing_beyond_wasi_are_invalid() {
	let (_dir, runner) = runner();
	let wasm = wat::parse_str(r#"(module (import "env" "socket" (func)) (func (export "_start")))"#).unwrap();
	let err = runner.run(&wasm, &RunInput::default(), &Limits::with_fuel(1_000)).unwrap_err();
	assert!(matches!(err, RunError::InvalidModule(_)), "{err:?}");
	let err = runner.run(b"not wasm", &RunInput::default(), &Limits::with_fuel(1_000)).unwrap_err();
	assert_eq!(err.kind(), "invalid_module");
}
