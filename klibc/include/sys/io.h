/*
 * klibc: x86 port I/O: iopl/ioperm (system calls) and the in/out
 * instructions as inline functions. x86 only, as the instructions are.
 */
#ifndef _SYS_IO_H
#define _SYS_IO_H
#if !defined(__x86_64__) && !defined(__i386__)
#error "<sys/io.h>: port I/O exists on x86 only"
#endif
#include <features.h>
int iopl(int);
int ioperm(unsigned long, unsigned long, int);
#define __KLIBC_OUT(n, t, s) \
static __inline__ void out##n(t __v, unsigned short __p) \
{ \
	__asm__ __volatile__("out" #n " %0, %1" : : "a"(__v), "Nd"(__p)); \
} \
static __inline__ void outs##n(unsigned short __p, const void *__d, unsigned long __c) \
{ \
	__asm__ __volatile__("rep; outs" #n : "+S"(__d), "+c"(__c) : "d"(__p)); \
}
#define __KLIBC_IN(n, t) \
static __inline__ t in##n(unsigned short __p) \
{ \
	t __v; \
	__asm__ __volatile__("in" #n " %1, %0" : "=a"(__v) : "Nd"(__p)); \
	return __v; \
} \
static __inline__ void ins##n(unsigned short __p, void *__d, unsigned long __c) \
{ \
	__asm__ __volatile__("rep; ins" #n : "+D"(__d), "+c"(__c) : "d"(__p) : "memory"); \
}
__KLIBC_OUT(b, unsigned char, 1)
__KLIBC_OUT(w, unsigned short, 2)
__KLIBC_OUT(l, unsigned int, 4)
__KLIBC_IN(b, unsigned char)
__KLIBC_IN(w, unsigned short)
__KLIBC_IN(l, unsigned int)
#undef __KLIBC_OUT
#undef __KLIBC_IN
#endif
