/* klibc: ELF types and constants, the kernel's <linux/elf.h> and the auxiliary vector's AT_* (<linux/auxvec.h>). */
#ifndef _ELF_H
#define _ELF_H
#include <stdint.h>
#include <linux/elf.h>
#include <linux/auxvec.h>
/* What the kernel's header leaves out: section index types, symbol binding ranges. */
typedef __u16 Elf32_Section;
typedef __u16 Elf64_Section;
#define STB_NUM 3
#define STB_LOOS 10
#define STB_HIOS 12
#define STB_LOPROC 13
#define STB_HIPROC 15
#define STN_UNDEF 0
/* Machines the kernel's <linux/elf-em.h> no longer lists, and i386's vDSO entry. */
#define EM_H8_300H 47
#define EM_H8S 48
#define EM_V850 87
#define EM_CYGNUS_V850 0x9080
#ifndef AT_SYSINFO
#define AT_SYSINFO 32
#endif
#endif
