/* SPDX-License-Identifier: GPL-2.0 */
/* What klibc binds into uapi::system: uname(2)'s struct. */
#include <linux/utsname.h>
