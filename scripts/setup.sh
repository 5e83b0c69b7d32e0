#!/usr/bin/env bash
# Installs what building and testing ECT needs, and only what is missing.
# Idempotent: a second run checks and changes nothing. Called by run.sh and test.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# Debian packages: protoc for litep2p's protobuf code, OpenSSL headers and
# pkg-config for its WebRTC transport, Chromium for the web app's browser tests,
# Python's venv module for the SDK's Python check.
need_apt=()
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
dpkg -s libssl-dev >/dev/null 2>&1 || need_apt+=(libssl-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# Python's venv module, for the web SDK's Python client check (Debian splits it out).
python3 -c 'import ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
	say "installing Debian packages: ${need_apt[*]}"
	SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
else
	say "Debian packages present (protobuf-compiler, libssl-dev, pkg-config, chromium)"
fi

# Rust targets: wasm32v1-none for the runtime, wasm32-wasip1 for the example apps.
command -v rustup >/dev/null 2>&1 || { echo "rustup is required (https://rustup.rs)" >&2; exit 1; }
installed=$(rustup target list --installed)
for target in wasm32v1-none wasm32-wasip1; do
	if ! grep -qx "$target" <<<"$installed"; then
		say "adding Rust target $target"
		rustup target add "$target"
	fi
done
say "Rust targets present (wasm32v1-none, wasm32-wasip1)"

# The bridge's Ethereum side: solc and anvil, pinned in contracts/package-lock.json and
# installed by npm into contracts/node_modules (npm ci runs only when that is missing or stale).
command -v npm >/dev/null 2>&1 || { echo "Node.js >= 20 with npm is required" >&2; exit 1; }
bash "$ECT_ROOT/contracts/build.sh" --install
say "solc and anvil present (contracts/node_modules)"
# The web SDK, app and browser tests: pinned in web/package-lock.json (npm ci when stale).
bash "$ECT_ROOT/web/install.sh"
say "web packages present (web/node_modules)"
mkdir -p "$CARGO_TARGET_DIR"
