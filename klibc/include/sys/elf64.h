/* klibc: the ELF64 types, which <elf.h> has from the kernel's <linux/elf.h>. */
#include <elf.h>
