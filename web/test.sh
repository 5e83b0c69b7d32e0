#!/usr/bin/env bash
# The web packages' tests, one step at a time (scripts/test.sh runs each as a
# test of its own, after the Rust build):
#
#   web/test.sh unit         type checks and unit tests of the SDK and the app (vitest)
#   web/test.sh task-life    the SDK's Node script: a whole task life on a dev cloud it starts
#   web/test.sh browser      the app in Debian's Chromium against a dev cloud it starts;
#                            screenshots in $ECT_WEB_OUT (default $CARGO_TARGET_DIR/web-report,
#                            emptied first; a directory given is left as it is)
#
# Installs the npm packages first if needed (web/install.sh). Honours
# CARGO_TARGET_DIR and ECT_NODE_BIN.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

web="$ECT_ROOT/web"
bash "$web/install.sh"
case "${1:-}" in
	unit)
		(cd "$web" && npm test -w sdk && npm test -w app)
		;;
	task-life)
		(cd "$web" && npm run task-life -w sdk -- --node "$ECT_NODE_BIN")
		;;
	browser)
		export ECT_NODE_BIN ECT_APPS_DIR
		if [ -z "${ECT_WEB_OUT:-}" ]; then
			# The default report directory is this script's: emptied at each run.
			ECT_WEB_OUT="$CARGO_TARGET_DIR/web-report"
			rm -rf "$ECT_WEB_OUT"
		fi
		export ECT_WEB_OUT
		mkdir -p "$ECT_WEB_OUT"
		(cd "$web" && npm run test:browser)
		;;
	*)
		echo "usage: web/test.sh unit|task-life|browser" >&2
		exit 2
		;;
esac
