#!/usr/bin/env bash
# The SDK's PAPI metadata and descriptors, from the runtime's WASM (no node
# needed): writes .papi/metadata/ect.scale and .papi/polkadot-api.json from
# $CARGO_TARGET_DIR/release/wbuild/ect-runtime/ect_runtime.compact.compressed.wasm
# (CARGO_TARGET_DIR defaults to $HOME/.cache/ect/target; ECT_RUNTIME_WASM
# names another file), then generates the descriptors (.papi/descriptors,
# not committed: `npm install` generates them too) and the runtime API
# registry for V14-only clients (runtime-apis/ect-runtime-apis.json, from
# the metadata: scripts/runtime-api-types.ts).
#
#   scripts/descriptors.sh           regenerate (commit .papi/metadata/ect.scale,
#                                    .papi/polkadot-api.json, .papi/descriptors/package.json,
#                                    runtime-apis/ect-runtime-apis.json and
#                                    web/package-lock.json if they changed)
#   scripts/descriptors.sh --check   regenerate into a temporary directory and fail
#                                    (exit 1) if the committed metadata differs, or the
#                                    registry is not the committed metadata's
#
# Needs `npm install` run in web/ first (for the pinned papi CLI).
set -euo pipefail

sdk="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$HOME/.cache/ect/target}"
wasm="${ECT_RUNTIME_WASM:-$target/release/wbuild/ect-runtime/ect_runtime.compact.compressed.wasm}"
papi="$sdk/../node_modules/.bin/papi"
tsx="$sdk/../node_modules/.bin/tsx"
check=false
case "${1:-}" in
	--check) check=true ;;
	"") ;;
	*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

[ -f "$wasm" ] || { echo "no runtime WASM at $wasm: build the workspace first (scripts/run.sh)" >&2; exit 1; }
[ -x "$papi" ] || { echo "no papi CLI at $papi: run npm install in web/ first" >&2; exit 1; }
wasm="$(cd "$(dirname "$wasm")" && pwd)/$(basename "$wasm")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# papi's progress goes to the terminal only when it fails.
quietly() { "$@" >"$work/papi.log" 2>&1 || { cat "$work/papi.log" >&2; return 1; }; }

if ! $check; then
	(cd "$sdk" && quietly "$papi" add ect --wasm "$wasm" --skip-codegen && quietly "$papi" generate)
	echo "descriptors regenerated from $wasm"
	(cd "$sdk" && "$tsx" scripts/runtime-api-types.ts)
	exit 0
fi

mkdir -p "$work/.papi"
# The same config, so that its options are compared too; papi add rewrites the entry.
cp "$sdk/.papi/polkadot-api.json" "$work/.papi/polkadot-api.json"
echo '{"name": "ect-descriptors-check", "private": true}' >"$work/package.json"
(cd "$work" && quietly "$papi" add ect --wasm "$wasm" --skip-codegen)
status=0
for file in .papi/polkadot-api.json .papi/metadata/ect.scale; do
	if ! cmp -s "$work/$file" "$sdk/$file"; then
		echo "web/sdk/$file differs from what $wasm gives: run web/sdk/scripts/descriptors.sh and commit the result" >&2
		status=1
	fi
done
[ "$status" = 0 ] && echo "descriptors up to date with $wasm"
(cd "$sdk" && "$tsx" scripts/runtime-api-types.ts --check) || status=1
exit "$status"
