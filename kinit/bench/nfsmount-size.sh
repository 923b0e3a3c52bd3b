#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfsmount-size.sh [COMMIT]: kinit's stripped size with every applet, and
# the share of the NFS code (the nfsmount applet and root=/dev/nfs), by
# building COMMIT (default HEAD) twice from a clean export: as it is, and
# with the nfsmount dispatch arm and the NFS-root mount call cut out (the
# linker then drops the RPC client, MOUNT, options and nfsroot code).
# Prints the figures and the ratio to the 64 KiB target.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
commit=${1:-HEAD}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$root" archive "$commit" | tar -x -C "$work"
build() {
	(cd "$work" && CARGO_TARGET_DIR="$work/target" cargo build -q --release --offline -p kinit) \
		>"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
	stat -c %s "$work/target/release/kinit"
}
full=$(build)
sed -i '/b"nfsmount" => applets::nfsmount::main(args),/d' "$work/kinit/src/main.rs"
sed -i 's/crate::net::nfsroot::mount_root(cmd.nfsroot, NEW_ROOT, cmd.read_only)/Err::<(), ()>(())/' \
	"$work/kinit/src/pid1.rs"
grep -q 'nfsroot::mount_root' "$work/kinit/src/pid1.rs" && { echo "could not cut the NFS root call" >&2; exit 1; }
without=$(build)
share=$((full - without))
awk -v f="$full" -v w="$without" -v s="$share" 'BEGIN {
	printf "kinit (all applets, stripped): %d bytes (%.1f KiB), %.2fx the 64 KiB target\n", f, f / 1024, f / 65536
	printf "kinit without NFS:             %d bytes (%.1f KiB)\n", w, w / 1024
	printf "NFS share (nfsmount + nfsroot): %d bytes (%.1f KiB, %.1f%% of kinit)\n", s, s / 1024, 100 * s / f
}'
