#!/usr/bin/env bash
# The main job: installs what is missing, builds, and starts a dev ECT cloud:
# one validator with pre-funded dev accounts and a temporary database, and an
# embedded worker pool (scheduler //Ferdie and 3 workers) that takes tasks at
# once. Prints the RPC address. Extra arguments go to ect-node (e.g.
# --base-path DIR to keep the chain between runs, --dev-pool N for N workers).
# Idempotent; honours CARGO_TARGET_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bash "$ECT_ROOT/scripts/setup.sh"
ect_build

rpc_port=9944
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
	case "${args[$i]}" in
		--rpc-port) rpc_port="${args[$((i + 1))]:-$rpc_port}" ;;
		--rpc-port=*) rpc_port="${args[$i]#--rpc-port=}" ;;
	esac
done

say "starting the dev chain: JSON-RPC/WebSocket on ws://127.0.0.1:$rpc_port (Ctrl-C stops it)"
say "Prometheus metrics on http://127.0.0.1:9615/metrics"
say "dev pool: scheduler //Ferdie on ws://127.0.0.1:9955 with 3 workers; example apps in $ECT_APPS_DIR; CLI: $ECT_BIN"
pool=(--dev-pool 3)
for arg in "$@"; do
	case "$arg" in --dev-pool | --dev-pool=*) pool=() ;; esac
done
exec "$ECT_NODE_BIN" --dev --no-mdns "${pool[@]}" "$@"
