/* klibc: open and fcntl; flags and struct flock are the kernel's. */
#ifndef _FCNTL_H
#define _FCNTL_H
#include <sys/types.h>
#include <linux/fcntl.h>
#ifndef O_NDELAY
#define O_NDELAY O_NONBLOCK
#endif
#ifndef O_RSYNC
#define O_RSYNC O_SYNC
#endif
#define F_GETLK64 F_GETLK
#define F_SETLK64 F_SETLK
#define F_SETLKW64 F_SETLKW
int open(const char *, int, ...);
int openat(int, const char *, int, ...);
int creat(const char *, mode_t);
int fcntl(int, int, ...);
/* glibc declares these here too. */
#include <sys/splice.h>
#endif
