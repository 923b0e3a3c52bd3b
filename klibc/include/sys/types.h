/* klibc: POSIX types, as the kernel's exported posix_types define them. */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H
#include <features.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include <linux/posix_types.h>

typedef __kernel_pid_t pid_t;
typedef __kernel_uid32_t uid_t;
typedef __kernel_gid32_t gid_t;
typedef __kernel_mode_t mode_t;
typedef __kernel_off_t off_t;
typedef __kernel_loff_t loff_t;
typedef __kernel_loff_t off64_t;
typedef __kernel_ssize_t ssize_t;
typedef __kernel_ino_t ino_t;
typedef __kernel_ulong_t dev_t;
typedef __kernel_ulong_t nlink_t;
typedef __kernel_long_t blksize_t;
typedef __kernel_long_t blkcnt_t;
typedef __kernel_old_time_t time_t;
typedef __kernel_clock_t clock_t;
typedef __kernel_suseconds_t suseconds_t;
typedef __kernel_clockid_t clockid_t;
typedef __kernel_timer_t timer_t;
typedef __kernel_key_t key_t;
typedef __kernel_daddr_t daddr_t;
typedef __kernel_caddr_t caddr_t;
typedef unsigned int id_t;
typedef unsigned int useconds_t;
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned int uint;
typedef unsigned long ulong;
typedef unsigned short ushort;
typedef __u8 u_int8_t;
typedef __u16 u_int16_t;
typedef __u32 u_int32_t;
typedef __u64 u_int64_t;

#define BITS_PER_LONG __BITS_PER_LONG
#include <sys/sysmacros.h>
#endif
