/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What klibc binds into uapi::general: syscall numbers and the structs and
 * constants of files, processes, mounts, memory, time and signals.
 * Item names follow linux-raw-sys's `general` module.
 */
#include <asm/unistd.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <linux/capability.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/poll.h>
#include <linux/reboot.h>
#include <linux/limits.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/stat.h>
#include <linux/time.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <dirent.h>
#include <sys/mount.h>
