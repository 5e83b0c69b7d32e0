#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the workspace once
# (release, the same build run.sh uses), then runs unit, runtime and
# end-to-end tests. Extra arguments go to `cargo test` (e.g. a test name).
# Idempotent; honours CARGO_TARGET_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

start=$SECONDS
bash "$ECT_ROOT/scripts/setup.sh"
ect_build

say "running the tests"
test_start=$SECONDS
(cd "$ECT_ROOT" && cargo test --release --locked --workspace "$@")
say "tests done in $((SECONDS - test_start)) s; test.sh took $((SECONDS - start)) s in all"
