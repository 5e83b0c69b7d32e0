#!/usr/bin/env bash
# Runtime benchmarks: builds ect-node with `--features runtime-benchmarks` and
# runs `ect-node benchmark pallet` for each pallet named, writing the
# generated weights to pallets/<dir>/src/weights.rs (pallet_ect_<dir>, through
# scripts/lib/weight-template.hbs: the WeightInfo trait and its impls), or to
# $ECT_WEIGHTS_DIR/<pallet>.rs for other pallets.
#
#   scripts/bench.sh pallet_ect_registry pallet_ect_marketplace
#   STEPS=2 REPEAT=1 scripts/bench.sh pallet_balances   # a quick smoke run
#
# The feature build shares CARGO_TARGET_DIR with the normal build: only the
# crates whose features differ are rebuilt, and the next run.sh/test.sh
# relinks the normal node.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

[ $# -gt 0 ] || { echo "usage: scripts/bench.sh PALLET..." >&2; exit 2; }
steps="${STEPS:-50}"
repeat="${REPEAT:-20}"

bash "$ECT_ROOT/scripts/setup.sh"
# frame-benchmarking-cli's storage-access test runtime is a WASM of its own,
# used only by `benchmark storage` (not offered by ect-node); its WASM build
# would look for itself in our workspace (WASM_BUILD_WORKSPACE_HINT) and fail.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
say "building ect-node with runtime benchmarks"
start=$SECONDS
(cd "$ECT_ROOT" && cargo build --release --locked -p ect-node --features runtime-benchmarks)
say "benchmark build done in $((SECONDS - start)) s"

for pallet in "$@"; do
	template=()
	case "$pallet" in
		pallet_ect_*) output="$ECT_ROOT/pallets/${pallet#pallet_ect_}/src/weights.rs"; template=(--template "$ECT_ROOT/scripts/lib/weight-template.hbs") ;;
		*) output="${ECT_WEIGHTS_DIR:-$CARGO_TARGET_DIR/weights}/$pallet.rs" ;;
	esac
	mkdir -p "$(dirname "$output")"
	say "benchmarking $pallet ($steps steps, $repeat repeats) into $output"
	"$ECT_NODE_BIN" benchmark pallet --chain dev --pallet "$pallet" --extrinsic '*' \
		--steps "$steps" --repeat "$repeat" --output "$output" "${template[@]}"
done
