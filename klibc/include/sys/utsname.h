/* klibc: uname; the layout is the kernel's struct new_utsname. */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H
#include <linux/utsname.h>
#define utsname new_utsname
#define SYS_NMLN (__NEW_UTS_LEN + 1)
int uname(struct utsname *);
#endif
