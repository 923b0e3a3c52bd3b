/* klibc: __stdev64, a 64-bit device number split in two 32-bit words in byte order (klibc's struct stat helper). */
#ifndef _KLIBC_STATHELP_H
#define _KLIBC_STATHELP_H
#include <klibc/endian.h>
#if __BYTE_ORDER == __BIG_ENDIAN
#define __stdev64(x) unsigned int __##x, x;
#else
#define __stdev64(x) unsigned int x, __##x;
#endif
#endif /* _KLIBC_STATHELP_H */
