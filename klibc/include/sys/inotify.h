/* klibc: inotify; the event struct and IN_* masks are the kernel's <linux/inotify.h>. */
#ifndef _SYS_INOTIFY_H
#define _SYS_INOTIFY_H
#include <sys/types.h>
#include <linux/fcntl.h>
#include <linux/inotify.h>
int inotify_init(void);
int inotify_init1(int);
int inotify_add_watch(int, const char *, __u32);
int inotify_rm_watch(int, __u32);
#endif
