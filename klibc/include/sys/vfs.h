/*
 * klibc: statfs. struct statfs is the kernel's <asm/statfs.h> (what the
 * statfs system call fills) and the filesystem magic numbers are its
 * <linux/magic.h>; the few it does not export are spelled below.
 */
#ifndef _SYS_VFS_H
#define _SYS_VFS_H
#include <sys/types.h>
#include <asm/statfs.h>
#include <linux/magic.h>
/* Filesystems' magic numbers that <linux/magic.h> does not carry. */
#ifndef BFS_MAGIC
#define BFS_MAGIC 0x1BADFACE
#endif
#ifndef CAPIFS_SUPER_MAGIC
#define CAPIFS_SUPER_MAGIC 0x434e
#endif
#ifndef CIFS_MAGIC_NUMBER
#define CIFS_MAGIC_NUMBER 0xFF534D42
#endif
#ifndef DEVFS_SUPER_MAGIC
#define DEVFS_SUPER_MAGIC 0x1373
#endif
#ifndef EVENTPOLLFS_MAGIC
#define EVENTPOLLFS_MAGIC 0x03111965
#endif
#ifndef GADGETFS_MAGIC
#define GADGETFS_MAGIC 0xaee71ee7
#endif
#ifndef HFSPLUS_SUPER_MAGIC
#define HFSPLUS_SUPER_MAGIC 0x482b
#endif
#ifndef HFS_MFS_SUPER_MAGIC
#define HFS_MFS_SUPER_MAGIC 0xD2D7
#endif
#ifndef HFS_SUPER_MAGIC
#define HFS_SUPER_MAGIC 0x4244
#endif
#ifndef HWGFS_MAGIC
#define HWGFS_MAGIC 0x12061983
#endif
#ifndef IBMASMFS_MAGIC
#define IBMASMFS_MAGIC 0x66726f67
#endif
#ifndef JFFS_MAGIC_BITMASK
#define JFFS_MAGIC_BITMASK 0x34383931
#endif
#ifndef JFFS_MAGIC_SB_BITMASK
#define JFFS_MAGIC_SB_BITMASK 0x07c0
#endif
#ifndef JFS_SUPER_MAGIC
#define JFS_SUPER_MAGIC 0x3153464a
#endif
#ifndef OPROFILEFS_MAGIC
#define OPROFILEFS_MAGIC 0x6f70726f
#endif
#ifndef PFMFS_MAGIC
#define PFMFS_MAGIC 0xa0b4d889
#endif
#ifndef ROMFS_MAGIC
#define ROMFS_MAGIC 0x7275
#endif
#ifndef UFS_MAGIC
#define UFS_MAGIC 0x00011954
#endif
#ifndef UFS_MAGIC_4GB
#define UFS_MAGIC_4GB 0x05231994
#endif
#ifndef UFS_MAGIC_FEA
#define UFS_MAGIC_FEA 0x00195612
#endif
#ifndef UFS_MAGIC_LFN
#define UFS_MAGIC_LFN 0x00095014
#endif
#ifndef UFS_MAGIC_SEC
#define UFS_MAGIC_SEC 0x00612195
#endif
#ifndef VXFS_SUPER_MAGIC
#define VXFS_SUPER_MAGIC 0xa501FCF5
#endif
int statfs(const char *, struct statfs *);
int fstatfs(int, struct statfs *);
#endif
