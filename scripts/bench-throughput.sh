#!/usr/bin/env bash
# The throughput benchmark (a benchmark, not a timed test): runs `ect bench`
# twice, each time on a fresh dev chain (no embedded pool): at trust 1 and at
# trust 5 (three fresh workers must agree), with the product's scheduler
# and WORKERS of the product's workers (`ect_agents::scheduler`,
# `ect_agents::worker::Worker`, in the benchmark's process, the workers
# computing a fixed digest; docs/performance.md says what is not the
# product's). Prints each run's figures and the node's memory
# (at its start; over the measured window, RSS and its anonymous part at the
# window's start, peak and end, their means over its first and last minute
# and their trend; the file-backed part; the database's size on disk at the
# end; the CPU time of the node and of the benchmark's process over the
# window, per certified task; the fees the chain charged per certified
# task, by who paid them), ends with the summary line
#   throughput: trust1=<tasks/s> trust3=<tasks/s> p95_ms=<ms> workers=<n> driver=<d> validators=<n> node_cpu_us_per_task=<µs>
# (p95_ms: the larger of the two runs' p95 latency from a request's
# publication to its task's certification; driver: `agents`, the
# product's scheduler and workers; validators: the dev chain's one;
# node_cpu_us_per_task: the node's user + system time per certified task at
# trust 1, from /proc), and records the figures in
# docs/performance.md between its bench markers. The node runs as a
# validator would: a 64 MiB trie cache (TRIE_CACHE_MB) instead of the default
# 1 GiB, the state of the last 32 blocks (STATE_PRUNING) instead of 256, and
# the bodies of the last 32 finalized blocks (BLOCKS_PRUNING) instead of all:
# each bounds what the node keeps. The dev chain keeps a finished deal a
# minute (PoCo's retention), so the state stops growing after a minute. The
# 180 s warm-up lets the node's bounded buffers (the trie cache, ParityDB's
# write-ahead overlay and tables, the pool) fill most of the way before the
# window starts (docs/performance.md, Memory).
#
# Options (environment): WORKERS (3000), RATE1 (tasks/s requested at trust 1,
# 200), RATE3 (at trust 5, 50), WARMUP (s, 180), DURATION (s, 300), GROUP
# (tasks a worker computes at once, and so the cores it reports to the
# scheduler, which gives it that many tasks in a row; 8), TRIE_CACHE_MB
# (64), STATE_PRUNING (blocks, 32), BLOCKS_PRUNING (blocks, 32;
# `archive-canonical` keeps every body).
# Uses the build of run.sh/test.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

WORKERS=${WORKERS:-3000}
RATE1=${RATE1:-200}
RATE3=${RATE3:-50}
WARMUP=${WARMUP:-180}
DURATION=${DURATION:-300}
GROUP=${GROUP:-8}
TRIE_CACHE_MB=${TRIE_CACHE_MB:-64}
STATE_PRUNING=${STATE_PRUNING:-32}
BLOCKS_PRUNING=${BLOCKS_PRUNING:-32}

bash "$ECT_ROOT/scripts/setup.sh"
ect_build

