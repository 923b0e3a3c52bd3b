/* klibc: __divide_error, what klibc's division helpers raise on a division by zero. */
#ifndef _KLIBC_DIVERR_H
#define _KLIBC_DIVERR_H
#include <signal.h>
static __inline__ void __divide_error(void)
{
	raise(SIGFPE);
}
#endif /* _KLIBC_DIVERR_H */
