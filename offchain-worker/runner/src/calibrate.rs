//! How fast this machine burns fuel: the speed a worker reports to its pool
//! when it joins (`ect_agents::worker::capabilities`).
//!
//! [`Runner::fuel_per_second`] runs [`SPIN_WASM`], a module whose `_start`
//! loops forever, in the real sandbox with [`CALIBRATION_FUEL`], expects it
//! to run out of fuel, and divides that fuel by the wall-clock time of the
//! whole run (module compilation on first use, sandbox set-up and tear-down
//! included, as for a task). Fuel is about one unit per WebAssembly
//! instruction, so the figure compares machines' speed on the work the chain
//! meters; it is a measure, not a promise.

use std::time::Instant;

use crate::{
	error::RunError,
	sandbox::{Limits, RunInput, Runner},
};

/// The text of [`SPIN_WASM`].
pub const SPIN_WAT: &str = r#"(module (func (export "_start") (loop (br 0))))"#;

/// [`SPIN_WAT`], encoded by hand: a WASI command whose `_start` is an
/// endless loop, importing nothing.
pub const SPIN_WASM: [u8; 41] = [
	// magic and version
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	// type section (1), 4 bytes: one type, a function of no params and no results
	0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
	// function section (3), 2 bytes: one function, of type 0
	0x03, 0x02, 0x01, 0x00,
	// export section (7), 10 bytes: one export, "_start", a function, index 0
	0x07, 0x0a, 0x01, 0x06, b'_', b's', b't', b'a', b'r', b't', 0x00, 0x00,
	// code section (10), 9 bytes: one body of 7 bytes, no locals,
	// `loop (empty) br 0 end`, `end`
	0x0a, 0x09, 0x01, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b,
];

/// The fuel the calibration burns: a fraction of a second on a current
/// machine.
pub const CALIBRATION_FUEL: u64 = 100_000_000;

impl Runner {
	/// The fuel this machine burns per second in the sandbox: the time of
	/// one run of [`SPIN_WASM`] until its [`CALIBRATION_FUEL`] is spent. At
	/// least 1. Blocking: it takes a fraction of a second.
	pub fn fuel_per_second(&self) -> Result<u64, RunError> {
		let started = Instant::now();
		match self.run(&SPIN_WASM, &RunInput::default(), &Limits::with_fuel(CALIBRATION_FUEL)) {
			Err(RunError::OutOfFuel { .. }) => {},
			Err(other) => return Err(other),
			Ok(_) => return Err(RunError::Sandbox("the calibration loop ended before its fuel did".into())),
		}
		let nanos = started.elapsed().as_nanos().max(1);
		let per_second = u128::from(CALIBRATION_FUEL).saturating_mul(1_000_000_000).checked_div(nanos).unwrap_or(0);
		Ok(u64::try_from(per_second).unwrap_or(u64::MAX).max(1))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_calibration_module_is_its_text() {
		let parsed = wat::parse_str(SPIN_WAT).expect("valid wat");
		assert_eq!(parsed, SPIN_WASM.to_vec());
	}

	#[test]
	fn a_machine_burns_some_fuel_per_second() {
		let dir = tempfile::tempdir().expect("temporary directory");
		let runner = Runner::new(dir.path()).expect("runner");
		let speed = runner.fuel_per_second().expect("calibrated");
		assert!(speed > 0, "{speed} fuel/s");
	}
}
