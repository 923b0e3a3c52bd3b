#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# boot-time-arch.sh [RUNS]: per architecture other than x86_64 (BENCH_ARCHES,
# default "aarch64 riscv64"), our kinit against the kernel's own root mount
# (root=/dev/vda mounted by the kernel: `rdinit=` names no file of its
# built-in initramfs, which is unpacked but not run), same kernel (scripts/
# boot-kernel-arch ARCH 6.12 smoke), same ext4 disk whose /sbin/init is
# boot-marker, same command line. Boots each RUNS times (default 5,
# alternating) under QEMU/TCG on the machine tests/arches describes and
# prints, per boot and as medians, the guest's CLOCK_BOOTTIME when /init
# started (ours: boot-stamp, which prints it and execs /kinit) and when the
# real init printed its first line (boot-marker), the ratio of the times
# to the real init, and /init -> real init for both: measured for ours; for
# the kernel's mount, which has no /init, its time to the real init minus
# our median /init start (where the kernel would have run /init: the same
# kernel's work up to there, less the archive's unpacking) — an estimate,
# said so. A benchmark, not a test: it prints figures and exits 0 whenever
# every boot reached the root's init.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/lib.sh"
runs=${1:-5}
series=6.12
arches=${BENCH_ARCHES:-aarch64 riscv64}
work=$EARLYUSER_CACHE/bench-boot-arch
mkdir -p "$work"
(cd "$root" && CARGO_TARGET_DIR=$work/target cargo build --release --locked --offline -q -p gen_init_cpio)
gen=$work/target/release/gen_init_cpio

median() { sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.6f\n", m }'; }
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }

for arch in $arches; do
	row=$(awk -v a="$arch" '$1 == a' "$root/tests/arches")
	[ -n "$row" ] || die "$arch has no line in tests/arches"
	read -r _ qemu machine cpu console firmware _ _ append _ <<<"$row"
	qargs=(-accel tcg -m 256 -nodefaults -nographic -no-reboot)
	[ "$machine" = - ] || qargs+=(-M "$machine")
	[ "$cpu" = - ] || qargs+=(-cpu "$cpu")
	[ "$firmware" = - ] || qargs+=(-bios "$firmware")
	cmdline="console=$console panic=-1 printk.time=1"
	[ "$append" = - ] || cmdline="$cmdline ${append//,/ }"
	cmdline="$cmdline root=/dev/vda"

	image=$("$root/scripts/boot-kernel-arch" "$arch" "$series" smoke)
	release=$(cat "$(dirname "$image")/kernel.release")
	dir=$work/$arch
	target=$work/target
	triple=$("$root/scripts/cargo-arch" --print target "$arch")
	(cd "$root" && CARGO_TARGET_DIR=$target KINIT_KERNEL_RELEASE=$release \
		scripts/cargo-arch "$arch" build --release --locked --offline -q \
		-p kinit -p klibc-programs --bin kinit --bin boot-marker --bin boot-stamp)
	bin=$target/$triple/release
	rm -rf "$dir" && mkdir -p "$dir"/rootfs/{sbin,proc,sys,dev,etc,tmp}
	cp "$bin/boot-marker" "$dir/rootfs/sbin/init"
	mknod -m 600 "$dir/rootfs/dev/console" c 5 1
	mke2fs -q -F -t ext4 -d "$dir/rootfs" "$dir/root.img" 16M >/dev/null
	printf '%s\n' 'dir /dev 0755 0 0' 'nod /dev/console 0600 0 0 c 5 1' 'dir /root 0700 0 0' \
		"file /init $bin/boot-stamp 0755 0 0" "file /kinit $bin/kinit 0755 0 0" >"$dir/ours.list"
	"$gen" --compress=xz -o "$dir/ours.cpio.xz" "$dir/ours.list"

	# boot WHICH N: prints "<boot-stamp's boottime or -> <boot-marker's>".
	boot() {
		local log=$dir/$1-$2.log initrd=() extra=
		# The kernel carries its own initramfs (the make-built kinit): an
		# rdinit= that it does not hold makes the kernel mount root itself.
		[ "$1" != kernel ] || extra=" rdinit=/kernel-mounts-root"
		[ "$1" = kernel ] || initrd=(-initrd "$dir/ours.cpio.xz")
		cp --sparse=always "$dir/root.img" "$dir/disk.img"
		timeout 120 "$qemu" "${qargs[@]}" -kernel "$image" "${initrd[@]}" \
			-append "$cmdline$extra" -serial "file:$log" \
			-drive "file=$dir/disk.img,format=raw,if=virtio" </dev/null >/dev/null 2>&1 || true
		local t0 t1
		t0=$(tr -d '\r' <"$log" | sed -n 's/^boot-stamp: boottime=\([0-9.]*\).*/\1/p' | head -n 1)
		t1=$(tr -d '\r' <"$log" | sed -n 's/^boot-marker: start .*boottime=\([0-9.]*\).*/\1/p' | head -n 1)
		[ -n "$t1" ] || die "$arch: $1 boot $2 did not reach the root's init (see $log)"
		[ "$1" = kernel ] || [ -n "$t0" ] || die "$arch: $1 boot $2: no boot-stamp line (see $log)"
		[ "$1" != kernel ] || { grep -aq 'VFS: Mounted root' "$log" && ! grep -aq '^kinit:' "$log"; } ||
			die "$arch: kernel boot $2: root was not mounted by the kernel itself (see $log)"
		echo "${t0:--} $t1"
	}

	echo "$arch: linux $release ($image), $qemu ${qargs[*]:7}, TCG, $runs boots each; host load average $(cut -d' ' -f1-3 /proc/loadavg)"
	: >"$dir/ours.init" && : >"$dir/ours.real" && : >"$dir/ours.span" && : >"$dir/kernel.real"
	for i in $(seq 1 "$runs"); do
		read -r a0 a1 <<<"$(boot ours "$i")"
		read -r _ b1 <<<"$(boot kernel "$i")"
		echo "$a0" >>"$dir/ours.init"
		echo "$a1" >>"$dir/ours.real"
		echo "$(calc "$a1 - $a0")" >>"$dir/ours.span"
		echo "$b1" >>"$dir/kernel.real"
		printf '%s boot %d: ours: /init at %.3f s, real init at %.3f s (/init -> init %.3f s); kernel'"'"'s mount: real init at %.3f s\n' \
			"$arch" "$i" "$a0" "$a1" "$(calc "$a1 - $a0")" "$b1"
	done
	mi=$(median <"$dir/ours.init")
	mo=$(median <"$dir/ours.real")
	ms=$(median <"$dir/ours.span")
	mk=$(median <"$dir/kernel.real")
	ek=$(calc "$mk - $mi")
	printf '%s median time to the real init: ours %.3f s, kernel'"'"'s own mount %.3f s, ratio ours/kernel %.2f (ours %+.3f s)\n' \
		"$arch" "$mo" "$mk" "$(calc "$mo / $mk")" "$(calc "$mo - $mk")"
	printf '%s median /init -> real init: ours %.3f s (measured); kernel'"'"'s mount %.3f s (estimate: its time to init minus our /init start %.3f s); ratio %s\n' \
		"$arch" "$ms" "$ek" "$mi" \
		"$(awk -v a="$ms" -v b="$ek" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a (estimate <= 0)" }')"
done
