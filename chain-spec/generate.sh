#!/usr/bin/env bash
# Turns the runtime's genesis presets into chain-spec JSON files with the
# node's `build-spec`:
#   chain-spec/local.json       the 4-validator local testnet (committed)
#   chain-spec/local-raw.json   the same as raw storage (what validators share)
# Usage: chain-spec/generate.sh [--no-build]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

[ "${1:-}" = "--no-build" ] || { bash "$ECT_ROOT/scripts/setup.sh"; ect_build; }
out="$ECT_ROOT/chain-spec"
say "writing chain specs into $out"
"$ECT_NODE_BIN" build-spec --chain local --disable-default-bootnode >"$out/local.json"
"$ECT_NODE_BIN" build-spec --chain "$out/local.json" --raw --disable-default-bootnode >"$out/local-raw.json"
ls -l "$out"/*.json >&2
