/* klibc: scatter/gather I/O; struct iovec is the kernel's <linux/uio.h>. */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H
#include <sys/types.h>
#include <linux/uio.h>
ssize_t readv(int, const struct iovec *, int);
ssize_t writev(int, const struct iovec *, int);
ssize_t preadv(int, const struct iovec *, int, off_t);
ssize_t pwritev(int, const struct iovec *, int, off_t);
#endif
