#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the workspace once
# (release, the same build run.sh uses), then runs unit, runtime and
# end-to-end tests, then scripts/demo.sh as one more end-to-end test (unless
# a test name is given), and ends with one summary line over all of them.
# Extra arguments go to `cargo test` (e.g. a test name).
# Idempotent; honours CARGO_TARGET_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

start=$SECONDS
bash "$ECT_ROOT/scripts/setup.sh"
ect_build

say "running the tests"
test_start=$SECONDS
log="$CARGO_TARGET_DIR/test-output.log"
status=0
(cd "$ECT_ROOT" && cargo test --release --locked --workspace --no-fail-fast "$@") 2>&1 | tee "$log" || status=$?
if [ $# -eq 0 ]; then
	say "running scripts/demo.sh (at most 10 minutes)"
	demo_status=0
	timeout 600 bash "$ECT_ROOT/scripts/demo.sh" 2>&1 | tee "$CARGO_TARGET_DIR/demo-output.log" || demo_status=$?
	if [ "$demo_status" -eq 0 ]; then
		echo "test result: ok. 1 passed; 0 failed (scripts/demo.sh)" | tee -a "$log"
	else
		echo "test result: FAILED. 0 passed; 1 failed (scripts/demo.sh exited $demo_status)" | tee -a "$log"
		status=1
	fi
fi
say "tests done in $((SECONDS - test_start)) s; test.sh took $((SECONDS - start)) s in all"
awk '/^test result:/ { passed += $4; failed += $6 } END { printf "summary: %d passed, %d failed\n", passed, failed }' "$log"
exit "$status"
