/*
 * klibc: Internet addresses. struct in_addr, sockaddr_in, IPPROTO_* and
 * INADDR_* are the kernel's <linux/in.h>, struct in6_addr its <linux/in6.h>;
 * the byte-order conversions are the kernel's __cpu_to_be* (<endian.h>).
 */
#ifndef _NETINET_IN_H
#define _NETINET_IN_H
#include <sys/types.h>
#include <stdint.h>
#include <endian.h>
#include <sys/socket.h>
#include <linux/in.h>
#include <linux/in6.h>
typedef uint16_t in_port_t;
typedef uint32_t in_addr_t;
#define htons(x) __cpu_to_be16(x)
#define ntohs(x) __be16_to_cpu(x)
#define htonl(x) __cpu_to_be32(x)
#define ntohl(x) __be32_to_cpu(x)
#define htonq(x) __cpu_to_be64(x)
#define ntohq(x) __be64_to_cpu(x)
#define IPPORT_RESERVED 1024
#define INET_ADDRSTRLEN 16
#define INET6_ADDRSTRLEN 46
int bindresvport(int, struct sockaddr_in *);
#endif
