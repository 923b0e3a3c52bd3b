/*
 * klibc: major/minor/makedev over the 64-bit dev_t the kernel's stat
 * returns (glibc's encoding: 12+20 bits in the low word, the rest above).
 */
#ifndef _SYS_SYSMACROS_H
#define _SYS_SYSMACROS_H
#define major(d) ((unsigned int)((((d) >> 31 >> 1) & 0xfffff000) | (((d) >> 8) & 0xfff)))
#define minor(d) ((unsigned int)((((d) >> 12) & 0xffffff00) | ((d) & 0xff)))
#define makedev(ma, mi) ((dev_t)((((ma) & 0xfffff000ULL) << 32) | (((ma) & 0xfffULL) << 8) | \
	(((mi) & 0xffffff00ULL) << 12) | ((mi) & 0xffULL)))
#endif
