#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark (not a test): the same boot scenarios through our harness and
# through LAVA (lava-run, one job per boot), in one run, and the number of
# boots the full matrix takes.
#
#     tests/bench/lava.sh [FILTER...]    (default: scripts/test's smoke subset)
#
# Prints each runner's wall time for the boots (the build before them is
# the same for both and left out), the time per boot, LAVA's over the
# harness's, and the matrix: tests per kernel and arch, how many can be
# LAVA jobs, and what the whole matrix would take on this machine at the
# measured rates. BOOT_TESTS_JOBS applies to both runners (default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh
if [ $# = 0 ]; then
	set -- "6.12: root=PARTUUID (GPT)" "6.12: missing root device" "6.12: version skew"
fi
export BOOT_TESTS_KERNELS=${BOOT_TESTS_KERNELS:-6.12}
work=target/bench-lava
mkdir -p "$work"
cargo build -q --release --locked --offline -p boot-tests --bin boot-tests
bt=target/release/boot-tests

# "boot tests took T s: B s building, then N boots in W s ..."
boots_time() { sed -n 's/^# boot tests took .* then \([0-9]*\) boots in \([0-9]*\) s .*/\1 \2/p' "$1"; }
run() {
	local label=$1 out=$work/$1.ktap
	shift
	"$bt" "$@" >"$out" 2>&1 || true
	read -r n secs < <(boots_time "$out") || { echo "lava.sh: $label: no timing line in $out" >&2; exit 1; }
	printf '%-8s %3d boots in %4d s (%5.1f s per boot); %s\n' "$label" "$n" "$secs" \
		"$(echo "$secs / $n" | bc -l)" "$(tail -n 1 "$out")"
	eval "${label}_n=$n ${label}_s=$secs"
}
echo "== the same boots, one runner after the other (BOOT_TESTS_JOBS=${BOOT_TESTS_JOBS:-2})"
run harness "$@"
run lava --lava-run "$@"
printf 'LAVA / harness: %.2f x the wall time (%+.1f s per boot)\n' \
	"$(echo "$lava_s / $harness_s" | bc -l)" \
	"$(echo "($lava_s - $harness_s) / $lava_n" | bc -l)"

echo "== the matrix"
all=$(BOOT_TESTS_KERNELS=6.12,6.1 BOOT_TESTS_OPTIN=all "$bt" --list | wc -l)
lava=$(BOOT_TESTS_KERNELS=6.12,6.1 BOOT_TESTS_OPTIN=all "$bt" --lava-run --list | wc -l)
scenarios=$(BOOT_TESTS_KERNELS=6.12 BOOT_TESTS_OPTIN=all "$bt" --list | grep -c '^6\.12: ')
echo "scenarios: $scenarios per kernel version; x86_64 with 6.12 and 6.1 (+ Debian's kernel): $all boots, $lava of them LAVA jobs"
arches=3
echo "x86_64, arm64, riscv64 x 6.12, 6.1: $((all * arches)) boots ($((lava * arches)) as LAVA jobs)"
printf 'at the rates above on this machine: harness %.0f min, LAVA %.0f min\n' \
	"$(echo "$all * $arches * $harness_s / $harness_n / 60" | bc -l)" \
	"$(echo "$lava * $arches * $lava_s / $lava_n / 60" | bc -l)"
