#!/usr/bin/env bash
# Builds the forkless upgrade test's second runtime: ect-runtime with the
# `upgrade-fixture` feature (one spec_version higher, one more migration;
# runtime/src/upgrade_fixture.rs), as a compressed WASM blob at
# $CARGO_TARGET_DIR/upgrade-fixture.wasm, where tests/e2e finds it.
#
# Its WASM build needs a target directory of its own: substrate-wasm-builder
# keeps one build project per runtime crate under the target directory, and
# the fixture's features differ from the node's runtime. `cargo check` runs
# the runtime's build script (which builds the WASM) without building the
# native crates. Idempotent; honours CARGO_TARGET_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

fixture_target="$CARGO_TARGET_DIR/upgrade-fixture"
say "building the upgrade fixture runtime into $fixture_target"
start=$SECONDS
(cd "$ECT_ROOT" && CARGO_TARGET_DIR="$fixture_target" cargo check --release --locked -p ect-runtime --features upgrade-fixture)
cp "$fixture_target/release/wbuild/ect-runtime/ect_runtime.compact.compressed.wasm" "$CARGO_TARGET_DIR/upgrade-fixture.wasm"
say "upgrade fixture built in $((SECONDS - start)) s: $CARGO_TARGET_DIR/upgrade-fixture.wasm"
