#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# klibc's C library, measured in one run (a benchmark, not a test):
#  - static stripped sizes of Debian's dash and gzip built on our libc.a
#    (scripts/klcc), on Debian's klibc (klcc -static) and on glibc (-static);
#  - a shell-heavy script (100,000 rounds of arithmetic and string
#    operations) under our dash and under Debian's /bin/dash, and the ratio
#    (target <= 1.1);
#  - gzip -6 throughput on 50 MiB under our gzip and Debian's /bin/gzip, and
#    the ratio (target <= 1.1).
# Sources come from `apt-get source` (scripts/setup puts them in the cache).
# Times are CPU seconds (user + system, best of 3): wall-clock time on a busy
# machine measures the machine. `--times-only` skips the Debian klibc and
# glibc builds.
set -euo pipefail
times_only=; [ "${1:-}" = --times-only ] && times_only=1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$repo/scripts/lib.sh"
command -v klcc >/dev/null || die "klcc missing (apt-get install libklibc-dev)"
src=$EARLYUSER_CACHE/debsrc
dash_src=$(compgen -G "$src/dash-[0-9]*/" | head -1) || die "no dash source in $src: run scripts/setup"
gzip_src=$(compgen -G "$src/gzip-[0-9]*/" | head -1) || die "no gzip source in $src: run scripts/setup"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
(cd "$repo" && cargo build --profile libc --offline -q -p klibc-libc --features c)
export KLIBC_UAPI_INCLUDE=$(uapi_headers 6.12)
export KLCC_LIBDIR=$CARGO_TARGET_DIR/libc

# build PKG FLAVOUR CC...: configure and make a copy of the source; prints
# the log's tail and returns 1 on failure.
build() {
	local pkg=$1 flavour=$2; shift 2
	local dir=$work/$pkg-$flavour
	local s=$dash_src; [ "$pkg" = gzip ] && s=$gzip_src
	cp -a "$s" "$dir"
	(
		cd "$dir"
		if [ "$pkg" = dash ]; then
			autoreconf -fi >/dev/null 2>&1
		else
			t=$(date +%s)
			touch -d @$((t - 10)) configure.ac
			find . \( -name Makefile.in -o -name configure -o -name '*.m4' -o -name config.hin \) \
				-exec touch -d @"$t" {} +
		fi
		./configure CC="$*" >configure.log 2>&1 && make -j2 MAKEINFO=true >make.log 2>&1
	) || return 1
}

size_of() { # FILE: stripped size in bytes
	strip -o "$work/stripped" "$1" && stat -c %s "$work/stripped"
}

[ -n "$times_only" ] || echo "== static stripped sizes (bytes)"
[ -n "$times_only" ] || printf '%-6s %12s %14s %12s\n' "" "our libc" "Debian klibc" "glibc"
for pkg in dash gzip; do
	if [ -n "$times_only" ]; then
		build $pkg ours "$repo/scripts/klcc" || die "$pkg does not build on our libc"
		continue
	fi
	bin=src/dash; [ "$pkg" = gzip ] && bin=gzip
	ours=failed klibc=failed glibc=failed
	build $pkg ours "$repo/scripts/klcc" && ours=$(size_of "$work/$pkg-ours/$bin")
	if build $pkg klibc "klcc -static"; then
		klibc=$(size_of "$work/$pkg-klibc/$bin")
	else
		echo "Debian klibc: $pkg does not build; first errors:"
		grep -h -m5 -E ': error|fatal error|undefined reference' "$work/$pkg-klibc/make.log" "$work/$pkg-klibc/configure.log" 2>/dev/null | sed 's/^/    /' || true
	fi
	build $pkg glibc "gcc -static" && glibc=$(size_of "$work/$pkg-glibc/$bin")
	printf '%-6s %12s %14s %12s\n' "$pkg" "$ours" "$klibc" "$glibc"
done

ours_dash=$work/dash-ours/src/dash
ours_gzip=$work/gzip-ours/gzip

# CPU seconds (user + system) of a command: perf's task clock averaged over
# 5 runs where perf exists (millisecond resolution), else the best of 3 of
# time(1) (10 ms resolution).
best() {
	if command -v perf >/dev/null && perf stat -x, -e task-clock true >/dev/null 2>&1; then
		perf stat -x, -e task-clock -r 5 -o "$work/time" "$@" >/dev/null 2>&1
		awk -F, '/task-clock/ {printf "%.3f\n", $1 / 1000}' "$work/time"
		return
	fi
	local b= t
	for _ in 1 2 3; do
		/usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null 2>&1
		t=$(tail -1 "$work/time" | awk '{print $1 + $2}')
		if [ -z "$b" ] || awk "BEGIN{exit !($t < $b)}"; then b=$t; fi
	done
	echo "$b"
}

cat >"$work/loop.sh" <<'SH'
i=0 s=0 str=
while [ $i -lt 100000 ]; do
	s=$(( (s + i * 7) % 1000003 ))
	str="${str}x"
	[ ${#str} -gt 40 ] && str=${str#xxxxxxxxxx}
	case $str in *xxxxx*) : ;; esac
	i=$((i + 1))
done
echo $s ${#str}
SH
[ "$("$ours_dash" "$work/loop.sh")" = "$(/bin/dash "$work/loop.sh")" ] || die "the two dashes disagree on loop.sh"
t_ours=$(best "$ours_dash" "$work/loop.sh")
t_deb=$(best /bin/dash "$work/loop.sh")
echo "== shell loop (100,000 rounds of arithmetic and string operations), CPU time"
echo "our dash:      ${t_ours}s"
echo "Debian's dash: ${t_deb}s"
awk "BEGIN{printf \"ratio:         %.2fx (target <= 1.1)\n\", $t_ours / $t_deb}"

head -c $((25 << 20)) /dev/urandom >"$work/data"
{ seq 1 9000000 || true; } | head -c $((25 << 20)) >>"$work/data"
g_ours=$(best "$ours_gzip" -6 -c "$work/data")
g_deb=$(best /bin/gzip -6 -c "$work/data")
echo "== gzip -6 on 50 MiB (25 MiB random + 25 MiB text), CPU time"
awk "BEGIN{printf \"our gzip:      %.2fs (%.1f MiB/s)\n\", $g_ours, 50 / $g_ours}"
awk "BEGIN{printf \"Debian's gzip: %.2fs (%.1f MiB/s)\n\", $g_deb, 50 / $g_deb}"
awk "BEGIN{printf \"ratio:         %.2fx (target <= 1.1)\n\", $g_ours / $g_deb}"
