/* klibc: struct utimbuf (the kernel's <linux/utime.h>); see <utime.h>. */
#include <utime.h>
