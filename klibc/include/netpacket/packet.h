/* klibc: packet sockets (struct sockaddr_ll, PACKET_*), the kernel's <linux/if_packet.h>. */
#ifndef _NETPACKET_PACKET_H
#define _NETPACKET_PACKET_H
#include <sys/types.h>
#include <sys/socket.h>
#include <linux/if_packet.h>
#endif
