/* SPDX-License-Identifier: GPL-2.0 */
/* What klibc binds into uapi::netlink: rtnetlink links, addresses, routes. */
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
