/*
 * klibc: scheduling. The policies are the kernel's <linux/sched.h>
 * (SCHED_OTHER is glibc's name for SCHED_NORMAL); struct sched_param is the
 * one-int struct the sched_* system calls take, which the kernel no longer
 * exports.
 */
#ifndef _SCHED_H
#define _SCHED_H
#include <sys/types.h>
#include <linux/sched.h>
#define SCHED_OTHER SCHED_NORMAL
struct sched_param {
	int sched_priority;
};
int sched_setscheduler(pid_t, int, const struct sched_param *);
int sched_getscheduler(pid_t);
int sched_setparam(pid_t, const struct sched_param *);
int sched_getparam(pid_t, struct sched_param *);
int sched_get_priority_max(int);
int sched_get_priority_min(int);
int sched_setaffinity(pid_t, unsigned int, unsigned long *);
int sched_getaffinity(pid_t, unsigned int, unsigned long *);
int sched_yield(void);
int unshare(int);
int setns(int, int);
#endif
