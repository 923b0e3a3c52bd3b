/*
 * klibc: splice and tee. SPLICE_F_* are ABI that the kernel keeps in its
 * internal linux/splice.h, so the C library spells them.
 */
#ifndef _SYS_SPLICE_H
#define _SYS_SPLICE_H
#include <sys/types.h>
#define SPLICE_F_MOVE		1
#define SPLICE_F_NONBLOCK	2
#define SPLICE_F_MORE		4
#define SPLICE_F_GIFT		8
ssize_t splice(int, off_t *, int, off_t *, size_t, unsigned int);
ssize_t tee(int, int, size_t, unsigned int);
#endif
