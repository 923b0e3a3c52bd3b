/* klibc: errno, one global (early userspace is single-threaded); values are the kernel's. */
#ifndef _ERRNO_H
#define _ERRNO_H
#include <asm/errno.h>
#ifndef ENOTSUP
#define ENOTSUP EOPNOTSUPP
#endif
extern int errno;
extern char *program_invocation_name;
extern char *program_invocation_short_name;
#endif
