/*
 * klibc: the IPv4 header (struct iphdr, the kernel's <linux/ip.h>) and the
 * fragment flags, which the kernel keeps in its internal net/ip.h.
 */
#ifndef _NETINET_IP_H
#define _NETINET_IP_H
#include <endian.h>
#include <netinet/in.h>
#include <linux/ip.h>
#define IP_CE 0x8000
#define IP_DF 0x4000
#define IP_MF 0x2000
#define IP_OFFMASK 0x1fff
#endif
