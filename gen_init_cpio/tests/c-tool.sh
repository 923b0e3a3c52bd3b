#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# c-tool.sh SERIES: build the kernel's own usr/gen_init_cpio from Debian's
# linux-source-SERIES into the cache (never into the checkout) next to a copy
# of that kernel's usr/gen_initramfs.sh, and print the directory that holds
# usr/. gen_initramfs.sh runs "usr/gen_init_cpio", so run it from there.
# Used by the differential tests and bench/bench.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"
series=${1:?usage: c-tool.sh SERIES}
mkdir -p "$EARLYUSER_CACHE"
# Tests run in parallel: one extraction and one build at a time.
exec 9>"$EARLYUSER_CACHE/gen_init_cpio.lock"
flock 9
src=$(kernel_source "$series")
out=$EARLYUSER_CACHE/gen_init_cpio/$(basename "$src")
if [ ! -x "$out/usr/gen_init_cpio" ]; then
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp/usr"
	cc -O2 -o "$out.tmp/usr/gen_init_cpio" "$src/usr/gen_init_cpio.c"
	cp "$src/usr/gen_initramfs.sh" "$out.tmp/usr/"
	rm -rf "$out"
	mv "$out.tmp" "$out"
fi
echo "$out"
