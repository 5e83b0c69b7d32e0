#!/usr/bin/env bash
# The ECT cloud in one go: starts a dev chain with its embedded worker pool
# (scheduler //Ferdie, 3 workers), registers an app (hash) and a dataset,
# offers the app, requests a task as Dave (it rests in the book: no dataset
# offer yet), offers the dataset (which fills the resting request), watches
# the task with progress, prints the certified result and who was paid what,
# and stops the chain.
# Uses the build of run.sh/test.sh (builds it if missing). Honours
# CARGO_TARGET_DIR. Exits non-zero if anything fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bash "$ECT_ROOT/scripts/setup.sh"
ect_build

work=$(mktemp -d -t ect-demo-XXXXXX)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rpc_port=$(free_port)
pool_port=$(free_port)
node_pid=""
cleanup() {
	[ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

: >"$work/node.log"
say "starting the dev cloud: ws://127.0.0.1:$rpc_port, pool service on 127.0.0.1:$pool_port (log: $work/node.log)"
"$ECT_NODE_BIN" --dev --base-path "$work/chain" --rpc-port "$rpc_port" --prometheus-port "$(free_port)" \
	--port "$(free_port)" --no-mdns --no-telemetry --dev-pool 3 --dev-pool-port "$pool_port" >"$work/node.log" 2>&1 &
node_pid=$!
wait_log() { # pattern, seconds
	for _ in $(seq 1 "$2"); do
		grep -q "$1" "$work/node.log" && return 0
		kill -0 "$node_pid" 2>/dev/null || { tail -20 "$work/node.log"; echo "the node exited" >&2; return 1; }
		sleep 1
	done
	tail -20 "$work/node.log"; echo "timed out waiting for: $1" >&2; return 1
}
wait_log "Running JSON-RPC server" 60
wait_log "dev pool .*workers" 90

ect() { "$ECT_BIN" --url "ws://127.0.0.1:$rpc_port" "$@"; }
field() { python3 -c "import json,sys; v=json.load(sys.stdin); print(eval('v' + sys.argv[1]))" "$1"; }

app_wasm="$ECT_APPS_DIR/ect-app-hash.wasm"
say "Alice registers the app 'hash' ($app_wasm) and offers it at 0.5 ECT a task"
app=$(ect --key //Alice --json app register --name hash --url "$app_wasm" --file "$app_wasm" | field '["app"]')
echo "{\"kind\": \"app\", \"app\": $app, \"price\": \"0.5ect\", \"volume\": 100}" >"$work/app-order.json"
ect --key //Alice order publish "$work/app-order.json"

say "Bob registers a dataset (no offer yet)"
printf 'the quick brown fox jumps over the lazy dog\n' >"$work/dataset.txt"
dataset=$(ect --key //Bob --json dataset register --name fox --url "$work/dataset.txt" --file "$work/dataset.txt" | field '["dataset"]')
echo "{\"kind\": \"dataset\", \"dataset\": $dataset, \"price\": \"0.25ect\", \"volume\": 100}" >"$work/dataset-order.json"

# Free balances before the task, to show who was paid what.
people=(//Alice //Bob //Ferdie //Ferdie//worker//1 //Ferdie//worker//2 //Ferdie//worker//3 //Dave)
free_of() { ect --json account balance "$1" | field '["free"]'; }
before=()
for who in "${people[@]}"; do before+=("$(free_of "$who")"); done

say "Dave requests one task: hash of 'hello ECT'; with no dataset offer yet, it rests in the book"
request=$(ect --key //Dave --json request --app "$app" --dataset "$dataset" --category 0 --trust 1 \
	--app-max-price 1ect --dataset-max-price 1ect --pool-max-price 2ect --params '{"input": "hello ECT"}')
echo "$request"
[ "$(echo "$request" | field '["deals"]')" = "[]" ] || { echo "the request was matched without a dataset offer" >&2; exit 1; }
echo "request resting until block $(echo "$request" | field '["resting_until_block"]')"

say "Bob offers the dataset at 0.25 ECT a task: the offer fills Dave's resting request with the dev pool's offer"
offer=$(ect --key //Bob --json order publish "$work/dataset-order.json")
task=$(echo "$offer" | field '["deals"][0]["tasks"][0]')
deal=$(echo "$offer" | field '["deals"][0]["deal"]')
echo "deal $deal, task $task"

say "watching the task"
ect task watch "$task" --timeout 120

say "the certified result, checked against the digest on chain"
ect task result "$task"

say "who was paid what: free balance and its change since the request (transaction fees included)"
ect deal show "$deal"
for i in "${!people[@]}"; do
	python3 -c 'import sys
who, before, after = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ect = lambda planck: "%+.6f ECT" % (planck / 1e12)
print("%-22s %18.6f ECT  %s" % (who, after / 1e12, ect(after - before)))' "${people[$i]}" "${before[$i]}" "$(free_of "${people[$i]}")"
done
say "demo done"
