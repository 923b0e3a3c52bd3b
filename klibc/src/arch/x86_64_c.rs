//! x86_64 machine code of the C library: C's `_start`, setjmp/longjmp and
//! sigsetjmp (the callee-saved registers rbx, rbp, r12-r15, rsp and the
//! return address, in that order, matching klibc/include/setjmp.h), the
//! `__restore_rt` trampoline that rt_sigaction's SA_RESTORER needs, and the
//! entry stubs of variadic functions (stable Rust cannot define them): each
//! spills the argument registers into a SysV register save area, builds a
//! `va_list` and calls the `v...` function that takes it.

use core::arch::global_asm;

global_asm!(
    ".globl _start",
    ".type _start,@function",
    "_start:",
    "xor ebp, ebp",
    "mov rdi, rsp",
    "and rsp, -16",
    "call {start}",
    "ud2",
    start = sym crate::cabi::c::start::__klibc_start_c,
);

global_asm!(
    ".globl setjmp, _setjmp, longjmp, _longjmp, sigsetjmp, __sigsetjmp",
    ".type setjmp,@function",
    ".type _setjmp,@function",
    ".type longjmp,@function",
    ".type _longjmp,@function",
    ".type sigsetjmp,@function",
    ".type __sigsetjmp,@function",
    "setjmp:",
    "_setjmp:",
    "mov [rdi], rbx",
    "mov [rdi + 8], rbp",
    "mov [rdi + 16], r12",
    "mov [rdi + 24], r13",
    "mov [rdi + 32], r14",
    "mov [rdi + 40], r15",
    "lea rdx, [rsp + 8]",
    "mov [rdi + 48], rdx",
    "mov rdx, [rsp]",
    "mov [rdi + 56], rdx",
    "mov dword ptr [rdi + 64], 0",
    "xor eax, eax",
    "ret",
    "longjmp:",
    "_longjmp:",
    "mov eax, esi",
    "test eax, eax",
    "jnz 2f",
    "inc eax",
    "2:",
    "mov rbx, [rdi]",
    "mov rbp, [rdi + 8]",
    "mov r12, [rdi + 16]",
    "mov r13, [rdi + 24]",
    "mov r14, [rdi + 32]",
    "mov r15, [rdi + 40]",
    "mov rsp, [rdi + 48]",
    "jmp qword ptr [rdi + 56]",
    // sigsetjmp saves the registers as setjmp does, then tail-calls the
    // Rust half, which records the signal mask and returns 0 to our caller.
    "sigsetjmp:",
    "__sigsetjmp:",
    "mov [rdi], rbx",
    "mov [rdi + 8], rbp",
    "mov [rdi + 16], r12",
    "mov [rdi + 24], r13",
    "mov [rdi + 32], r14",
    "mov [rdi + 40], r15",
    "lea rdx, [rsp + 8]",
    "mov [rdi + 48], rdx",
    "mov rdx, [rsp]",
    "mov [rdi + 56], rdx",
    "jmp {save}",
    save = sym crate::cabi::c::signal::__klibc_sigsetjmp_save,
);

global_asm!(
    ".globl __restore_rt",
    ".type __restore_rt,@function",
    "__restore_rt:",
    "mov eax, {nr}",
    "syscall",
    "ud2",
    nr = const crate::uapi::general::__NR_rt_sigreturn,
);

/// Emits `$name`, a variadic C function with `$fixed` named integer/pointer
/// arguments, that calls `$target(named..., va_list)`; `$reg` is the
/// register of the argument after the named ones.
macro_rules! variadic {
    ($name:literal, $target:path, $fixed:literal, $reg:literal) => {
        global_asm!(
            // A section per stub: --gc-sections drops those never called
            // (and what they call, such as gzprintf's zlib).
            concat!(".pushsection .text.", $name, ",\"ax\",@progbits"),
            concat!(".globl ", $name),
            concat!(".type ", $name, ",@function"),
            concat!($name, ":"),
            "push rbp",
            "mov rbp, rsp",
            "sub rsp, 208",
            "mov [rsp], rdi",
            "mov [rsp + 8], rsi",
            "mov [rsp + 16], rdx",
            "mov [rsp + 24], rcx",
            "mov [rsp + 32], r8",
            "mov [rsp + 40], r9",
            "test al, al",
            "je 2f",
            "movaps [rsp + 48], xmm0",
            "movaps [rsp + 64], xmm1",
            "movaps [rsp + 80], xmm2",
            "movaps [rsp + 96], xmm3",
            "movaps [rsp + 112], xmm4",
            "movaps [rsp + 128], xmm5",
            "movaps [rsp + 144], xmm6",
            "movaps [rsp + 160], xmm7",
            "2:",
            concat!("mov dword ptr [rsp + 176], ", $fixed, " * 8"),
            "mov dword ptr [rsp + 180], 48",
            "lea rax, [rbp + 16]",
            "mov [rsp + 184], rax",
            "mov [rsp + 192], rsp",
            concat!("lea ", $reg, ", [rsp + 176]"),
            "call {target}",
            "leave",
            "ret",
            ".popsection",
            target = sym $target,
        );
    };
}

use crate::cabi::c::{scan, stdio, syslog, unistd, zlib};
variadic!("printf", stdio::vprintf, 1, "rsi");
variadic!("fprintf", stdio::vfprintf, 2, "rdx");
variadic!("dprintf", stdio::vdprintf, 2, "rdx");
variadic!("sprintf", stdio::vsprintf, 2, "rdx");
variadic!("asprintf", stdio::vasprintf, 2, "rdx");
variadic!("snprintf", stdio::vsnprintf, 3, "rcx");
variadic!("scanf", scan::vscanf, 1, "rsi");
variadic!("fscanf", scan::vfscanf, 2, "rdx");
variadic!("sscanf", scan::vsscanf, 2, "rdx");
variadic!("execl", unistd::__klibc_vexecl, 2, "rdx");
variadic!("execlp", unistd::__klibc_vexeclp, 2, "rdx");
variadic!("execle", unistd::__klibc_vexecle, 2, "rdx");
variadic!("execlpe", unistd::__klibc_vexeclpe, 2, "rdx");
variadic!("syslog", syslog::vsyslog, 2, "rdx");
variadic!("gzprintf", zlib::gzvprintf, 2, "rdx");
