#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench/bench.sh [RUNS [script]]: times the kernel's C gen_init_cpio (6.12, built by
# tests/c-tool.sh) and ours on the same generated input (20,000 files,
# 500 MiB, made deterministically by examples/bench_tree.rs), with `cat` of
# all file bytes to /dev/null as the I/O floor. Prints medians of RUNS runs
# (default 5) and the ratios, then compares our xz with
# `xz --check=crc32 --lzma2=dict=1MiB` on the first 64 MiB of the input.
# With "script" it also times gen_initramfs.sh + the C tool against our
# gen_initramfs on the generated directory, once (the script takes minutes).
# Input and outputs live in $EARLYUSER_CACHE (outside the checkout).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/../scripts/lib.sh"
runs=${1:-5}
work=$EARLYUSER_CACHE/gen_init_cpio/bench
mkdir -p "$work"

cargo build -q --release -p gen_init_cpio --example bench_tree \
	--manifest-path "$here/Cargo.toml" --bins
target=$(cargo metadata -q --format-version 1 --manifest-path "$here/Cargo.toml" |
	sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
ours=$target/release/gen_init_cpio
cdir=$(bash "$here/tests/c-tool.sh" 6.12)
ctool=$cdir/usr/gen_init_cpio

if [ ! -f "$work/list" ]; then
	rm -rf "$work/tree"
	"$target/release/examples/bench_tree" "$work/tree" >"$work/list.tmp"
	mv "$work/list.tmp" "$work/list"
fi
files=$(grep -c '^file ' "$work/list")
bytes=$(du -sb "$work/tree" | cut -f1)
echo "input: $files files, $((bytes >> 20)) MiB in $work/tree"
# Warm the page cache so every contender reads from memory.
find "$work/tree" -type f -print0 | xargs -0 cat >/dev/null

now() { date +%s.%N; }
# measure CMD...: run RUNS times; print the median wall time and the median
# CPU time (user + system) in seconds. CPU time is the steadier figure on a
# busy machine. Before each run (untimed): remove the outputs and write back
# dirty pages, so no run pays for the previous one's 500 MiB.
measure() {
	local wall=() cpu=() i r u s
	for ((i = 0; i < runs; i++)); do
		rm -f "$work/c.cpio" "$work/ours.cpio"
		sync
		read -r r u s < <({ TIMEFORMAT='%R %U %S'; time "$@"; } 2>&1 >/dev/null)
		wall+=("$r")
		cpu+=("$(echo "$u + $s" | bc -l)")
	done
	echo "$(printf '%s\n' "${wall[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p")" \
		"$(printf '%s\n' "${cpu[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p")"
}
awk '/^file /{ print $3 }' "$work/list" >"$work/paths"
run_cat() { xargs -d '\n' -a "$work/paths" cat >/dev/null; }
run_c() { "$ctool" -t 0 "$work/list" >"$1"; }
run_ours() { "$ours" -t 0 "$work/list" >"$1"; }
run_ours_o() { "$ours" -t 0 -o "$1" "$work/list"; }
run_ours_2() { GEN_INIT_CPIO_THREADS=2 "$ours" -t 0 "$work/list" >"$1"; }

run_c "$work/c.cpio"
run_ours "$work/ours.cpio"
cmp "$work/c.cpio" "$work/ours.cpio" && echo "archives: identical ($(($(stat -c %s "$work/c.cpio") >> 20)) MiB)"

read -r w_cat c_cat < <(measure run_cat)
line() { # name wall cpu
	printf '  %-16s wall %6.3f s  cpu %6.3f s' "$1" "$2" "$3"
	if [ -n "${4:-}" ]; then
		printf '   C/ours wall %.2fx cpu %.2fx   ours/cat wall %.2fx cpu %.2fx' \
			"$(echo "$w_c / $2" | bc -l)" "$(echo "$c_c / $3" | bc -l)" \
			"$(echo "$2 / $w_cat" | bc -l)" "$(echo "$3 / $c_cat" | bc -l)"
	fi
	echo
}
for dest in file devnull; do
	if [ $dest = file ]; then out_c=$work/c.cpio out_o=$work/ours.cpio; else out_c=/dev/null out_o=/dev/null; fi
	read -r w_c c_c < <(measure run_c "$out_c")
	read -r w_o c_o < <(measure run_ours "$out_o")
	read -r w_oo c_oo < <(measure run_ours_o "$out_o")
	read -r w_o2 c_o2 < <(measure run_ours_2 "$out_o")
	printf '\noutput to %s (medians of %d runs)\n' "$dest" "$runs"
	line "cat floor" "$w_cat" "$c_cat"
	line "C gen_init_cpio" "$w_c" "$c_c"
	line "ours (stdout)" "$w_o" "$c_o" x
	line "ours (-o)" "$w_oo" "$c_oo" x
	line "ours (2 threads)" "$w_o2" "$c_o2" x
done
rm -f "$work/c.cpio" "$work/ours.cpio"

# xz: ours in-process against the kernel's xzmisc command line.
awk -v max=$((64 << 20)) '/^file /{ cmd = "stat -c %s " $3; cmd | getline s; close(cmd); n += s; if (n > max) exit } { print }' \
	"$work/list" >"$work/list-xz"
s=$(now); "$ours" -t 0 --compress=xz "$work/list-xz" >"$work/ours.xz"; e=$(now)
t_oxz=$(echo "$e - $s" | bc -l)
"$ours" -t 0 "$work/list-xz" >"$work/plain.cpio"
s=$(now); xz --check=crc32 --lzma2=dict=1MiB <"$work/plain.cpio" >"$work/kernel.xz"; e=$(now)
t_kxz=$(echo "$e - $s" | bc -l)
o=$(stat -c %s "$work/ours.xz") k=$(stat -c %s "$work/kernel.xz")
printf '\nxz of %d MiB cpio: ours %d bytes (%.2f s, list to .xz), xz --check=crc32 --lzma2=dict=1MiB %d bytes (%.2f s); ours/xz size %.4f\n' \
	$(($(stat -c %s "$work/plain.cpio") >> 20)) "$o" "$t_oxz" "$k" "$t_kxz" "$(echo "$o / $k" | bc -l)"
rm -f "$work/ours.xz" "$work/kernel.xz" "$work/plain.cpio"

if [ "${2:-}" = script ]; then
	rm -f "$work/s.cpio" "$work/r.cpio"
	sync
	read -r w_s c_s < <(cd "$cdir" && { TIMEFORMAT='%R %U %S'; time sh usr/gen_initramfs.sh \
		-o "$work/s.cpio" -l "$work/s.d" -d @0 "$work/tree"; } 2>&1 >/dev/null | awk '{ print $1, $2 + $3 }')
	sync
	read -r w_r c_r < <({ TIMEFORMAT='%R %U %S'; time "$target/release/gen_initramfs" \
		-o "$work/r.cpio" -l "$work/r.d" -d @0 "$work/tree"; } 2>&1 >/dev/null | awk '{ print $1, $2 + $3 }')
	cmp "$work/s.cpio" "$work/r.cpio" && cmp "$work/s.d" "$work/r.d" && echo
	printf 'directory source, once: gen_initramfs.sh wall %.2f s cpu %.2f s; ours wall %.2f s cpu %.2f s; identical archive and deps; script/ours wall %.0fx\n' \
		"$w_s" "$c_s" "$w_r" "$c_r" "$(echo "$w_s / $w_r" | bc -l)"
	rm -f "$work/s.cpio" "$work/r.cpio" "$work/s.d" "$work/r.d"
fi
