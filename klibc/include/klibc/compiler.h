/*
 * klibc: the compiler attributes klibc's headers and programs spell with
 * klibc's own names (__noreturn, __mallocfunc, __likely, ...). Every header
 * includes it through <features.h>, as klibc's own headers do.
 */
#ifndef _KLIBC_COMPILER_H
#define _KLIBC_COMPILER_H

#ifdef __i386__
#define __cdecl __attribute__((cdecl, regparm(0)))
#else
#define __cdecl
#endif
#define __static_inline static __inline__ __attribute__((__gnu_inline__))
#define __extern_inline extern __inline__ __attribute__((__gnu_inline__))
#define __must_inline __extern_inline __attribute__((__always_inline__))
#define __noreturn void __attribute__((noreturn))
#define __constfunc __attribute__((const))
#undef __attribute_const__
#define __attribute_const__ __constfunc
#define __purefunc __attribute__((pure))
#undef __attribute_pure__
#define __attribute_pure__ __purefunc
#define __formatfunc(t, f, a) __attribute__((format(t, f, a)))
#define __mallocfunc __attribute__((malloc))
#define __likely(x) __builtin_expect(!!(x), 1)
#define __unlikely(x) __builtin_expect(!!(x), 0)
#define __unusedfunc __attribute__((unused))
#define __user
#ifdef __CHECKER__
#define __bitwise __attribute__((bitwise))
#else
#define __bitwise
#endif
#define __attribute_used__ __attribute__((used))
#define __ALIAS(__t, __f, __p, __a) __t __f __p __attribute__((weak, alias(#__a)));

#endif /* _KLIBC_COMPILER_H */
