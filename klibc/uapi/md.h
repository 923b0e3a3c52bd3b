/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What klibc binds into uapi::md: the md (software RAID) driver's major, its
 * ioctls with their array and disk structs (linux/raid/md_u.h), and the
 * superblock layouts of versions 0.90 and 1.x (linux/raid/md_p.h). Ioctl
 * numbers are restated as KLIBC_IOCTL_<name>, as in ioctl.h.
 */
#include <linux/ioctl.h>
#include <linux/major.h>
#include <linux/raid/md_u.h>
#include <linux/raid/md_p.h>

#define KLIBC_IOCTL(name) static const unsigned int KLIBC_IOCTL_##name = name

KLIBC_IOCTL(RAID_VERSION);
KLIBC_IOCTL(GET_ARRAY_INFO);
KLIBC_IOCTL(GET_DISK_INFO);
KLIBC_IOCTL(ADD_NEW_DISK);
KLIBC_IOCTL(SET_ARRAY_INFO);
KLIBC_IOCTL(RUN_ARRAY);
KLIBC_IOCTL(STOP_ARRAY);
