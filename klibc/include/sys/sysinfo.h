/* klibc: sysinfo; struct sysinfo is the kernel's <linux/sysinfo.h>. */
#ifndef _SYS_SYSINFO_H
#define _SYS_SYSINFO_H
#include <sys/types.h>
#include <linux/sysinfo.h>
int sysinfo(struct sysinfo *);
#endif
