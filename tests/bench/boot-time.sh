#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# boot-time.sh [RUNS]: our kinit against klibc's (Debian's klibc-utils, with
# its shared library), same run, same kernel, same root disk. Boots each RUNS
# times (default 7, alternating) under QEMU/TCG and prints, per boot and as
# medians, the guest time from kinit's start to the real init's first line,
# the ratio, and the stripped sizes. Both ends read CLOCK_BOOTTIME (the clock
# of /proc/uptime): /init is boot-stamp, which prints it and execs /kinit
# (ours or klibc's), and the root's init is boot-marker, which prints it
# first. (The printk timestamp of "Run /init" is sched_clock, whose offset
# from CLOCK_BOOTTIME moves by milliseconds between boots under TCG.) A benchmark, not a test: it prints figures and exits 0
# whenever every boot reached the root's init. Kernel: BENCH_SERIES (6.12).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/lib.sh"
runs=${1:-7}
series=${BENCH_SERIES:-6.12}
bzimage=$("$root/scripts/boot-kernel" "$series")
release=$(cat "$(dirname "$bzimage")/kernel.release")
work=$EARLYUSER_CACHE/bench-boot
target=$work/target
mkdir -p "$work"

(cd "$root" && KINIT_KERNEL_RELEASE=$release CARGO_TARGET_DIR=$target \
	cargo build --release --locked --offline -q -p kinit -p gen_init_cpio -p klibc-programs)
ours=$target/release/kinit
# The same kinit without network boot (INITRAMFS_KINIT_NET=n): the applets of
# the local-root issue only (kinit, run-init, fstype, resume).
(cd "$root" && KINIT_KERNEL_RELEASE=$release CARGO_TARGET_DIR=$target-local \
	cargo build --release --locked --offline -q -p kinit --no-default-features --features roots)
