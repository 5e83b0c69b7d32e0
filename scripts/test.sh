#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the workspace once
# (release, the same build run.sh uses), then runs unit, runtime and
# end-to-end tests, and ends with one summary line over all test binaries.
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
say "tests done in $((SECONDS - test_start)) s; test.sh took $((SECONDS - start)) s in all"
awk '/^test result:/ { passed += $4; failed += $6 } END { printf "summary: %d passed, %d failed\n", passed, failed }' "$log"
exit "$status"
