/* klibc: network interfaces (struct ifreq, IFF_*), the kernel's <linux/if.h>. */
#ifndef _NET_IF_H
#define _NET_IF_H
#include <sys/socket.h>
#include <sys/types.h>
#include <linux/if.h>
#define IF_NAMESIZE IFNAMSIZ
#endif
