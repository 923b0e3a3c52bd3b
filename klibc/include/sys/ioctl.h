/* klibc: ioctl; request numbers and struct winsize are the kernel's asm/termios.h. */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H
#include <linux/ioctl.h>
#include <asm/termios.h>
int ioctl(int, unsigned long, ...);
#endif
