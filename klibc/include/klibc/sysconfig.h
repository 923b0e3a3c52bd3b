/*
 * klibc: the configuration klibc's headers describe the library with
 * (_KLIBC_* switches). These are the facts of this library: an MMU, the
 * generic rt_* signal calls, socket calls as system calls, malloc on mmap.
 */
#ifndef _KLIBC_SYSCONFIG_H
#define _KLIBC_SYSCONFIG_H
#include <asm/unistd.h>
#define _KLIBC_NO_MMU 0
#ifdef __NR_vfork
#define _KLIBC_REAL_VFORK 1
#else
#define _KLIBC_REAL_VFORK 0
#endif
#ifdef __NR_mmap2
#define _KLIBC_USE_MMAP2 1
#else
#define _KLIBC_USE_MMAP2 0
#endif
#define _KLIBC_MMAP2_SHIFT 12
#define _KLIBC_MALLOC_USES_SBRK 0
#define _KLIBC_USE_RT_SIG 1
#define _KLIBC_STATFS_F_TYPE_64 (__SIZEOF_LONG__ == 8)
#define _KLIBC_STATFS_F_TYPE_32B 0
#define _KLIBC_HAS_ARCHSOCKET_H 0
#define _KLIBC_SYS_SOCKETCALL 0
#define _KLIBC_HAS_ARCHINIT 0
#endif /* _KLIBC_SYSCONFIG_H */
