/* SPDX-License-Identifier: GPL-2.0 */
/* What klibc binds into uapi::errno: every error number the kernel returns. */
#include <linux/errno.h>
