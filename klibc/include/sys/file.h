/* klibc: flock; LOCK_* are the kernel's (<asm/fcntl.h>). */
#ifndef _SYS_FILE_H
#define _SYS_FILE_H
#include <fcntl.h>
int flock(int, int);
#endif
