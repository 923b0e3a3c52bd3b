/* klibc: the system call numbers (the kernel's <asm/unistd.h>, also as SYS_*) and syscall(). */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H
#include <errno.h>
#include <sys/types.h>
#include <asm/unistd.h>
long syscall(long, ...);
#endif
