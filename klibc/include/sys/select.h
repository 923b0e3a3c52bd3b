/* klibc: select; fd_set is the kernel's __kernel_fd_set. */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H
#include <sys/types.h>
#include <linux/time.h>
#include <signal.h>
typedef __kernel_fd_set fd_set;
#define FD_SETSIZE __FD_SETSIZE
#define __NFDBITS (8 * sizeof(unsigned long))
#define FD_ZERO(s) __builtin_memset((s), 0, sizeof(fd_set))
#define FD_SET(d, s) ((s)->fds_bits[(d) / __NFDBITS] |= (1UL << ((d) % __NFDBITS)))
#define FD_CLR(d, s) ((s)->fds_bits[(d) / __NFDBITS] &= ~(1UL << ((d) % __NFDBITS)))
#define FD_ISSET(d, s) (((s)->fds_bits[(d) / __NFDBITS] & (1UL << ((d) % __NFDBITS))) != 0)
int select(int, fd_set *, fd_set *, fd_set *, struct timeval *);
int pselect(int, fd_set *, fd_set *, fd_set *, const struct timespec *, const sigset_t *);
#endif
