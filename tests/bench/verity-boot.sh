#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# verity-boot.sh [RUNS]: the cost of a dm-verity root. One ext4 root image
# (4 KiB blocks) and its hash device from `veritysetup format`; kinit boots
# it RUNS times (default 5, alternating) as a dm-verity root (roothash=,
# systemd.verity_root_data=/hash=) and as the same image mounted plainly
# (root=/dev/vda), same kernel, same archive. Prints per boot and as
# medians the guest time from kinit's start to the real init's first line
# (CLOCK_BOOTTIME at both ends: /init is boot-stamp, which prints it and
# execs kinit; the root's init is boot-marker, which prints it first), and
# the ratio. A benchmark, not a test: it exits 0 whenever every boot
# reached the root's init. Kernel: BENCH_SERIES (6.12).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/lib.sh"
runs=${1:-5}
series=${BENCH_SERIES:-6.12}
bzimage=$("$root/scripts/boot-kernel" "$series")
release=$(cat "$(dirname "$bzimage")/kernel.release")
work=$EARLYUSER_CACHE/bench-verity
target=$work/target
mkdir -p "$work"

(cd "$root" && KINIT_KERNEL_RELEASE=$release CARGO_TARGET_DIR=$target \
	cargo build --release --locked --offline -q -p kinit -p gen_init_cpio -p klibc-programs)

rm -rf "$work/rootfs" && mkdir -p "$work"/rootfs/{sbin,proc,sys,dev,etc,tmp}
cp "$target/release/boot-marker" "$work/rootfs/sbin/init"
rm -f "$work/data.img" "$work/hash.img"
mke2fs -q -F -t ext4 -b 4096 -d "$work/rootfs" "$work/data.img" 16M >/dev/null
roothash=$(veritysetup format "$work/data.img" "$work/hash.img" | sed -n 's/^Root hash:[[:space:]]*//p')
[ -n "$roothash" ] || die "veritysetup format gave no root hash"

printf '%s\n' 'dir /dev 0755 0 0' 'nod /dev/console 0600 0 0 c 5 1' 'dir /root 0700 0 0' \
	"file /init $target/release/boot-stamp 0755 0 0" \
	"file /kinit $target/release/kinit 0755 0 0" >"$work/initramfs.list"
"$target/release/gen_init_cpio" --compress=gzip -o "$work/initramfs.cpio.gz" "$work/initramfs.list"

# boot WHICH N: prints the guest time /init -> init, in seconds.
boot() {
	local log=$work/$1-$2.log args
	case $1 in
	verity) args="roothash=$roothash systemd.verity_root_data=/dev/vda systemd.verity_root_hash=/dev/vdb" ;;
	plain) args="root=/dev/vda" ;;
	esac
	timeout 60 qemu-system-x86_64 -accel tcg -m 256 -nodefaults -nographic -no-reboot \
		-kernel "$bzimage" -initrd "$work/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 printk.time=1 no_timer_check $args" \
		-serial "file:$log" -drive "file=$work/data.img,format=raw,if=virtio,readonly=on" \
		-drive "file=$work/hash.img,format=raw,if=virtio,readonly=on" \
		</dev/null >/dev/null 2>&1 || true
	local t0 t1
	t0=$(tr -d '\r' <"$log" | sed -n 's/^boot-stamp: boottime=\([0-9.]*\).*/\1/p' | head -n 1)
	t1=$(tr -d '\r' <"$log" | sed -n 's/^boot-marker: start .*boottime=\([0-9.]*\).*/\1/p' | head -n 1)
	[ -n "$t0" ] && [ -n "$t1" ] || die "$1 boot $2 did not reach the root's init (see $log)"
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.6f\n", m }'; }

: >"$work/verity.times"
: >"$work/plain.times"
for i in $(seq 1 "$runs"); do
	for w in verity plain; do
		t=$(boot "$w" "$i")
		echo "$t" >>"$work/$w.times"
		printf 'run %d %-7s %8.1f ms\n' "$i" "$w" "$(awk -v t="$t" 'BEGIN { print t * 1000 }')"
	done
done
v=$(median <"$work/verity.times")
p=$(median <"$work/plain.times")
echo "linux $release (TCG), $runs boots each, /init to the root's init:"
awk -v v="$v" -v p="$p" 'BEGIN {
	printf "  dm-verity root (roothash=):  %8.1f ms median\n", v * 1000
	printf "  same image, plain root=:     %8.1f ms median\n", p * 1000
	printf "  verity / plain:              %8.3f (%+.1f ms)\n", v / p, (v - p) * 1000 }'
