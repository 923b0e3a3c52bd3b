/* SPDX-License-Identifier: GPL-2.0 */
/* What klibc binds into uapi::if_ether: Ethernet frame types and lengths. */
#include <linux/if_ether.h>
