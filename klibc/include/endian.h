/*
 * klibc: BYTE_ORDER and the BSD/glibc conversions (htobe32, le16toh, ...),
 * on the kernel's <asm/byteorder.h> (__cpu_to_be32 and friends).
 */
#ifndef _ENDIAN_H
#define _ENDIAN_H
#include <klibc/endian.h>
#define LITTLE_ENDIAN __LITTLE_ENDIAN
#define BIG_ENDIAN __BIG_ENDIAN
#define PDP_ENDIAN __PDP_ENDIAN
#define BYTE_ORDER __BYTE_ORDER
#if __BYTE_ORDER == __LITTLE_ENDIAN
#define __LONG_LONG_PAIR(HI, LO) LO, HI
#else
#define __LONG_LONG_PAIR(HI, LO) HI, LO
#endif
#define htobe16(x) __cpu_to_be16(x)
#define htole16(x) __cpu_to_le16(x)
#define be16toh(x) __be16_to_cpu(x)
#define le16toh(x) __le16_to_cpu(x)
#define htobe32(x) __cpu_to_be32(x)
#define htole32(x) __cpu_to_le32(x)
#define be32toh(x) __be32_to_cpu(x)
#define le32toh(x) __le32_to_cpu(x)
#define htobe64(x) __cpu_to_be64(x)
#define htole64(x) __cpu_to_le64(x)
#define be64toh(x) __be64_to_cpu(x)
#define le64toh(x) __le64_to_cpu(x)
#endif
