/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klibc's <stddef.h>: the compiler knows these types for the target; the
 * kernel's ioctl headers use size_t (BLKGETSIZE64 is _IOR(0x12, 114, size_t)).
 */
#ifndef _STDDEF_H
#define _STDDEF_H

typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
typedef __WCHAR_TYPE__ wchar_t;

#ifndef NULL
#define NULL ((void *)0)
#endif
#define offsetof(t, m) __builtin_offsetof(t, m)

#endif /* _STDDEF_H */
