/* klibc: getauxval, a value of the auxiliary vector the kernel passed at exec (AT_* from <elf.h>). */
#ifndef _SYS_AUXV_H
#define _SYS_AUXV_H
#include <features.h>
#include <elf.h>
unsigned long getauxval(unsigned long);
#endif
