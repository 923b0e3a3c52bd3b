/* klibc: utime; struct utimbuf is the kernel's. */
#ifndef _UTIME_H
#define _UTIME_H
#include <sys/types.h>
#include <linux/utime.h>
int utime(const char *, const struct utimbuf *);
#endif
