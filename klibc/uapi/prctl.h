/* SPDX-License-Identifier: GPL-2.0 */
/* What klibc binds into uapi::prctl: prctl(2)'s option numbers. */
#include <linux/prctl.h>
