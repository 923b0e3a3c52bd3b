/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klibc's <sys/socket.h>, the part the kernel's UAPI headers need today:
 * <linux/if.h> includes it for struct sockaddr. The address families and
 * socket types live in the kernel's internal include/linux/socket.h, which is
 * not exported, so the C library has to spell them (as every libc does).
 * The C ABI issue grows this into the full header.
 */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H

#include <linux/socket.h>

typedef unsigned int socklen_t;
typedef __kernel_sa_family_t sa_family_t;

struct sockaddr {
	sa_family_t sa_family;
	char sa_data[14];
};

#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3
#define SOCK_RDM	4
#define SOCK_SEQPACKET	5
#define SOCK_PACKET	10

#define AF_UNSPEC	0
#define AF_UNIX		1
#define AF_LOCAL	AF_UNIX
#define AF_INET		2
#define AF_INET6	10
#define AF_NETLINK	16
#define AF_PACKET	17
#define PF_UNSPEC	AF_UNSPEC
#define PF_UNIX		AF_UNIX
#define PF_INET		AF_INET
#define PF_INET6	AF_INET6
#define PF_NETLINK	AF_NETLINK
#define PF_PACKET	AF_PACKET

#define MSG_PEEK	0x2
#define MSG_DONTWAIT	0x40
#define MSG_TRUNC	0x20
#define MSG_NOSIGNAL	0x4000

#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

#endif /* _SYS_SOCKET_H */
