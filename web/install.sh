#!/usr/bin/env bash
# Installs web/node_modules from web/package-lock.json (`npm ci`, which also
# generates the SDK's PAPI descriptors) unless it is already installed from
# that lock file: a second run does nothing. Called by scripts/setup.sh.
set -euo pipefail

web="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$web/node_modules/.ect-lock.sha256"
want="$(cat "$web/package.json" "$web"/*/package.json "$web/package-lock.json" "$web/sdk/.papi/metadata/ect.scale" | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$web/sdk/.papi/descriptors/dist" ]; then
	exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "web/install.sh: npm is required (Node.js >= 20)" >&2; exit 1; }
printf '\033[1m==> %s\033[0m\n' "installing the web packages (npm ci in $web)" >&2
(cd "$web" && npm ci --no-audit --no-fund --loglevel=error) >&2
printf '%s\n' "$want" >"$stamp"
