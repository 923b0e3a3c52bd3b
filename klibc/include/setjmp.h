/* klibc: non-local jumps. The saved registers are the arch's callee-saved set (see klibc/src/arch/*_c.rs). */
#ifndef _SETJMP_H
#define _SETJMP_H
#if defined(__x86_64__)
#define __KLIBC_JMP_REGS 8	/* rbx rbp r12 r13 r14 r15 rsp rip */
#elif defined(__aarch64__)
#define __KLIBC_JMP_REGS 21	/* x19-x28 x29 x30 sp d8-d15 */
#elif defined(__riscv) && __riscv_xlen == 64
#define __KLIBC_JMP_REGS 26	/* ra sp s0-s11 fs0-fs11 */
#else
#error "klibc: setjmp.h does not know this architecture"
#endif
struct __klibc_jmp_buf {
	unsigned long long __regs[__KLIBC_JMP_REGS];
	int __mask_saved;
	unsigned long __mask;
};
typedef struct __klibc_jmp_buf jmp_buf[1];
typedef struct __klibc_jmp_buf sigjmp_buf[1];
int setjmp(jmp_buf) __attribute__((returns_twice));
int _setjmp(jmp_buf) __attribute__((returns_twice));
__attribute__((noreturn)) void longjmp(jmp_buf, int);
__attribute__((noreturn)) void _longjmp(jmp_buf, int);
int sigsetjmp(sigjmp_buf, int) __attribute__((returns_twice));
__attribute__((noreturn)) void siglongjmp(sigjmp_buf, int);
#endif