ours_local=$target-local/release/kinit
theirs=/usr/lib/klibc/bin/kinit
[ -x "$theirs" ] || die "$theirs missing (klibc-utils; run scripts/setup)"
# klibc's programs name their shared library as the ELF interpreter
# (/lib/klibc-<hash>.so, from the libklibc package).
interp=$(readelf -l "$theirs" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
so=$interp
[ -n "$so" ] && [ -f "$so" ] || die "klibc's shared library ${so:-?} missing (libklibc)"

# One root disk for every boot.
rm -rf "$work/rootfs" && mkdir -p "$work"/rootfs/{sbin,proc,sys,dev,etc,tmp}
cp "$target/release/boot-marker" "$work/rootfs/sbin/init"
# klibc's run-init reopens /dev/console inside the new root.
mknod -m 600 "$work/rootfs/dev/console" c 5 1
mke2fs -q -F -t ext4 -d "$work/rootfs" "$work/root.img" 16M >/dev/null

# Three initramfs archives, written and compressed the same way: ours,
# klibc's, and the floor (boot-floor: only the syscalls any kinit must make
# for this root — sysfs for vda's number, mknod, mount, move, exec — so its
# time is the kernel's share of the span, which bounds every kinit's).
common='dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /root 0700 0 0'
common="$common
file /init $target/release/boot-stamp 0755 0 0"
printf '%s\nfile /kinit %s 0755 0 0\n' "$common" "$ours" >"$work/ours.list"
printf '%s\nfile /kinit %s 0755 0 0\ndir %s 0755 0 0\nfile %s %s 0755 0 0\n' \
	"$common" "$theirs" "$(dirname "$interp")" "$interp" "$so" >"$work/klibc.list"
printf '%s\nfile /kinit %s 0755 0 0\n' "$common" \
	"$target/release/boot-floor" >"$work/floor.list"
for w in ours klibc floor; do
	"$target/release/gen_init_cpio" --compress=gzip -o "$work/$w.cpio.gz" "$work/$w.list"
done

# boot WHICH N: prints the guest time /init -> init, in seconds.
boot() {
	local log=$work/$1-$2.log
	timeout 60 qemu-system-x86_64 -accel tcg -m 256 -nodefaults -nographic -no-reboot \
		-kernel "$bzimage" -initrd "$work/$1.cpio.gz" \
		-append "console=ttyS0 panic=-1 printk.time=1 no_timer_check root=/dev/vda" \
		-serial "file:$log" -drive "file=$work/root.img,format=raw,if=virtio" \
		</dev/null >/dev/null 2>&1 || true
	local t0 t1
	t0=$(tr -d '\r' <"$log" | sed -n 's/^boot-stamp: boottime=\([0-9.]*\).*/\1/p' | head -n 1)
	t1=$(tr -d '\r' <"$log" | sed -n 's/^boot-marker: start .*boottime=\([0-9.]*\).*/\1/p' | head -n 1)
	[ -n "$t0" ] && [ -n "$t1" ] || die "$1 boot $2 did not reach the root's init (see $log)"
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.6f\n", m }'; }

echo "kernel: linux $release ($bzimage), QEMU TCG, $runs boots each"
: >"$work/ours.times"
: >"$work/klibc.times"
: >"$work/floor.times"
for i in $(seq 1 "$runs"); do
	a=$(boot ours "$i")
	b=$(boot klibc "$i")
	c=$(boot floor "$i")
	echo "$a" >>"$work/ours.times"
	echo "$b" >>"$work/klibc.times"
	echo "$c" >>"$work/floor.times"
	printf 'boot %d: kinit -> init: ours %.3f s, klibc %.3f s, floor %.3f s\n' "$i" "$a" "$b" "$c"
done
mo=$(median <"$work/ours.times")
mk=$(median <"$work/klibc.times")
mf=$(median <"$work/floor.times")
printf 'median kinit -> init: ours %.3f s, klibc %.3f s, ratio ours/klibc %.2f (target <= 0.5)\n' \
	"$mo" "$mk" "$(awk -v a="$mo" -v b="$mk" 'BEGIN { print a / b }')"
printf 'median floor (the kernel'"'"'s share, no kinit can be faster): %.3f s = %.2f of klibc'"'"'s; ours above the floor %.3f s, klibc %.3f s\n' \
	"$mf" "$(awk -v a="$mf" -v b="$mk" 'BEGIN { print a / b }')" \
	"$(awk -v a="$mo" -v b="$mf" 'BEGIN { print a - b }')" "$(awk -v a="$mk" -v b="$mf" 'BEGIN { print a - b }')"

# Sizes, stripped the same way.
mkdir -p "$work/strip"
size() { strip -o "$work/strip/$(basename "$1")" "$1" && stat -c %s "$work/strip/$(basename "$1")"; }
s_ours=$(size "$ours")
s_kinit=$(size "$theirs")
s_so=$(size "$so")
s_all=$s_so
for t in kinit run-init fstype resume; do
	s_all=$((s_all + $(size "/usr/lib/klibc/bin/$t")))
done
s_local=$(size "$ours_local")
printf 'size: our kinit (all applets, static) %d B (%.1f KiB, target <= 64 KiB)\n' "$s_ours" "$(awk -v a="$s_ours" 'BEGIN { print a / 1024 }')"
printf 'size: our kinit without network boot (kinit, run-init, fstype, resume) %d B (%.1f KiB, target <= 64 KiB)\n' \
	"$s_local" "$(awk -v a="$s_local" 'BEGIN { print a / 1024 }')"
printf 'size: klibc kinit %d B + %s %d B = %d B; ratio ours/klibc %.2f\n' \
	"$s_kinit" "$(basename "$so")" "$s_so" "$((s_kinit + s_so))" \
	"$(awk -v a="$s_ours" -v b="$((s_kinit + s_so))" 'BEGIN { print a / b }')"
printf 'size: klibc kinit + run-init + fstype + resume + .so = %d B; ratio ours/that %.2f\n' \
	"$s_all" "$(awk -v a="$s_ours" -v b="$s_all" 'BEGIN { print a / b }')"
