/* klibc: poll and ppoll; struct pollfd and POLL* are the kernel's <linux/poll.h>. */
#ifndef _SYS_POLL_H
#define _SYS_POLL_H
#include <sys/time.h>
#include <signal.h>
#include <linux/poll.h>
typedef unsigned int nfds_t;
int poll(struct pollfd *, nfds_t, int);
int ppoll(struct pollfd *, nfds_t, const struct timespec *, const sigset_t *);
#endif
