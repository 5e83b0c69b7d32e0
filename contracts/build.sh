#!/usr/bin/env bash
# Builds the bridge contracts with the pinned solc into contracts/out/.
#
#   build.sh            install the npm packages if needed, then compile into out/
#   build.sh --install  only install the npm packages (solc, anvil) if missing or stale
#   build.sh --check    compile into a temporary directory and fail if out/ differs
#
# Works from any directory. The install step runs `npm ci` only when node_modules/ is missing
# or was installed from another package-lock.json, so a second run does nothing.
set -euo pipefail

CONTRACTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT_DIR="$CONTRACTS_DIR/out"
STAMP="$CONTRACTS_DIR/node_modules/.ect-lock.sha256"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

lock_hash() {
	cat "$CONTRACTS_DIR/package.json" "$CONTRACTS_DIR/package-lock.json" | sha256sum | cut -d' ' -f1
}

# Installs node_modules/ from package-lock.json unless it is already installed from it.
ensure_installed() {
	local want
	want="$(lock_hash)"
	if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] &&
		[ -f "$CONTRACTS_DIR/node_modules/solc/soljson.js" ] &&
		[ -x "$CONTRACTS_DIR/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil" ]; then
		return 0
	fi
	command -v npm >/dev/null 2>&1 || { echo "build.sh: npm is required (Node.js >= 20)" >&2; exit 1; }
	say "installing solc and anvil (npm ci in $CONTRACTS_DIR)"
	(cd "$CONTRACTS_DIR" && npm ci --no-audit --no-fund --loglevel=error) >&2
	printf '%s\n' "$want" >"$STAMP"
}

compile_to() {
	node "$CONTRACTS_DIR/compile.js" "$1"
}

mode="${1:-}"
case "$mode" in
"")
	ensure_installed
	compile_to "$OUT_DIR"
	say "contracts compiled into $OUT_DIR"
	;;
--install)
	ensure_installed
	;;
--check)
	ensure_installed
	tmp="$(mktemp -d)"
	trap 'rm -rf "$tmp"' EXIT
	compile_to "$tmp"
	if ! diff -r "$OUT_DIR" "$tmp" >/dev/null 2>&1; then
		diff -rq "$OUT_DIR" "$tmp" | sed "s|$tmp|<fresh build>|" >&2 || true
		echo "build.sh --check: contracts/out/ is stale; run contracts/build.sh and commit the result" >&2
		exit 1
	fi
	say "contracts/out/ is up to date"
	;;
*)
	echo "usage: $0 [--install | --check]" >&2
	exit 2
	;;
esac
