/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klibc's <dirent.h>, the part the runtime needs today: the record that
 * getdents64(2) fills (the kernel keeps it in its internal
 * include/linux/dirent.h, not in the exported headers) and the d_type values.
 * The C ABI issue adds DIR and readdir().
 */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <linux/types.h>

struct linux_dirent64 {
	__u64 d_ino;
	__s64 d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#define DT_WHT		14

#endif /* _DIRENT_H */
