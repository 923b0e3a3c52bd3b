#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark (not a test): kinit's stripped size, with every applet and
# without network boot (the `net` feature, CONFIG_INITRAMFS_KINIT_NET), next
# to the reference measured in the same run: klibc 2.0.12's own kinit, linked
# statically, built from Debian's klibc source (scripts/setup unpacks it in
# the cache) by klibc's own Makefile and flags against the 6.1 UAPI headers.
# Debian ships only klibc's shared kinit, whose size leaves out the libc code
# it uses; the static one is the like-for-like figure.
#
# The two do not do quite the same work. klibc's kinit also decompresses
# gzip initrd images (zlib); ours also loads modules (modules.dep, softdeps,
# compressed modules), finds root=UUID=/LABEL=/PARTUUID= (superblocks, MBR
# and GPT tables), and has issue 15's roots: md with 1.x superblocks,
# dm-verity, the Discoverable Partitions, virtiofs/9p/SMB, the rescue shell
# and the boot timeline (their shares are printed). Both have md=, MTD
# roots, old-style initrds, ipconfig, nfsmount, run-init, fstype, resume and
# drop_capabilities=.
#
# Prints both sizes, `size`'s text/data/bss, the ratios, and the 64 KiB
# target for kinit with all applets.
#
#   kinit/bench/size.sh
set -euo pipefail
declare -A without
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/scripts/lib.sh"

klibc_src=$(compgen -G "$EARLYUSER_CACHE/debsrc/klibc-[0-9]*/" | head -1) ||
	die "Debian's klibc source is not in $EARLYUSER_CACHE/debsrc (run scripts/setup)"
headers=$(uapi_headers 6.1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ours NAME [CARGO-ARGS]: build kinit, keep it as NAME in the work dir.
ours() {
	local name=$1
	shift
	cargo build --release --offline --locked -q -p kinit --manifest-path "$here/Cargo.toml" \
		--target-dir "$work/target" "$@"
	cp "$work/target/release/kinit" "$work/$name"
	echo "$work/$name"
}
all=$(ours kinit-all)
local_only=$(ours kinit-local --no-default-features --features roots)
# Issue 15's features, each left out in turn (and all of them: the kinit of
# before issue 15, as far as features go), with network boot.
features=(md verity gpt-auto initrd rescue timeline)
for f in "${features[@]}"; do
	others=$(printf '%s\n' net "${features[@]}" | grep -vx "$f" | paste -sd,)
	without[$f]=$(ours "kinit-no-$f" --no-default-features --features "$others")
done
none_new=$(ours kinit-net-only --no-default-features --features net)

# klibc's build writes only below its object directory (-C, KBUILD_SRC);
# KLIBCKERNELSRC is the directory holding the exported include/.
mkdir -p "$work/klibc"
make -s -C "$work/klibc" -f "$klibc_src/Makefile" KBUILD_SRC="${klibc_src%/}" ARCH=x86_64 \
	KLIBCKERNELSRC="$(dirname "$headers")" -j"$(nproc)" all >"$work/klibc.log" 2>&1 ||
	{ cat "$work/klibc.log" >&2; die "building klibc from $klibc_src failed"; }
theirs=$work/klibc-kinit
cp "$work/klibc/usr/kinit/static/kinit" "$theirs"
strip -s "$theirs"

row() {
	local name=$1 file=$2
	# `size`'s Berkeley columns: text (code and read-only data), data, bss.
	size -B "$file" | awk -v n="$name" -v f="$(stat -c %s "$file")" \
		'NR == 2 { printf "%-42s %7d %7d %6d %6d\n", n, f, $1, $2, $3 }'
}
ratio() { awk -v a="$(stat -c %s "$1")" -v b="$(stat -c %s "$2")" 'BEGIN { printf "%.3f", a / b }'; }

printf '%-42s %7s %7s %6s %6s\n' 'kinit, stripped, static (bytes)' file text data bss
row 'ours, all applets' "$all"
row 'ours, without network boot' "$local_only"
row "klibc $(basename "$klibc_src" | sed s/^klibc-//) kinit (static)" "$theirs"
printf 'ratio ours/klibc: all applets %s, without network boot %s\n' \
	"$(ratio "$all" "$theirs")" "$(ratio "$local_only" "$theirs")"
printf 'network boot share of ours: %d bytes\n' $(($(stat -c %s "$all") - $(stat -c %s "$local_only")))
echo "issue 15's features (cargo features, Kconfig INITRAMFS_KINIT_<NAME>), each one's share:"
for f in "${features[@]}"; do
	printf '  %-10s %6d bytes\n' "$f" $(($(stat -c %s "$all") - $(stat -c %s "${without[$f]}")))
done
printf '  all six    %6d bytes (kinit with network boot and none of them: %d bytes)\n' \
	$(($(stat -c %s "$all") - $(stat -c %s "$none_new"))) "$(stat -c %s "$none_new")"
size=$(stat -c %s "$all")
printf 'size: our kinit, all applets, stripped: %d bytes = %.1f KiB = %.2fx the target (target <= 64 KiB)\n' \
	"$size" "$(awk -v s="$size" 'BEGIN { print s / 1024 }')" "$(awk -v s="$size" 'BEGIN { print s / 65536 }')"
