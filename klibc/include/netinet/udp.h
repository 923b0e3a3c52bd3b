/* klibc: the UDP header, the kernel's <linux/udp.h>. */
#ifndef _NETINET_UDP_H
#define _NETINET_UDP_H
#include <sys/types.h>
#include <linux/udp.h>
#endif
