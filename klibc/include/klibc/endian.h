/*
 * klibc: __BYTE_ORDER and the three orders' values. The kernel's
 * <asm/byteorder.h> says which order this arch has (it defines one of
 * __LITTLE_ENDIAN/__BIG_ENDIAN); the glibc/BSD values of all three follow.
 */
#ifndef _KLIBC_ENDIAN_H
#define _KLIBC_ENDIAN_H
#include <asm/byteorder.h>
#if defined(__LITTLE_ENDIAN)
#undef __LITTLE_ENDIAN
#define __BYTE_ORDER 1234
#elif defined(__BIG_ENDIAN)
#undef __BIG_ENDIAN
#define __BYTE_ORDER 4321
#else
#error "<asm/byteorder.h> names no byte order"
#endif
#define __LITTLE_ENDIAN 1234
#define __BIG_ENDIAN 4321
#define __PDP_ENDIAN 3412
#endif /* _KLIBC_ENDIAN_H */
