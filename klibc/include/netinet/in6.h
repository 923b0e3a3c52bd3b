/* klibc: IPv6 addresses, the kernel's <linux/in6.h>. */
#include <netinet/in.h>
