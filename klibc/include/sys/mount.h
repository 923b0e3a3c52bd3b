/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klibc's <sys/mount.h>: the MS_* flags come from the kernel's exported
 * <linux/mount.h>; the umount2() flags are kernel ABI that the kernel keeps in
 * its internal include/linux/fs.h, so the C library spells them, as every
 * libc does. kinit's bindings take MNT_DETACH from here. The block device
 * ioctls (BLKGETSIZE, BLKROSET, ...) are the kernel's <linux/fs.h>.
 */
#ifndef _SYS_MOUNT_H
#define _SYS_MOUNT_H

#include <linux/mount.h>
#include <linux/fs.h>

#define MNT_FORCE	0x00000001
#define MNT_DETACH	0x00000002
#define MNT_EXPIRE	0x00000004
#define UMOUNT_NOFOLLOW	0x00000008

int mount(const char *, const char *, const char *, unsigned long, const void *);
int umount(const char *);
int umount2(const char *, int);
int pivot_root(const char *, const char *);

#endif /* _SYS_MOUNT_H */
