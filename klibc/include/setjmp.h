/* klibc: non-local jumps. The saved registers are the arch's callee-saved set (see klibc/src/arch). */
#ifndef _SETJMP_H
#define _SETJMP_H
struct __klibc_jmp_buf {
	unsigned long __regs[8];	/* x86_64: rbx rbp r12 r13 r14 r15 rsp rip */
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
