# Shared by the scripts in scripts/: paths, logging and the one build command.
# Source it; do not run it.

ECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ect/target}"
export ECT_NODE_BIN="${ECT_NODE_BIN:-$CARGO_TARGET_DIR/release/ect-node}"
export ECT_BIN="${ECT_BIN:-$CARGO_TARGET_DIR/release/ect}"
# The example apps, built for wasm32-wasip1 (ect-app-hash.wasm, ...).
export ECT_APPS_DIR="${ECT_APPS_DIR:-$CARGO_TARGET_DIR/wasm32-wasip1/release}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The single build of the whole workspace, shared by run.sh and test.sh so that
# both reuse the same artifacts: release profile, locked dependencies, every
# target (binaries and test harnesses) with the same unified feature set.
ect_build() {
	say "building the workspace (release) into $CARGO_TARGET_DIR"
	local start=$SECONDS
	(cd "$ECT_ROOT" && cargo build --release --locked --workspace --all-targets) || {
		say "build failed after $((SECONDS - start)) s"
		return 1
	}
	ect_build_apps
	say "build done in $((SECONDS - start)) s"
}

# The example apps of offchain-worker/apps, as WASI preview 1 modules in
# $ECT_APPS_DIR.
ect_build_apps() {
	say "building the example apps (wasm32-wasip1) into $ECT_APPS_DIR"
	(cd "$ECT_ROOT" && cargo build --release --locked --target wasm32-wasip1 \
		-p ect-app-hash -p ect-app-pi -p ect-app-wordcount -p ect-app-faulty)
}
