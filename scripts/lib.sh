# SPDX-License-Identifier: GPL-2.0
# Shared by the scripts in this directory: where the caches live and how a
# Debian linux-source tarball becomes an extracted tree, keyed by its version.
# Everything cached lives outside the checkout so a fresh clone stays clean.

: "${EARLYUSER_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/rust-early-userspace}"
export EARLYUSER_CACHE

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# locked NAME CMD...: run CMD holding the cache lock NAME, so that parallel
# tests and scripts filling the same cache entry wait for each other.
locked() {
	local name=$1
	shift
	mkdir -p "$EARLYUSER_CACHE/locks"
	(
		flock 9
		"$@"
	) 9>"$EARLYUSER_CACHE/locks/$name"
}

# debian_version PKG: the installed version of a Debian package, or die.
debian_version() {
	dpkg-query -W -f='${Version}' "$1" 2>/dev/null ||
		die "package $1 is not installed (run scripts/setup)"
}

# kernel_source SERIES: extract /usr/src/linux-source-SERIES.tar.xz once into
# the cache and print the tree's path. The directory name carries the Debian
# version, so an upgraded package gets a fresh tree.
kernel_source() {
	local series=$1 ver dir tarball
	tarball=/usr/src/linux-source-$series.tar.xz
	[ -f "$tarball" ] || die "$tarball missing (run scripts/setup)"
	ver=$(debian_version "linux-source-$series")
	dir=$EARLYUSER_CACHE/src/linux-source-$ver
	[ -f "$dir/.extracted" ] || locked "src-$ver" _extract "$tarball" "$dir"
	echo "$dir"
}

_extract() {
	local tarball=$1 dir=$2
	[ -f "$dir/.extracted" ] && return 0
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp"
	tar -C "$dir.tmp" -xf "$tarball" --strip-components=1
	touch "$dir.tmp/.extracted"
	mv "$dir.tmp" "$dir"
}

# uapi_headers SERIES [ARCH]: the exported UAPI headers (`make headers_install`)
# of that kernel for ARCH (default x86), cached; prints the include directory.
uapi_headers() {
	local series=$1 arch=${2:-x86} src ver out
	src=$(kernel_source "$series")
	ver=$(basename "$src")
	out=$EARLYUSER_CACHE/headers/$ver-$arch
	[ -f "$out/.done" ] || locked "headers-$ver-$arch" _export_headers "$src" "$arch" "$out"
	echo "$out/include"
}

_export_headers() {
	local src=$1 arch=$2 out=$3
	[ -f "$out/.done" ] && return 0
	rm -rf "$out"
	make -s -C "$src" O="$out/build" ARCH="$arch" \
		INSTALL_HDR_PATH="$out" headers_install >&2
	rm -rf "$out/build"
	touch "$out/.done"
}

# kernel_tree_with_us PRISTINE SRC LOG: SRC, the kernel tree the boot
# kernels build: hard links to the PRISTINE extracted tree (never written:
# builds go to O=), with a real usr/ into which this tree is installed
# (install-into-kernel, again on every call: a changed tree is built
# incrementally). Returns 1 if SRC was made anew (its build dir is stale).
kernel_tree_with_us() {
	local pristine=$1 src=$2 log=$3 new=0
	if [ ! -f "$src/.boot-kernel-src" ]; then
		rm -rf "$src"
		mkdir -p "$src"
		cp -al "$pristine/." "$src/"
		rm -rf "$src/usr"
		cp -a "$pristine/usr" "$src/usr"
		touch "$src/.boot-kernel-src"
		new=1
	fi
	"$(dirname "${BASH_SOURCE[0]}")/install-into-kernel" "$src" >>"$log" 2>&1 ||
		die "install-into-kernel $src failed (see $log)"
	return "$new"
}

# offline_make GUARD MAKE-ARGS...: the kernel's make as the boot kernels are
# built: no network (unshare -n), an empty CARGO_HOME and a `cargo` on PATH
# that fails the build if anything runs it (both under GUARD).
offline_make() {
	local guard=$1
	shift
	mkdir -p "$guard/bin" "$guard/cargo-home"
	printf '%s\n' '#!/bin/sh' 'echo "cargo was run during the kernel build: cargo $*" >&2' 'exit 97' \
		>"$guard/bin/cargo"
	chmod +x "$guard/bin/cargo"
	rm -rf "${guard:?}/cargo-home"/* 2>/dev/null || true
	unshare -n true 2>/dev/null || die "unshare -n does not work here (the kernel build runs without network)"
	PATH=$guard/bin:$PATH CARGO_HOME=$guard/cargo-home unshare -n make "$@"
}

# keep_newest_trees BASE: of the per-tree outputs in BASE (directories named
# by scripts/kbuild/tree-hash), keep the three newest.
keep_newest_trees() {
	find "$1" -mindepth 1 -maxdepth 1 -type d -regextype egrep -regex '.*/[0-9a-f]{12}' -printf '%T@ %p\n' |
		sort -rn | tail -n +4 | cut -d' ' -f2- | xargs -r rm -rf
}
