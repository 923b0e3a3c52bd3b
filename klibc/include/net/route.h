/* klibc: routing table ioctls (struct rtentry, RTF_*), the kernel's <linux/route.h>. */
#ifndef _NET_ROUTE_H
#define _NET_ROUTE_H
#include <sys/types.h>
#include <sys/socket.h>
#include <linux/route.h>
#endif
