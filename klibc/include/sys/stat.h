/*
 * klibc: the stat family. The S_* modes are the kernel's; struct stat is the
 * kernel's layout (<asm/stat.h>, included under another tag and checked
 * field by field below) with POSIX's st_atim/st_mtim/st_ctim over its
 * seconds and nanoseconds pairs, as glibc and klibc have them. An arch
 * whose layout is not spelled here gets the kernel's struct as it is.
 */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H
#include <sys/types.h>
#include <stddef.h>
#include <linux/stat.h>
#include <linux/time.h>
#if defined(__x86_64__) || defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
#define stat __kernel_stat
#include <asm/stat.h>
#undef stat
#define __KLIBC_STAT_POSIX 1
#else
#include <asm/stat.h>
#endif

#if defined(__x86_64__)
struct stat {
	__kernel_ulong_t st_dev;
	__kernel_ulong_t st_ino;
	__kernel_ulong_t st_nlink;
	unsigned int st_mode;
	unsigned int st_uid;
	unsigned int st_gid;
	unsigned int __pad0;
	__kernel_ulong_t st_rdev;
	__kernel_long_t st_size;
	__kernel_long_t st_blksize;
	__kernel_long_t st_blocks;
	struct timespec st_atim;
	struct timespec st_mtim;
	struct timespec st_ctim;
	__kernel_long_t __unused[3];
};
#elif defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
struct stat {
	unsigned long st_dev;
	unsigned long st_ino;
	unsigned int st_mode;
	unsigned int st_nlink;
	unsigned int st_uid;
	unsigned int st_gid;
	unsigned long st_rdev;
	unsigned long __pad1;
	long st_size;
	int st_blksize;
	int __pad2;
	long st_blocks;
	struct timespec st_atim;
	struct timespec st_mtim;
	struct timespec st_ctim;
	unsigned int __unused4;
	unsigned int __unused5;
};
#endif

#ifdef __KLIBC_STAT_POSIX
#define __KLIBC_STAT_SAME(f) \
	_Static_assert(offsetof(struct stat, f) == offsetof(struct __kernel_stat, f) && \
		       sizeof(((struct stat *)0)->f) == sizeof(((struct __kernel_stat *)0)->f), \
		       "struct stat." #f " is not the kernel's")
#define __KLIBC_STAT_TIME(ours, kernels) \
	_Static_assert(offsetof(struct stat, ours.tv_sec) == offsetof(struct __kernel_stat, kernels) && \
		       offsetof(struct stat, ours.tv_nsec) == offsetof(struct __kernel_stat, kernels##_nsec), \
		       "struct stat." #ours " is not the kernel's " #kernels)
__KLIBC_STAT_SAME(st_dev);
__KLIBC_STAT_SAME(st_ino);
__KLIBC_STAT_SAME(st_nlink);
__KLIBC_STAT_SAME(st_mode);
__KLIBC_STAT_SAME(st_uid);
__KLIBC_STAT_SAME(st_gid);
__KLIBC_STAT_SAME(st_rdev);
__KLIBC_STAT_SAME(st_size);
__KLIBC_STAT_SAME(st_blksize);
__KLIBC_STAT_SAME(st_blocks);
__KLIBC_STAT_TIME(st_atim, st_atime);
__KLIBC_STAT_TIME(st_mtim, st_mtime);
__KLIBC_STAT_TIME(st_ctim, st_ctime);
_Static_assert(sizeof(struct stat) == sizeof(struct __kernel_stat), "struct stat's size is not the kernel's");
#undef __KLIBC_STAT_SAME
#undef __KLIBC_STAT_TIME
#define st_atime st_atim.tv_sec
#define st_mtime st_mtim.tv_sec
#define st_ctime st_ctim.tv_sec
/* klibc's name for "struct stat has st_atim and friends". */
#define _STATBUF_ST_NSEC 1
#endif
#define S_IREAD S_IRUSR
#define S_IWRITE S_IWUSR
#define S_IEXEC S_IXUSR
#define S_IRWXUGO (S_IRWXU | S_IRWXG | S_IRWXO)
#define S_IALLUGO (S_ISUID | S_ISGID | S_ISVTX | S_IRWXUGO)
#define S_IRUGO (S_IRUSR | S_IRGRP | S_IROTH)
#define S_IWUGO (S_IWUSR | S_IWGRP | S_IWOTH)
#define S_IXUGO (S_IXUSR | S_IXGRP | S_IXOTH)
#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
int stat(const char *, struct stat *);
int lstat(const char *, struct stat *);
int fstat(int, struct stat *);
int fstatat(int, const char *, struct stat *, int);
int chmod(const char *, mode_t);
int fchmod(int, mode_t);
int fchmodat(int, const char *, mode_t, int);
int mkdir(const char *, mode_t);
int mkdirat(int, const char *, mode_t);
int mkfifo(const char *, mode_t);
int mknod(const char *, mode_t, dev_t);
int mknodat(int, const char *, mode_t, dev_t);
int mkfifoat(int, const char *, mode_t);
mode_t umask(mode_t);
int utimensat(int, const char *, const struct timespec[2], int);
int futimens(int, const struct timespec[2]);
#endif
