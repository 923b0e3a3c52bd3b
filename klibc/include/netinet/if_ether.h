/* klibc: Ethernet frames, the kernel's <linux/if_ether.h>. */
#ifndef _NETINET_IF_ETHER_H
#define _NETINET_IF_ETHER_H
#include <sys/types.h>
#include <linux/if_ether.h>
#endif
