/* klibc: the TCP header and socket options, the kernel's <linux/tcp.h>. */
#ifndef _NETINET_TCP_H
#define _NETINET_TCP_H
#include <endian.h>
#include <linux/tcp.h>
#endif
