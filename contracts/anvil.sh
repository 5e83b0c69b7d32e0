#!/usr/bin/env bash
# Prints the path of the anvil binary that npm installs (installing it first if needed).
set -euo pipefail

CONTRACTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$CONTRACTS_DIR/build.sh" --install
echo "$CONTRACTS_DIR/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
