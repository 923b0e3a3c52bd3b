/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What klibc binds into uapi::dm: the device-mapper control interface
 * (linux/dm-ioctl.h): its ioctls, restated as KLIBC_IOCTL_<name> as in
 * ioctl.h, the dm_ioctl header and target specs, versions and flags.
 */
#include <linux/ioctl.h>
#include <linux/dm-ioctl.h>

#define KLIBC_IOCTL(name) static const unsigned int KLIBC_IOCTL_##name = name

KLIBC_IOCTL(DM_VERSION);
KLIBC_IOCTL(DM_DEV_CREATE);
KLIBC_IOCTL(DM_DEV_REMOVE);
KLIBC_IOCTL(DM_DEV_SUSPEND);
KLIBC_IOCTL(DM_DEV_STATUS);
KLIBC_IOCTL(DM_TABLE_LOAD);
KLIBC_IOCTL(DM_TABLE_STATUS);
