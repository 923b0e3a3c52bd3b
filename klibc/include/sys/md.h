/*
 * klibc: the md (software RAID) ioctls and superblock, the kernel's
 * <linux/raid/md_u.h> and <linux/raid/md_p.h>; the personality levels and
 * the device limit are the md driver's, not exported, so spelled here.
 */
#ifndef _SYS_MD_H
#define _SYS_MD_H
#include <sys/types.h>
#define LEVEL_MULTIPATH	(-4)
#define LEVEL_LINEAR	(-1)
#define LEVEL_FAULTY	(-5)
#define MAX_MD_DEVS	256
#include <linux/raid/md_u.h>
#include <linux/raid/md_p.h>
#endif
