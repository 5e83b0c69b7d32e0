#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the workspace once
# (release, the same build run.sh uses), then runs unit, runtime and
# end-to-end tests; then (unless a test name is given) the runtime's
# try-runtime test (with that feature), the contracts' freshness check and
# smoke test, scripts/demo.sh, and the web packages' checks and tests
# (descriptors, unit, Python client, SDK task life, browser) as more tests;
# and ends with one summary line over all of them.
# Extra arguments go to `cargo test` (e.g. a test name).
# Idempotent; honours CARGO_TARGET_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

start=$SECONDS
bash "$ECT_ROOT/scripts/setup.sh"
ect_build
# The second runtime the forkless upgrade test upgrades a chain to.
bash "$ECT_ROOT/scripts/build-upgrade-fixture.sh"

say "running the tests"
test_start=$SECONDS
log="$CARGO_TARGET_DIR/test-output.log"
status=0
(cd "$ECT_ROOT" && cargo test --release --locked --workspace --no-fail-fast "$@") 2>&1 | tee "$log" || status=$?
if [ $# -eq 0 ]; then
	# A runtime upgrade's dry run on a live state (runtime/tests/try_runtime.rs)
	# needs the try-runtime feature: the runtime's tests once more with it,
	# natively (no WASM build).
	say "running the try-runtime test"
	(cd "$ECT_ROOT" && SKIP_WASM_BUILD=1 cargo test --release --locked -p ect-runtime --features try-runtime \
		--test try_runtime) 2>&1 | tee -a "$log" || status=$?
fi
# Runs a script as one more test (at most `limit` seconds), counted in the summary.
script_test() {
	local limit="$1" script="$2"
	shift 2
	say "running $script $* (at most $limit s)"
	local script_status=0
	# Its own log, named after the whole command (web/test.sh runs several steps).
	local name
	name="$(printf '%s' "${script%.sh}${*:+ $*}" | tr -c 'A-Za-z0-9_.-' '_')"
	timeout "$limit" bash "$ECT_ROOT/$script" "$@" 2>&1 | tee "$CARGO_TARGET_DIR/script-$name.log" || script_status=$?
	if [ "$script_status" -eq 0 ]; then
		echo "test result: ok. 1 passed; 0 failed ($script $*)" | tee -a "$log"
	else
		echo "test result: FAILED. 0 passed; 1 failed ($script $* exited $script_status)" | tee -a "$log"
		status=1
	fi
}
if [ $# -eq 0 ]; then
	# The committed ABI and bytecode are what the pinned solc makes of the
	# sources; the contracts behave on a real anvil.
	# No protocol pallet depends on another (docs/design/pallets.md).
	script_test 120 scripts/check-pallet-deps.sh
	script_test 300 contracts/build.sh --check
	script_test 300 contracts/smoke.sh
	script_test 600 scripts/demo.sh
	# The web side: the SDK's descriptors and runtime-API types are what the
	# runtime just built says; unit tests; a Python client through the published
	# types; the SDK's task life and the app in Chromium, each on a dev cloud.
	script_test 120 web/sdk/scripts/descriptors.sh --check
	script_test 300 web/test.sh unit
	script_test 300 web/sdk/scripts/python-check.sh
	script_test 300 web/test.sh task-life
	script_test 900 web/test.sh browser
fi
say "tests done in $((SECONDS - test_start)) s; test.sh took $((SECONDS - start)) s in all"
awk '/^test result:/ { passed += $4; failed += $6 } END { printf "summary: %d passed, %d failed\n", passed, failed }' "$log"
exit "$status"
