#!/bin/bash
# Benchmark (not a test): how long our ipconfig and klibc-utils' take to
# obtain a DHCP lease from the same dnsmasq, in the same run and setup (a
# client and a server network namespace joined by a veth pair, private
# 10.9.0.0/24 addresses); median of N runs each (default 9), alternating,
# the interface reset between runs; then the ratio, the sizes of both
# (klibc's ipconfig is linked against klibc's shared library: both are
# shown) and our whole stripped kinit. Needs root, `ip netns`, dnsmasq
# (Debian: dnsmasq-base) and klibc-utils. With a cold link the time is mostly
# the kernel: veth reports carrier about 1 s after a down/up (linkwatch).
# Targets: ratio <= 1.0, kinit
# <= 64 KiB.
#
#   kinit/bench/ipconfig-lease.sh [runs]
set -euo pipefail
runs=${1:-9}
here=$(cd "$(dirname "$0")/../.." && pwd)
klibc_ipconfig=/usr/lib/klibc/bin/ipconfig
target=${CARGO_TARGET_DIR:-$here/target}
cargo build --release --offline --locked -q -p kinit --manifest-path "$here/Cargo.toml" --target-dir "$target"
kinit=$target/release/kinit
work=$(mktemp -d)
cli=kbench-c$$ srv=kbench-s$$ dev=kb$$
dnsmasq_pid=
cleanup() {
    [ -n "$dnsmasq_pid" ] && kill "$dnsmasq_pid" 2>/dev/null && wait "$dnsmasq_pid" 2>/dev/null
    ip netns del "$cli" 2>/dev/null || true
    ip netns del "$srv" 2>/dev/null || true
    rm -f "/run/net-$dev.conf"
    rm -rf "$work"
}
trap cleanup EXIT
strip -o "$work/kinit" "$kinit"
ln -s kinit "$work/ipconfig"

ip netns add "$cli"
ip netns add "$srv"
ip -n "$cli" link add "$dev" type veth peer name srv0 netns "$srv"
ip -n "$srv" addr add 10.9.0.1/24 dev srv0
ip -n "$srv" link set srv0 up
ip netns exec "$srv" dnsmasq --no-daemon --conf-file=/dev/null --port=0 \
    --interface=srv0 --bind-interfaces --dhcp-leasefile="$work/leases" \
    --dhcp-range=10.9.0.100,10.9.0.150,255.255.255.0,1h \
    --dhcp-option=option:router,10.9.0.1 --log-facility="$work/log" >/dev/null 2>&1 &
dnsmasq_pid=$!
for _ in $(seq 100); do grep -q started "$work/log" 2>/dev/null && break; sleep 0.05; done

# All runs inside the client namespace; each timed from before exec to exit
# (date +%s%N), the interface without addresses before each: "cold" with the
# link down (ipconfig brings it up and waits for carrier, as at boot),
# "warm" with the link already up (the DHCP exchange alone).
for mode in cold warm; do
ip netns exec "$cli" unshare --uts -- bash -c '
dev=$1 ours=$2 theirs=$3 runs=$4 mode=$5
ip link set "$dev" up
for i in $(seq "$runs"); do
  for who in ours theirs; do
    ip addr flush dev "$dev"
    if [ $mode = cold ]; then ip link set "$dev" down; else sleep 0.2; fi
    prog=$ours; [ $who = theirs ] && prog=$theirs
    t0=$(date +%s%N)
    "$prog" -t 10 "$dev" >/dev/null
    t1=$(date +%s%N)
    echo "$who $(( (t1 - t0) / 1000 ))"
  done
done' bench "$dev" "$work/ipconfig" "$klibc_ipconfig" "$runs" "$mode" > "$work/times-$mode"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
for mode in cold warm; do
    ours=$(awk '$1=="ours"{print $2}' "$work/times-$mode" | median)
    theirs=$(awk '$1=="theirs"{print $2}' "$work/times-$mode" | median)
    printf 'lease time, %s link, median of %d (us): ours %s  klibc %s  ratio %.3f (target <= 1.00)\n' \
        "$mode" "$runs" "$ours" "$theirs" "$(echo "$ours $theirs" | awk '{print $1/$2}')"
done
so=$(ls /lib/klibc-*.so 2>/dev/null | head -1)
printf 'size: klibc ipconfig %d bytes (+ %s %d bytes shared)\n' \
    "$(stat -c %s "$klibc_ipconfig")" "$so" "$(stat -c %s "$so")"
size=$(stat -c %s "$work/kinit")
printf 'size: our kinit, all applets, stripped: %d bytes = %.1f KiB (target <= 64 KiB)\n' \
    "$size" "$(echo "$size" | awk '{print $1/1024}')"
