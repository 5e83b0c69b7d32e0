#!/usr/bin/env bash
# The main job: installs what is missing, builds, and starts a dev ECT cloud:
# one validator with pre-funded dev accounts and a temporary database, and an
# embedded worker pool (scheduler //Ferdie and 3 workers) that takes tasks at
# once; builds the web marketplace if its sources changed and serves it.
# Prints the RPC address and the web app's URL. `--web-port N` (default 8080)
# moves the web app; other arguments go to ect-node (e.g. --base-path DIR to
# keep the chain between runs, --dev-pool N for N workers).
# Idempotent; honours CARGO_TARGET_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bash "$ECT_ROOT/scripts/setup.sh"
ect_build

rpc_port=9944
prometheus_port=9615
pool_port=9955
workers=3
web_port=8080
node_args=()
while [ $# -gt 0 ]; do
	case "$1" in
		--web-port) web_port="${2:?--web-port needs a port}"; shift 2 ;;
		--web-port=*) web_port="${1#--web-port=}"; shift ;;
		*) node_args+=("$1"); shift ;;
	esac
done
set -- ${node_args[@]+"${node_args[@]}"}
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

# The web marketplace: rebuilt when a source of the app or the SDK is newer
# than the build, served as static files by web/app/serve.mjs.
app="$ECT_ROOT/web/app"
if [ ! -f "$app/dist/index.html" ] ||
	[ -n "$(find "$app/src" "$app/index.html" "$ECT_ROOT/web/sdk/src" "$ECT_ROOT/web/sdk/.papi/metadata" -newer "$app/dist/index.html" -print -quit)" ]; then
	say "building the web marketplace"
	(cd "$ECT_ROOT/web" && npm run build -w app >/dev/null)
fi
web_pid=""
node_pid=""
# Ctrl-C or a TERM stops the node gracefully, then the web server.
trap 'if [ -n "$node_pid" ]; then kill -INT "$node_pid" 2>/dev/null || true; else exit 130; fi' INT TERM
trap 'kill $web_pid $node_pid 2>/dev/null || true' EXIT
web_log="$(mktemp)"
node "$app/serve.mjs" --port "$web_port" --dir "$app/dist" >"$web_log" 2>&1 &
web_pid=$!
# The server says where it serves, or why it cannot (a port taken).
for _ in $(seq 50); do
	grep -q '^serving ' "$web_log" && break
	kill -0 "$web_pid" 2>/dev/null || { cat "$web_log" >&2; echo "run.sh: the web server did not start (--web-port N picks another port)" >&2; exit 1; }
	sleep 0.1
done
rm -f "$web_log"
say "web marketplace on http://127.0.0.1:$web_port/?rpc=ws://127.0.0.1:$rpc_port"
"$ECT_NODE_BIN" --dev --no-mdns ${pool[@]+"${pool[@]}"} "$@" &
node_pid=$!
status=0
wait "$node_pid" || status=$?
# A trapped signal ends the first wait early: wait for the node to finish.
if kill -0 "$node_pid" 2>/dev/null; then wait "$node_pid" || status=$?; fi
exit "$status"
