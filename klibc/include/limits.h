/* klibc: limits of the C types (the compiler's) and of the kernel (linux/limits.h). */
#ifndef _LIMITS_H
#define _LIMITS_H
#include <linux/limits.h>
#define CHAR_BIT __CHAR_BIT__
#define SCHAR_MAX __SCHAR_MAX__
#define SCHAR_MIN (-SCHAR_MAX - 1)
#define UCHAR_MAX (SCHAR_MAX * 2 + 1)
#ifdef __CHAR_UNSIGNED__
#define CHAR_MIN 0
#define CHAR_MAX UCHAR_MAX
#else
#define CHAR_MIN SCHAR_MIN
#define CHAR_MAX SCHAR_MAX
#endif
#define SHRT_MAX __SHRT_MAX__
#define SHRT_MIN (-SHRT_MAX - 1)
#define USHRT_MAX (SHRT_MAX * 2 + 1)
#define INT_MAX __INT_MAX__
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX (INT_MAX * 2U + 1U)
#define LONG_MAX __LONG_MAX__
#define LONG_MIN (-LONG_MAX - 1L)
#define ULONG_MAX (LONG_MAX * 2UL + 1UL)
#define LLONG_MAX __LONG_LONG_MAX__
#define LLONG_MIN (-LLONG_MAX - 1LL)
#define ULLONG_MAX (LLONG_MAX * 2ULL + 1ULL)
#define SSIZE_MAX LONG_MAX
#define MB_LEN_MAX 16
#define CHAR_WIDTH __SCHAR_WIDTH__
#define INT_WIDTH __INT_WIDTH__
#define LONG_WIDTH __LONG_WIDTH__
#define _POSIX_PATH_MAX 256
#define _POSIX_ARG_MAX 4096
#define _POSIX_OPEN_MAX 20
#define _POSIX_NAME_MAX 14
#define _POSIX2_LINE_MAX 2048
#define LINE_MAX 2048
#define IOV_MAX 1024
#define OPEN_MAX 256
#define SHRT_BIT (__SIZEOF_SHORT__ * CHAR_BIT)
#define INT_BIT (__SIZEOF_INT__ * CHAR_BIT)
#define LONG_BIT (__SIZEOF_LONG__ * CHAR_BIT)
#define LONGLONG_BIT (__SIZEOF_LONG_LONG__ * CHAR_BIT)
#endif
