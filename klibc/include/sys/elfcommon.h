/* klibc: the ELF constants common to both classes, which <elf.h> has from the kernel's <linux/elf.h>. */
#include <elf.h>
