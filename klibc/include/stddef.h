/*
 * klibc: size_t and friends. bindgen reads this header too (through the
 * UAPI headers' includes), so it stays free of anything but the compiler's
 * predefined types.
 */
#ifndef _STDDEF_H
#define _STDDEF_H

typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
typedef __WCHAR_TYPE__ wchar_t;
typedef struct { long long __ll; long double __ld; } max_align_t;

#ifndef NULL
#define NULL ((void *)0)
#endif
#define offsetof(t, m) __builtin_offsetof(t, m)
#define container_of(p, c, m) ((c *)((char *)(p) - offsetof(c, m)))

#endif /* _STDDEF_H */
