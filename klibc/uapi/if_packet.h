/* SPDX-License-Identifier: GPL-2.0 */
/* What klibc binds into uapi::if_packet: AF_PACKET addresses and options. */
#include <sys/socket.h>
#include <linux/if_packet.h>
