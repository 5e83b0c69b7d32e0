#!/usr/bin/env bash
# Smoke test of the bridge contracts on a throwaway anvil node on loopback: deploys EctBridge
# (relayers = anvil accounts 1, 2, 3; threshold 2) and ExampleDapp from account 0, requests a
# task, checks the refusals, confirms a root and executes a result, a withdrawal and a refund.
# The checks themselves are in smoke.py (plain JSON-RPC, no web3 library).
set -euo pipefail

CONTRACTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$CONTRACTS_DIR/build.sh" --install
[ -f "$CONTRACTS_DIR/out/EctBridge.bin" ] || "$CONTRACTS_DIR/build.sh"
ANVIL="$("$CONTRACTS_DIR/anvil.sh")"

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
RPC="http://127.0.0.1:$PORT"
LOG="$(mktemp)"

"$ANVIL" --host 127.0.0.1 --port "$PORT" >"$LOG" 2>&1 &
ANVIL_PID=$!
cleanup() {
	kill "$ANVIL_PID" 2>/dev/null || true
	wait "$ANVIL_PID" 2>/dev/null || true
	rm -f "$LOG"
}
trap cleanup EXIT

# Wait (at most 15 s) for the node to answer.
for _ in $(seq 1 150); do
	if curl -s -m 1 -H 'Content-Type: application/json' \
		--data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$RPC" | grep -q result; then
		break
	fi
	if ! kill -0 "$ANVIL_PID" 2>/dev/null; then
		cat "$LOG" >&2
		echo "smoke.sh: anvil exited" >&2
		exit 1
	fi
	sleep 0.1
done

if ! python3 "$CONTRACTS_DIR/smoke.py" "$RPC" "$CONTRACTS_DIR"; then
	echo "smoke.sh: FAILED (last lines of the anvil log follow)" >&2
	tail -n 30 "$LOG" >&2
	exit 1
fi
