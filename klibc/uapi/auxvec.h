/* SPDX-License-Identifier: GPL-2.0 */
/* What klibc binds into uapi::auxvec: the auxiliary vector's AT_* keys. */
#include <linux/auxvec.h>
