#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernel-unxz.sh SERIES: build the kernel's own XZ decoder (lib/xz/ of
# Debian's linux-source-SERIES) as a small stdin-to-stdout program, set up the
# way an x86 kernel unpacks its initramfs (lib/decompress_unxz.c: XZ_DYNALLOC
# with no dictionary limit, the x86 BCJ filter, CRC32 only). Built into the
# cache, outside the checkout; prints the program's path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"
series=${1:?usage: kernel-unxz.sh SERIES}
mkdir -p "$EARLYUSER_CACHE"
exec 9>"$EARLYUSER_CACHE/gen_init_cpio.lock"
flock 9
src=$(kernel_source "$series")
out=$EARLYUSER_CACHE/gen_init_cpio/$(basename "$src")-unxz
if [ ! -x "$out/unxz" ]; then
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp"
	# The userspace glue lib/xz/xz_private.h asks for outside the kernel.
	cat >"$out.tmp/xz_config.h" <<'H'
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <linux/xz.h>
#define XZ_DEC_X86
#define kmalloc(size, flags) malloc(size)
#define kfree(ptr) free(ptr)
#define vmalloc(size) malloc(size)
#define vfree(ptr) free(ptr)
#define memeq(a, b, size) (memcmp(a, b, size) == 0)
#define memzero(buf, size) memset(buf, 0, size)
#define min(x, y) ((x) < (y) ? (x) : (y))
#define min_t(type, x, y) min(x, y)
#define fallthrough __attribute__((__fallthrough__))
#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
static inline uint32_t get_unaligned_le32(const uint8_t *b)
{ return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24; }
static inline uint32_t get_unaligned_be32(const uint8_t *b)
{ return (uint32_t)b[3] | (uint32_t)b[2] << 8 | (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24; }
static inline void put_unaligned_le32(uint32_t v, uint8_t *b)
{ b[0] = v; b[1] = v >> 8; b[2] = v >> 16; b[3] = v >> 24; }
static inline void put_unaligned_be32(uint32_t v, uint8_t *b)
{ b[3] = v; b[2] = v >> 8; b[1] = v >> 16; b[0] = v >> 24; }
#define get_le32 get_unaligned_le32
H
	cat >"$out.tmp/main.c" <<'C'
#include <stdio.h>
#include "xz_config.h"
/* stdin to stdout through the kernel's decoder, as decompress_unxz()
 * runs it for an initramfs: dynamic allocation, no dictionary limit. */
int main(void)
{
	static uint8_t in[1 << 16], out[1 << 16];
	struct xz_buf b = { .in = in, .out = out, .out_size = sizeof(out) };
	struct xz_dec *s;
	enum xz_ret ret;

	xz_crc32_init();
	s = xz_dec_init(XZ_DYNALLOC, (uint32_t)-1);
	if (!s)
		return 2;
	do {
		if (b.in_pos == b.in_size) {
			b.in_size = fread(in, 1, sizeof(in), stdin);
			b.in_pos = 0;
		}
		ret = xz_dec_run(s, &b);
		if (b.out_pos == sizeof(out) || ret == XZ_STREAM_END) {
			fwrite(out, 1, b.out_pos, stdout);
			b.out_pos = 0;
		}
	} while (ret == XZ_OK && (b.in_size > 0 || b.in_pos < b.in_size || b.out_pos));
	if (ret != XZ_STREAM_END) {
		fprintf(stderr, "unxz: kernel decoder says %d\n", (int)ret);
		return 1;
	}
	xz_dec_end(s);
	return 0;
}
C
	cc -O2 -I"$out.tmp" -I"$src/include" -I"$src/lib/xz" -o "$out.tmp/unxz" \
		"$out.tmp/main.c" "$src/lib/xz/xz_dec_stream.c" "$src/lib/xz/xz_dec_lzma2.c" \
		"$src/lib/xz/xz_dec_bcj.c" "$src/lib/xz/xz_crc32.c"
	rm -rf "$out"
	mv "$out.tmp" "$out"
fi
echo "$out/unxz"
