#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kbuild.sh [SERIES]: what building kinit into the kernel costs, measured in
# one run against the same kernel without it. Not a test: it prints figures.
#
#   with     Debian's linux-source-SERIES (default 6.12) with this tree at
#            usr/, tinyconfig + tests/kernel/boot.config + intree.config
#            (INITRAMFS_KINIT=y, xz)
#   without  the pristine tree (the kernel's own usr/), same config less
#            intree.config
#
# For each: clean `make O=... bzImage` wall time, a no-op `make` right after
# it, and the bzImage size. For "with" also the usr/ descent alone: cold
# (our outputs and cargo's target dir removed) minus a no-op `make usr/`.
# Cargo's crates come from the cache (--offline), as in every kernel build.
#   BENCH_JOBS   make -j (default: nproc)
#   BENCH_DIR    scratch directory (default: $EARLYUSER_CACHE/bench-kbuild)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/lib.sh"
series=${1:-6.12}
jobs=${BENCH_JOBS:-$(nproc)}
pristine=$(kernel_source "$series")
work=${BENCH_DIR:-$EARLYUSER_CACHE/bench-kbuild}
rm -rf "$work"
mkdir -p "$work"
log=$work/bench.log
: >"$log"

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
mk() { make -C "$1" O="$2" ARCH=x86_64 "${@:3}" >>"$log" 2>&1 || die "make ${*:3} failed (see $log)"; }

configure() { # SRC OUT FRAGMENTS...
	local src=$1 out=$2
	shift 2
	mk "$src" "$out" tinyconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$@" >>"$log" 2>&1
	mk "$src" "$out" olddefconfig
}

echo "kbuild.sh: linux $series ($(basename "$pristine")), make -j$jobs, log $log" >&2

# with: hard links to the pristine tree, a real usr/ with this tree installed
with_src=$work/with-src
cp -al "$pristine/." "$with_src/"
rm -rf "$with_src/usr"
cp -a "$pristine/usr" "$with_src/usr"
"$root/scripts/install-into-kernel" "$with_src" >>"$log" 2>&1

declare -A build noop size
for v in without with; do
	if [ $v = with ]; then
		src=$with_src
		frags=("$root/tests/kernel/boot.config" "$root/tests/kernel/intree.config")
	else
		src=$pristine
		frags=("$root/tests/kernel/boot.config")
	fi
	out=$work/$v-build
	configure "$src" "$out" "${frags[@]}"
	echo "kbuild.sh: $v: building" >&2
	t=$(now)
	mk "$src" "$out" -j"$jobs" bzImage
	build[$v]=$(since "$t")
	t=$(now)
	mk "$src" "$out" -j"$jobs" bzImage
	noop[$v]=$(since "$t")
	size[$v]=$(stat -c %s "$out/arch/x86/boot/bzImage")
done

# The usr/ descent alone, cold and no-op.
out=$work/with-build
t=$(now)
mk "$with_src" "$out" -j"$jobs" usr/
usr_noop=$(since "$t")
rm -rf "$out/usr/cargo-target" "$out"/usr/initramfs_* "$out/usr/gen_initramfs" "$out"/usr/.initramfs_*
t=$(now)
mk "$with_src" "$out" -j"$jobs" usr/
usr_cold=$(since "$t")
inc=$(stat -c %s "$out/usr/initramfs_inc_data")
kinit=$(stat -c %s "$out/usr/initramfs_kinit")

f() { printf '%.1f' "$1"; }
echo
echo "linux $series, tinyconfig + boot.config, make -j$jobs on $(nproc) cores (load $(cut -d' ' -f1 /proc/loadavg))"
printf '%-44s %10s %10s %10s\n' "" without with ratio
printf '%-44s %10s %10s %10s\n' "clean make bzImage (s)" "$(f "${build[without]}")" "$(f "${build[with]}")" \
	"$(echo "scale=3; ${build[with]} / ${build[without]}" | bc)"
printf '%-44s %10s %10s %10s\n' "no-op make bzImage (s)" "$(f "${noop[without]}")" "$(f "${noop[with]}")" \
	"$(echo "scale=3; ${noop[with]} / ${noop[without]}" | bc)"
printf '%-44s %10s %10s %10s\n' "bzImage (bytes)" "${size[without]}" "${size[with]}" \
	"$(echo "scale=3; ${size[with]} / ${size[without]}" | bc)"
echo
echo "extra wall time of a clean build with INITRAMFS_KINIT: $(f "$(echo "${build[with]} - ${build[without]}" | bc)") s"
echo "usr/ descent: cold $(f "$usr_cold") s, no-op $(f "$usr_noop") s (make usr/, incl. the kernel's prepare); ours alone ~$(f "$(echo "$usr_cold - $usr_noop" | bc)") s"
echo "bzImage grows by $((size[with] - size[without])) bytes; the built-in initramfs is $inc bytes (xz) holding kinit of $kinit bytes"
