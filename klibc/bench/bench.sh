#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# klibc figures, measured in one run (a benchmark, not a test):
#  - stripped size of a static "hello" on our klibc, beside the same program
#    in C built with Debian's klibc (klcc -static) and with glibc (-static);
#  - cold build time of klibc on the bindgen path (kernel headers), both the
#    whole build from nothing (bindgen and its dependencies included) and the
#    klibc crate alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$repo/scripts/lib.sh"
command -v klcc >/dev/null || die "klcc missing (apt-get install libklibc-dev)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
include=$(uapi_headers 6.12)

cat > "$work/hello.c" <<'C'
#include <stdio.h>
#include <sys/utsname.h>
int main(void)
{
	struct utsname u;
	uname(&u);
	printf("hello from C on Linux %s\n", u.release);
	return 0;
}
C
klcc -static -Os -o "$work/hello-klcc" "$work/hello.c"
gcc -static -Os -o "$work/hello-glibc" "$work/hello.c"
strip "$work/hello-klcc" "$work/hello-glibc"

cd "$repo"
start=$(date +%s.%N)
KLIBC_UAPI_INCLUDE=$include cargo build --release --offline --locked -q \
	-p klibc-programs --features bindgen --bin hello --target-dir "$work/target"
cold=$(echo "$(date +%s.%N) - $start" | bc)
touch klibc/build.rs
start=$(date +%s.%N)
KLIBC_UAPI_INCLUDE=$include cargo build --release --offline --locked -q \
	-p klibc-programs --features bindgen --bin hello --target-dir "$work/target"
crate=$(echo "$(date +%s.%N) - $start" | bc)
ours=$work/target/release/hello

# Each must run and print its line.
"$ours" >/dev/null && "$work/hello-klcc" >/dev/null && "$work/hello-glibc" >/dev/null

size() { stat -c %s "$1"; }
s_ours=$(size "$ours"); s_klcc=$(size "$work/hello-klcc"); s_glibc=$(size "$work/hello-glibc")
printf '%-44s %9s %s\n' "static hello, stripped" "bytes" "ratio to ours"
printf '%-44s %9d %s\n' "ours (Rust on klibc, bindgen 6.12 headers)" "$s_ours" "1.00"
printf '%-44s %9d %.2f\n' "C, Debian klibc 2.0.12 (klcc -static -Os)" "$s_klcc" "$(echo "$s_klcc / $s_ours" | bc -l)"
printf '%-44s %9d %.2f\n' "C, glibc (gcc -static -Os)" "$s_glibc" "$(echo "$s_glibc / $s_ours" | bc -l)"
printf 'cold build, bindgen path, from nothing (incl. bindgen): %.1f s\n' "$cold"
printf 'rebuild of the klibc crate alone (build script + bindgen + lib + hello): %.1f s\n' "$crate"
