/* klibc: process times; struct tms is the kernel's. */
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H
#include <sys/types.h>
#include <linux/times.h>
clock_t times(struct tms *);
#endif
