/* klibc: capget/capset on the kernel's <linux/capability.h>. */
#ifndef _SYS_CAPABILITY_H
#define _SYS_CAPABILITY_H
#include <sys/types.h>
#include <linux/capability.h>
int capget(cap_user_header_t, cap_user_data_t);
int capset(cap_user_header_t, const cap_user_data_t);
#endif
