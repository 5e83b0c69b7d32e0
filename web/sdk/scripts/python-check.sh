#!/usr/bin/env bash
# The project's runtime APIs from Python: substrate-interface (which reads
# metadata V14 only) given the SDK's generated registry
# (runtime-apis/ect-runtime-apis.json) calls them on a dev chain
# (test/python/test_runtime_apis.py).
#
#   scripts/python-check.sh                        starts its own dev chain (ect-node --dev --dev-pool 1)
#   scripts/python-check.sh --node PATH            ... with that ect-node
#   scripts/python-check.sh --url ws://HOST:PORT   on a running chain instead
#
# The virtualenv is $CARGO_TARGET_DIR/py-venv (CARGO_TARGET_DIR defaults to
# $HOME/.cache/ect/target): made if missing, and the pinned packages of
# test/python/requirements.txt installed whenever that file changed (the
# copy in the virtualenv records what it has). PYTHON names the interpreter
# (python3 by default, 3.9 or later with the venv module).
# First checks that the registry is the one the SDK's metadata gives
# (runtime-api-types.ts --check), when the web packages are installed.
set -euo pipefail

sdk="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$HOME/.cache/ect/target}"
venv="$target/py-venv"
requirements="$sdk/test/python/requirements.txt"
python="${PYTHON:-python3}"

if [ -x "$sdk/../node_modules/.bin/tsx" ]; then
	(cd "$sdk" && ../node_modules/.bin/tsx scripts/runtime-api-types.ts --check)
else
	echo "web/node_modules missing (npm ci in web/): the registry's freshness is not checked" >&2
fi

if [ ! -x "$venv/bin/python" ]; then
	echo "making the virtualenv $venv"
	mkdir -p "$target"
	"$python" -m venv "$venv" || { echo "$python -m venv failed: install Python's venv module (Debian: python3-venv)" >&2; exit 1; }
fi
if ! cmp -s "$requirements" "$venv/ect-requirements.txt"; then
	echo "installing $(grep -v '^#' "$requirements" | tr '\n' ' ')into $venv"
	"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
	cp "$requirements" "$venv/ect-requirements.txt"
fi

exec "$venv/bin/python" "$sdk/test/python/test_runtime_apis.py" "$@"
