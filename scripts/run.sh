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
prometheus_port=9615
pool_port=9955
workers=3
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
	case "${args[$i]}" in
		--rpc-port) rpc_port="${args[$((i + 1))]:-$rpc_port}" ;;
		--rpc-port=*) rpc_port="${args[$i]#--rpc-port=}" ;;
		--prometheus-port) prometheus_port="${args[$((i + 1))]:-$prometheus_port}" ;;
		--prometheus-port=*) prometheus_port="${args[$i]#--prometheus-port=}" ;;
		--dev-pool-port) pool_port="${args[$((i + 1))]:-$pool_port}" ;;
		--dev-pool-port=*) pool_port="${args[$i]#--dev-pool-port=}" ;;
		--dev-pool) workers="${args[$((i + 1))]:-$workers}" ;;
		--dev-pool=*) workers="${args[$i]#--dev-pool=}" ;;
	esac
done

say "starting the dev chain: JSON-RPC/WebSocket on ws://127.0.0.1:$rpc_port (Ctrl-C stops it)"
say "Prometheus metrics on http://127.0.0.1:$prometheus_port/metrics"
say "dev pool: scheduler //Ferdie on ws://127.0.0.1:$pool_port with $workers workers, result store on http://127.0.0.1:$((pool_port + 1)); example apps in $ECT_APPS_DIR; CLI: $ECT_BIN"
pool=(--dev-pool 3)
for arg in "$@"; do
	case "$arg" in --dev-pool | --dev-pool=*) pool=() ;; esac
done
exec "$ECT_NODE_BIN" --dev --no-mdns "${pool[@]}" "$@"
