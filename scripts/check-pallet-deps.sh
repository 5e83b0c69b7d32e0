#!/usr/bin/env bash
# The protocol pallets are peers: none depends on another protocol pallet,
# only on ect-primitives and ect-poco-math (docs/design/pallets.md). Fails,
# naming the offending dependency, if `cargo tree` (normal dependencies)
# shows otherwise. Run by scripts/test.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

cd "$ECT_ROOT"
pallets=(registry escrow marketplace poco reputation bridge inbox validators upgrade)
status=0
for pallet in "${pallets[@]}"; do
	deps=$(cargo tree --locked -e normal -p "pallet-ect-$pallet" --prefix none --format '{p}' |
		awk '{print $1}' | grep -E '^(pallet-ect-|ect-)' | sort -u | grep -vx "pallet-ect-$pallet" || true)
	echo "pallet-ect-$pallet: $(echo $deps)"
	for dep in $deps; do
		case "$dep" in
			ect-primitives | ect-poco-math) ;;
			*)
				say "pallet-ect-$pallet depends on $dep"
				status=1
				;;
		esac
	done
done
[ "$status" -eq 0 ] && say "no protocol pallet depends on another"
exit "$status"
