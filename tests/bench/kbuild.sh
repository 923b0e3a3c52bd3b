#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kbuild.sh [SERIES]: what building kinit into the kernel costs, measured in
# one run on the same tree and configuration with the option off and on.
# Not a test: it prints figures (targets: a no-op make adds at most 0.5 s, a
# clean build at most 45 s).
#
# The tree: Debian's linux-source-SERIES (default 6.12) with this tree at
# usr/; the configuration: tinyconfig + tests/kernel/boot.config +
# intree.config, with INITRAMFS_KINIT=n ("off") and =y ("on"), built with
# RUSTC=$BENCH_RUSTC (default /usr/bin/rustc). For each: a clean
# `make O=... bzImage`, a no-op one right after it, vmlinux's and bzImage's
# sizes. For "on" also how much of the work is the Rust standard library:
# the recorded rustc commands for core, compiler_builtins and alloc run
# again one after the other, against the same for klibc, kinit and the host
# programs.
#   BENCH_JOBS   make -j (default: nproc)
#   BENCH_DIR    scratch directory (default: $EARLYUSER_CACHE/bench-kbuild)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/lib.sh"
series=${1:-6.12}
jobs=${BENCH_JOBS:-$(nproc)}
rustc=${BENCH_RUSTC:-/usr/bin/rustc}
pristine=$(kernel_source "$series")
work=${BENCH_DIR:-$EARLYUSER_CACHE/bench-kbuild}
rm -rf "$work"
mkdir -p "$work"
log=$work/bench.log
: >"$log"
export KBUILD_BUILD_TIMESTAMP='2025-01-01 00:00:00 UTC'

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
mk() { make -C "$src" O="$1" ARCH=x86_64 RUSTC="$rustc" "${@:2}" >>"$log" 2>&1 || die "make ${*:2} failed (see $log)"; }

echo "kbuild.sh: linux $series ($(basename "$pristine")), make -j$jobs, RUSTC=$rustc, log $log" >&2
src=$work/src
mkdir -p "$src"
cp -al "$pristine/." "$src/"
rm -rf "$src/usr"
cp -a "$pristine/usr" "$src/usr"
"$root/scripts/install-into-kernel" "$src" >>"$log" 2>&1

declare -A build noop bz vm
for v in off on; do
	out=$work/$v
	mk "$out" tinyconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
		"$root/tests/kernel/boot.config" "$root/tests/kernel/intree.config" >>"$log" 2>&1
	[ $v = on ] || "$src/scripts/config" --file "$out/.config" -d INITRAMFS_KINIT
	mk "$out" olddefconfig
	grep -q "^CONFIG_INITRAMFS_KINIT=y" "$out/.config" && got=on || got=off
	[ $got = $v ] || die "INITRAMFS_KINIT is $got, want $v (usr/scripts/kbuild/kinit-available RUSTC=$rustc says why)"
	echo "kbuild.sh: $v: clean build" >&2
	t=$(now)
	mk "$out" -j"$jobs" bzImage
	build[$v]=$(since "$t")
	t=$(now)
	mk "$out" -j"$jobs" bzImage
	noop[$v]=$(since "$t")
	bz[$v]=$(stat -c %s "$out/arch/x86/boot/bzImage")
	vm[$v]=$(stat -c %s "$out/vmlinux")
done

# The recorded commands (Kbuild's .cmd files), run again one at a time.
rerun() { # TARGET (relative to the build dir)
	local cmd t
	# 6.12 records savedcmd_<target>, 6.1 cmd_<target>.
	cmd=$(sed -n "s/^\(saved\)\{0,1\}cmd_$(echo "$1" | sed 's|/|\\/|g') := //p" "$work/on/$(dirname "$1")/.$(basename "$1").cmd")
	[ -n "$cmd" ] || die "no recorded command for $1"
	cmd=${cmd//\$(pound)/#}
	t=$(now)
	(cd "$work/on" && RUSTC_BOOTSTRAP=1 sh -c "$cmd") >>"$log" 2>&1 || die "re-running the command of $1 failed"
	since "$t"
}
std=0 ours=0 host=0
for x in libcore libcompiler_builtins liballoc; do
	std=$(echo "$std + $(rerun "usr/rust/$x.rlib")" | bc)
done
for x in rust/libklibc.rlib rust/libkinit.rlib rust/kinit; do
	ours=$(echo "$ours + $(rerun "usr/$x")" | bc)
done
for x in rust/host/libgen_init_cpio.rlib gen_initramfs rust/uapi-gen; do
	host=$(echo "$host + $(rerun "usr/$x")" | bc)
done
kinit=$(stat -c %s "$work/on/usr/rust/kinit")
inc=$(stat -c %s "$work/on/usr/initramfs_inc_data")

f() { printf '%.1f' "$1"; }
r() { echo "scale=3; $1 / $2" | bc; }
echo
echo "linux $series, tinyconfig + boot.config + intree.config, make -j$jobs on $(nproc) cores (load $(cut -d' ' -f1 /proc/loadavg))"
printf '%-40s %12s %12s %12s %10s\n' "" "option off" "option on" "on - off" ratio
printf '%-40s %12s %12s %12s %10s\n' "clean make bzImage (s)" "$(f "${build[off]}")" "$(f "${build[on]}")" \
	"$(f "$(echo "${build[on]} - ${build[off]}" | bc)")" "$(r "${build[on]}" "${build[off]}")"
printf '%-40s %12s %12s %12s %10s\n' "no-op make bzImage (s)" "$(f "${noop[off]}")" "$(f "${noop[on]}")" \
	"$(f "$(echo "${noop[on]} - ${noop[off]}" | bc)")" "$(r "${noop[on]}" "${noop[off]}")"
printf '%-40s %12s %12s %12s %10s\n' "vmlinux (bytes)" "${vm[off]}" "${vm[on]}" "$((vm[on] - vm[off]))" "$(r "${vm[on]}" "${vm[off]}")"
printf '%-40s %12s %12s %12s %10s\n' "bzImage (bytes)" "${bz[off]}" "${bz[on]}" "$((bz[on] - bz[off]))" "$(r "${bz[on]}" "${bz[off]}")"
echo
echo "the option's rustc work, its commands re-run one at a time:"
echo "  core + compiler_builtins + alloc: $(f "$std") s; klibc + kinit (incl. LTO link): $(f "$ours") s; host programs: $(f "$host") s"
echo "  (the standard library's share: $(r "$std" "$(echo "$std + $ours + $host" | bc)"))"
echo "kinit is $kinit bytes; the built-in initramfs $inc bytes (xz)"
echo "targets: no-op +$(f "$(echo "${noop[on]} - ${noop[off]}" | bc)") s (<= 0.5), clean +$(f "$(echo "${build[on]} - ${build[off]}" | bc)") s (<= 45)"
