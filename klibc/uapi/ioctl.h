/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What klibc binds into uapi::ioctl. Ioctl numbers are function-like macros
 * (_IOR and friends) that bindgen cannot evaluate, so each one is restated as
 * a constant named KLIBC_IOCTL_<name>; klibc's build script strips the prefix.
 * The value still comes from the kernel's own macro.
 */
#include <stddef.h>
#include <linux/fs.h>
#include <linux/sockios.h>
#include <asm/ioctls.h>
/* powerpc's terminal ioctl numbers take the size of struct termios and
 * struct winsize, which its asm/ioctls.h leaves to asm/termios.h. */
#include <asm/termios.h>

#define KLIBC_IOCTL(name) static const unsigned int KLIBC_IOCTL_##name = name

/* block devices */
KLIBC_IOCTL(BLKGETSIZE64);
KLIBC_IOCTL(BLKSSZGET);
KLIBC_IOCTL(BLKRRPART);
KLIBC_IOCTL(BLKFLSBUF);
/* terminals */
KLIBC_IOCTL(TCGETS);
KLIBC_IOCTL(TCSETS);
KLIBC_IOCTL(TCSETSW);
KLIBC_IOCTL(TCSETSF);
KLIBC_IOCTL(TCFLSH);
KLIBC_IOCTL(TCXONC);
KLIBC_IOCTL(TCSBRK);
KLIBC_IOCTL(TIOCGSID);
KLIBC_IOCTL(TIOCSCTTY);
KLIBC_IOCTL(TIOCGWINSZ);
KLIBC_IOCTL(TIOCGPGRP);
KLIBC_IOCTL(TIOCSPGRP);
KLIBC_IOCTL(FIONBIO);
KLIBC_IOCTL(FIONREAD);
/* pseudo-terminal masters (the C library's ptsname, unlockpt) */
KLIBC_IOCTL(TIOCGPTN);
KLIBC_IOCTL(TIOCSPTLCK);
/* network interfaces */
KLIBC_IOCTL(SIOCGIFINDEX);
KLIBC_IOCTL(SIOCGIFNAME);
KLIBC_IOCTL(SIOCGIFFLAGS);
KLIBC_IOCTL(SIOCSIFFLAGS);
KLIBC_IOCTL(SIOCGIFADDR);
KLIBC_IOCTL(SIOCSIFADDR);
KLIBC_IOCTL(SIOCSIFNETMASK);
KLIBC_IOCTL(SIOCSIFBRDADDR);
KLIBC_IOCTL(SIOCGIFHWADDR);
KLIBC_IOCTL(SIOCGIFMTU);
KLIBC_IOCTL(SIOCSIFMTU);
KLIBC_IOCTL(SIOCADDRT);
KLIBC_IOCTL(SIOCDELRT);
