/* SPDX-License-Identifier: GPL-2.0 */
/* What klibc binds into uapi::module: finit_module(2)'s MODULE_INIT_* flags. */
#include <linux/module.h>
