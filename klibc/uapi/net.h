/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What klibc binds into uapi::net: sockets, IPv4 addresses, socket options
 * and the interface request structures. Address families and socket types
 * come from klibc's own <sys/socket.h> (the kernel does not export them).
 */
#include <sys/socket.h>
#include <linux/in.h>
#include <linux/socket.h>
#include <linux/if.h>
#include <asm/socket.h>
#include <linux/un.h>
