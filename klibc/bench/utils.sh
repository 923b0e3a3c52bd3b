#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# klibc's own utilities (usr/utils of Debian's klibc source) on our C library
# against Debian's klibc, measured in one run (a benchmark, not a test):
#  - libc.a: our klibc/libc archive and Debian's libklibc-dev libc.a, file
#    size and the code+data their objects hold (size(1) totals);
#  - each utility built from the same source, static and stripped, with
#    scripts/klcc and with Debian's `klcc -static`, and the ratio;
#  - throughput of `cat FILE >/dev/null` and `dd if=FILE of=/dev/null
#    bs=1024k` (1 MiB) over a 1 GiB file (tmpfs), ours and klibc's builds,
#    per CPU second (user + system, best of 3), and the ratio.
# Usage: klibc/bench/utils.sh [--sizes-only]
set -euo pipefail
sizes_only=; [ "${1:-}" = --sizes-only ] && sizes_only=1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$repo/scripts/lib.sh"
command -v klcc >/dev/null || die "klcc missing (apt-get install libklibc-dev)"
src=$(compgen -G "$EARLYUSER_CACHE/debsrc/klibc-[0-9]*/" | head -1) ||
	die "no klibc source in $EARLYUSER_CACHE/debsrc: run scripts/setup"
utils=$src/usr/utils

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
(cd "$repo" && cargo build --profile libc --offline -q -p klibc-libc --features c)
export KLIBC_UAPI_INCLUDE=$(uapi_headers 6.12)
export KLCC_LIBDIR=$CARGO_TARGET_DIR/libc
ours_a=$KLCC_LIBDIR/libklibc_libc.a
klibc_a=/usr/lib/klibc/lib/libc.a

code_of() { # ARCHIVE: text + data + bss of its objects, in bytes
	size -t "$1" 2>/dev/null | awk 'END { print $4 }'
}
ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }

echo "== libc.a (bytes)"
printf '%-22s %12s %14s\n' "" "ours" "Debian klibc"
printf '%-22s %12s %14s\n' "archive file" "$(stat -c %s "$ours_a")" "$(stat -c %s "$klibc_a")"
printf '%-22s %12s %14s\n' "code+data (size -t)" "$(code_of "$ours_a")" "$(code_of "$klibc_a")"
echo "(ours also carries zlib-rs and Rust's compiler-builtins, klibc's its zlib)"

# The utilities and their extra sources, as klibc's usr/utils/Kbuild lists them.
progs=(cat chroot cpio dd dmesg false halt insmod kill ln losetup ls minips
	mkdir mkfifo mknod mount mv nuke pivot_root readlink sleep sync true umount uname)
sources() {
	case $1 in
	mkdir | mkfifo | mknod) echo "$utils/$1.c $utils/file_mode.c" ;;
	mount) echo "$utils/mount_main.c $utils/mount_opts.c" ;;
	*) echo "$utils/$1.c" ;;
	esac
}
mkdir -p "$work/ours" "$work/klibc"
echo "== utilities, static and stripped (bytes)"
printf '%-12s %10s %12s %8s\n' "" "ours" "klibc" "ratio"
tot_o=0 tot_k=0
for p in "${progs[@]}"; do
	# shellcheck disable=SC2046 # the source list splits on purpose
	"$repo/scripts/klcc" -O2 -w -o "$work/ours/$p" $(sources "$p") || die "$p does not build on ours"
	# shellcheck disable=SC2046
	klcc -static -O2 -w -o "$work/klibc/$p" $(sources "$p") || die "$p does not build on klibc"
	strip -o "$work/so" "$work/ours/$p"
	strip -o "$work/sk" "$work/klibc/$p"
	o=$(stat -c %s "$work/so") k=$(stat -c %s "$work/sk")
	tot_o=$((tot_o + o)) tot_k=$((tot_k + k))
	printf '%-12s %10s %12s %8s\n' "$p" "$o" "$k" "$(ratio "$o" "$k")"
done
printf '%-12s %10s %12s %8s\n' "total" "$tot_o" "$tot_k" "$(ratio "$tot_o" "$tot_k")"
[ -z "$sizes_only" ] || exit 0

# CPU seconds (user + system) of a command, best of 3: wall-clock time on a
# busy machine measures the machine. Its output is discarded; a failing
# command ends the benchmark.
best() {
	local b= t
	for _ in 1 2 3; do
		/usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null 2>"$work/err" ||
			die "$* failed: $(cat "$work/err")"
		t=$(tail -1 "$work/time" | awk '{ print $1 + $2 }')
		if [ -z "$b" ] || awk "BEGIN { exit !($t < $b) }"; then b=$t; fi
	done
	echo "$b"
}

data=$(mktemp -p /dev/shm klibc-bench.XXXXXX)
trap 'rm -rf "$work" "$data"' EXIT
head -c $((1 << 30)) /dev/zero | tr '\0' 'x' >"$data"
[ "$(stat -c %s "$data")" = $((1 << 30)) ] || die "could not write 1 GiB to /dev/shm"
cmp -s <("$work/ours/cat" "$data" | md5sum) <("$work/klibc/cat" "$data" | md5sum) ||
	die "the two cats disagree"

echo "== throughput over 1 GiB in tmpfs (1 GiB / CPU seconds, best of 3)"
printf '%-28s %10s %10s %8s\n' "" "ours" "klibc" "ratio"
for what in cat dd; do
	if [ $what = cat ]; then
		to=$(best "$work/ours/cat" "$data") tk=$(best "$work/klibc/cat" "$data")
		label="cat FILE >/dev/null"
	else
		# klibc's dd knows the b and k suffixes only: 1 MiB is 1024k.
		to=$(best "$work/ours/dd" if="$data" of=/dev/null bs=1024k)
		tk=$(best "$work/klibc/dd" if="$data" of=/dev/null bs=1024k)
		label="dd bs=1M of=/dev/null"
	fi
	printf '%-28s %7.0f MiB/s %5.0f MiB/s %6s\n' "$label" \
		"$(awk "BEGIN { print 1024 / $to }")" "$(awk "BEGIN { print 1024 / $tk }")" \
		"$(ratio "$tk" "$to")"
done
echo "(ratio: ours' throughput over klibc's; > 1 is faster)"