work=$(mktemp -d -t ect-bench-XXXXXX)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
node_pid=""
stop_node() {
	[ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
	node_pid=""
}
trap 'stop_node; rm -rf "$work"' EXIT
rss() { ps -o rss= -p "$node_pid" | tr -d ' '; }

# One run on a fresh dev chain: trust, rate; prints the report (JSON) and
# leaves the node's RSS when it started in $work/rss-<trust> (the report
# has it over the measured window) and the database's size on disk at the
# end, MiB, in $work/db-<trust>.
run() {
	local rpc_port chain="$work/chain-$1" log="$work/node-$1.log"
	trap stop_node EXIT # run in a command substitution: its own shell
	rpc_port=$(free_port)
	say "trust $1: $2 tasks/s requested, $WORKERS workers, ${WARMUP} s warm-up, ${DURATION} s measured (node log: $log)"
	: >"$log"
	"$ECT_NODE_BIN" --dev --base-path "$chain" --rpc-port "$rpc_port" --prometheus-port "$(free_port)" \
		--port "$(free_port)" --no-mdns --no-telemetry --pool-limit 200000 --pool-kbytes 1000000 \
		--rpc-max-connections 1000 --trie-cache-size $((TRIE_CACHE_MB * 1024 * 1024)) \
		--state-pruning "$STATE_PRUNING" --blocks-pruning "$BLOCKS_PRUNING" >"$log" 2>&1 &
	node_pid=$!
	for _ in $(seq 1 60); do
		grep -q "Running JSON-RPC server" "$log" && break
		kill -0 "$node_pid" 2>/dev/null || { tail -20 "$log" >&2; return 1; }
		sleep 1
	done
	rss >"$work/rss-$1"
	"$ECT_BIN" --url "ws://127.0.0.1:$rpc_port" --json bench --workers "$WORKERS" --trust "$1" --rate "$2" \
		--warmup "$WARMUP" --duration "$DURATION" --drain 120 --group "$GROUP" --node-pid "$node_pid" \
		2>"$work/bench-trust$1.log"
	stop_node
	du -sm "$chain" | cut -f1 >"$work/db-$1"
	rm -rf "$chain"
}
trust1=$(run 1 "$RATE1")
trust3=$(run 5 "$RATE3")
python3 - "$trust1" "$trust3" "$(cat "$work/rss-1")" "$(cat "$work/rss-5")" "$(cat "$work/db-1")" "$(cat "$work/db-5")" \
	"$WORKERS" "$ECT_ROOT/docs/performance.md" \
	"WORKERS=$WORKERS RATE1=$RATE1 RATE3=$RATE3 WARMUP=$WARMUP DURATION=$DURATION GROUP=$GROUP TRIE_CACHE_MB=$TRIE_CACHE_MB STATE_PRUNING=$STATE_PRUNING BLOCKS_PRUNING=$BLOCKS_PRUNING scripts/bench-throughput.sh" <<'PY'
import json, os, platform, re, sys
t1, t3 = json.loads(sys.argv[1]), json.loads(sys.argv[2])
rss = [int(v) // 1024 for v in sys.argv[3:5]]
db = [int(v) for v in sys.argv[5:7]]
workers, doc, command = sys.argv[7], sys.argv[8], sys.argv[9]
def row(name, r):
    return (f"| {name} | {r['rate']} | {r['tasks_per_sec']:.1f} | {r['extrinsics_per_sec']:.1f} | {r['p50_ms']} / {r['p95_ms']} / {r['max_ms']} | "
            f"{r['submission_p50_ms']} / {r['submission_p95_ms']} / {r['submission_max_ms']} | "
            f"{r['certified']} / {r['requested']} | {r['unfinished']} | {r['blocks']} |")
def memory(name, r, start, db):
    m = {k: v / 1024 for k, v in r['node_rss_kib'].items()}
    a = {k: v / 1024 for k, v in r['node_anon_kib'].items()}
    return (f"{name}: {start} MiB when the node started; over the window RSS {m['start']:.0f} MiB at start, {m['peak']:.0f} MiB peak, "
            f"{m['end']:.0f} MiB at the end (means {m['first_minute']:.0f} MiB over the first minute and {m['last_minute']:.0f} MiB over the last, "
            f"trend {m['trend_per_minute']:+.1f} MiB/min), of which anonymous (the node's own memory) {a['start']:.0f}, {a['peak']:.0f} and {a['end']:.0f} MiB "
            f"(means {a['first_minute']:.0f} and {a['last_minute']:.0f} MiB, trend {a['trend_per_minute']:+.1f} MiB/min) "
            f"and file-backed (the database's mapped tables) {m['start'] - a['start']:.0f} and {m['end'] - a['end']:.0f} MiB "
            f"at start and end; database {db} MiB on disk at the end")
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
summary = (f"throughput: trust1={t1['tasks_per_sec']:.1f} trust3={t3['tasks_per_sec']:.1f} "
           f"p95_ms={max(t1['p95_ms'], t3['p95_ms'])} workers={workers} driver=agents validators=1 "
           f"node_cpu_us_per_task={t1['node_cpu_us_per_task']:.0f}")
def fee(name, r):
    each = r['fees_per_task']
    ect = lambda v: f"{v / 1e12:.6f}"
    total = each['requester'] + each['scheduler'] + each['workers']
    return (f"{name}: {ect(total)} ECT (requester {ect(each['requester'])}, scheduler {ect(each['scheduler'])}, "
            f"workers {ect(each['workers'])})")
def cpu_use(name, r):
    return (f"{name}: node {r['node_cpu_secs']:.1f} s ({r['node_cpu_us_per_task']:.0f} µs per certified task), "
            f"benchmark process (requester, scheduler, workers) {r['agents_cpu_secs']:.1f} s ({r['agents_cpu_us_per_task']:.0f} µs per task)")
block = "\n".join([
    "<!-- bench:begin (written by scripts/bench-throughput.sh) -->",
    f"Machine: {os.cpu_count()} cores ({cpu}), node, load and agents on it. Command: `{command}`.",
    "",
    "| run | requested tasks/s | certified tasks/s | extrinsics/s | latency from publication p50 / p95 / max ms | from submission p50 / p95 / max ms | certified / requested in window | unfinished | blocks |",
    "|---|---|---|---|---|---|---|---|---|",
    row("trust 1", t1),
    row("trust 5 (3 agreeing workers)", t3),
    "",
    f"Node RSS (each run on a fresh dev chain): {memory('trust 1', t1, rss[0], db[0])}; {memory('trust 5', t3, rss[1], db[1])}.",
    f"CPU time (user + system, from /proc) over the window: {cpu_use('trust 1', t1)}; {cpu_use('trust 5', t3)}.",
    f"Fees per certified task (TransactionFeePaid in the window's blocks, tips included, over the tasks certified in it): {fee('trust 1', t1)}; {fee('trust 5', t3)}.",
    f"Refused batch items: trust 1 {t1['refused']}, trust 5 {t3['refused']}; failed extrinsics {t1['failed_extrinsics']} and {t3['failed_extrinsics']}; pool refusals {t1['pool_refusals']} and {t3['pool_refusals']}.",
    "",
    "```",
    summary,
    "```",
    "<!-- bench:end -->",
])
text = open(doc).read() if os.path.exists(doc) else "# Performance\n\n<!-- bench:begin -->\n<!-- bench:end -->\n"
text = re.sub(r"<!-- bench:begin.*?<!-- bench:end -->", lambda _: block, text, flags=re.S)
open(doc, "w").write(text)
for r in (t1, t3):
    print(f"trust {r['trust']}: {r['tasks_per_sec']:.1f} certified tasks/s ({r['rate']} requested), {r['extrinsics_per_sec']:.1f} extrinsics/s, "
          f"latency from publication p50 {r['p50_ms']} ms p95 {r['p95_ms']} ms max {r['max_ms']} ms "
          f"(from submission p95 {r['submission_p95_ms']} ms), unfinished {r['unfinished']}")
print(f"node RSS: {memory('trust 1', t1, rss[0], db[0])}; {memory('trust 5', t3, rss[1], db[1])}")
print(f"CPU: {cpu_use('trust 1', t1)}; {cpu_use('trust 5', t3)}")
print(f"fees per task: {fee('trust 1', t1)}; {fee('trust 5', t3)}")
print(summary)
PY
