//! x86_64 machine code of the C library (SysV AMD64 psABI): C's `_start`,
//! setjmp/longjmp and sigsetjmp (the callee-saved registers rbx, rbp,
//! r12-r15, rsp and the return address, in that order, matching
//! klibc/include/setjmp.h), the `__restore_rt` trampoline that
//! rt_sigaction's SA_RESTORER needs (x86_64's kernel has no other way back
//! from a handler), and C's `va_list`: the entry stubs of variadic functions
//! (stable Rust cannot define them) spill the argument registers into a
//! register save area, build a `__va_list_tag` and call the `v...` function
//! that takes it; [`VaArgs`] walks it as `va_arg` would.

use crate::cabi::c::valist::{x87_to_f64, Args};
use core::arch::global_asm;

/// The saved registers in klibc/include/setjmp.h's buffer.
pub const JMP_BUF_REGS: usize = 8;

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
/// arguments, that calls `$target(named..., va_list)`.
macro_rules! variadic {
    ($name:literal, $target:path, $fixed:tt) => {
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
            concat!("lea ", va_reg!($fixed), ", [rsp + 176]"),
            "call {target}",
            "leave",
            "ret",
            ".popsection",
            target = sym $target,
        );
    };
}

/// The register of the argument after `$fixed` named ones.
macro_rules! va_reg {
    (1) => {
        "rsi"
    };
    (2) => {
        "rdx"
    };
    (3) => {
        "rcx"
    };
    (4) => {
        "r8"
    };
    (5) => {
        "r9"
    };
}

crate::cabi::c::valist::variadic_functions!(variadic);

/// x86_64 SysV `__va_list_tag`: offsets into the register save area (six
/// general registers, then eight xmm registers of 16 bytes) and the next
/// argument on the stack.
#[repr(C)]
pub struct VaListTag {
    gp_offset: u32,
    fp_offset: u32,
    overflow: *mut u8,
    reg_save: *mut u8,
}

/// C's `va_list` as a function parameter (an array type, so a pointer).
pub type VaList = *mut VaListTag;

/// The arguments of a `va_list`.
pub struct VaArgs(pub VaList);

impl Args for VaArgs {
    fn word(&mut self) -> u64 {
        // SAFETY: the tag was built by a variadic stub or the C compiler, and
        // the format asked for an integer here (the C caller's contract).
        unsafe {
            let t = &mut *self.0;
            if t.gp_offset < 48 {
                let v = (t.reg_save.add(t.gp_offset as usize) as *const u64).read_unaligned();
                t.gp_offset += 8;
                v
            } else {
                let v = (t.overflow as *const u64).read_unaligned();
                t.overflow = t.overflow.add(8);
                v
            }
        }
    }

    fn double(&mut self) -> f64 {
        // SAFETY: as in `word`, for a double.
        unsafe {
            let t = &mut *self.0;
            if t.fp_offset < 176 {
                let v = (t.reg_save.add(t.fp_offset as usize) as *const f64).read_unaligned();
                t.fp_offset += 16;
                v
            } else {
                let v = (t.overflow as *const f64).read_unaligned();
                t.overflow = t.overflow.add(8);
                v
            }
        }
    }

    fn long_double(&mut self) -> f64 {
        // SAFETY: long double is passed in memory, 16-byte aligned, as the
        // x87 80-bit format; convert its sign, exponent and mantissa.
        unsafe {
            let t = &mut *self.0;
            let p = ((t.overflow as usize + 15) & !15) as *mut u8;
            t.overflow = p.add(16);
            let mant = (p as *const u64).read_unaligned();
            let se = (p.add(8) as *const u16).read_unaligned();
            x87_to_f64(mant, se)
        }
    }
}
