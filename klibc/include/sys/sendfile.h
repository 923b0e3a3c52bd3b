/* klibc: sendfile (copying between descriptors in the kernel). */
#ifndef _SYS_SENDFILE_H
#define _SYS_SENDFILE_H
#include <sys/types.h>
/* glibc has four arguments, klibc a fifth the kernel ignores: both compile. */
ssize_t sendfile(int, int, off_t *, size_t, ...);
#endif
