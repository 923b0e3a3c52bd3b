/* klibc: prctl; PR_* are the kernel's <linux/prctl.h>. */
#ifndef _SYS_PRCTL_H
#define _SYS_PRCTL_H
#include <sys/types.h>
#include <linux/prctl.h>
int prctl(int, ...);
#endif
