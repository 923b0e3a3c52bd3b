//! aarch64 machine code of the C library (AAPCS64, Linux): C's `_start`,
//! setjmp/longjmp and sigsetjmp (the callee-saved x19-x28, the frame
//! pointer x29, the link register x30, sp and the low halves d8-d15 of the
//! callee-saved SIMD registers, in that order, matching
//! klibc/include/setjmp.h), and C's `va_list`. No signal return trampoline:
//! arm64 defines SA_RESTORER only for AArch32 programs, and without it the
//! kernel returns from a handler through the vDSO's sigtramp, as glibc's
//! programs do.
//!
//! `va_list` is AAPCS64's five-member struct: the next stack argument, the
//! ends of the general (x0-x7) and SIMD (q0-q7) register save areas, and
//! negative offsets from those ends to the next unread register. A variadic
//! function's entry stub (stable Rust cannot define one) saves all sixteen
//! argument registers, builds the struct and calls the `v...` function with
//! a pointer to it after the named arguments, as C passes a `va_list`.

use crate::cabi::c::valist::{quad_to_f64, Args};
use core::arch::global_asm;

/// The saved registers in klibc/include/setjmp.h's buffer.
pub const JMP_BUF_REGS: usize = 21;

global_asm!(
    ".globl _start",
    ".type _start,%function",
    "_start:",
    "mov x29, #0",
    "mov x30, #0",
    "mov x0, sp",
    "and sp, x0, #-16",
    "bl {start}",
    "brk #0",
    start = sym crate::cabi::c::start::__klibc_start_c,
);

global_asm!(
    ".globl setjmp, _setjmp, longjmp, _longjmp, sigsetjmp, __sigsetjmp",
    ".type setjmp,%function",
    ".type _setjmp,%function",
    ".type longjmp,%function",
    ".type _longjmp,%function",
    ".type sigsetjmp,%function",
    ".type __sigsetjmp,%function",
    "setjmp:",
    "_setjmp:",
    "stp x19, x20, [x0, #0]",
    "stp x21, x22, [x0, #16]",
    "stp x23, x24, [x0, #32]",
    "stp x25, x26, [x0, #48]",
    "stp x27, x28, [x0, #64]",
    "stp x29, x30, [x0, #80]",
    "mov x2, sp",
    "str x2, [x0, #96]",
    "stp d8, d9, [x0, #104]",
    "stp d10, d11, [x0, #120]",
    "stp d12, d13, [x0, #136]",
    "stp d14, d15, [x0, #152]",
    // The mask is not saved.
    "str wzr, [x0, #168]",
    "mov w0, #0",
    "ret",
    "longjmp:",
    "_longjmp:",
    "ldp x19, x20, [x0, #0]",
    "ldp x21, x22, [x0, #16]",
    "ldp x23, x24, [x0, #32]",
    "ldp x25, x26, [x0, #48]",
    "ldp x27, x28, [x0, #64]",
    "ldp x29, x30, [x0, #80]",
    "ldr x2, [x0, #96]",
    "mov sp, x2",
    "ldp d8, d9, [x0, #104]",
    "ldp d10, d11, [x0, #120]",
    "ldp d12, d13, [x0, #136]",
    "ldp d14, d15, [x0, #152]",
    // setjmp returns val there, or 1 for 0.
    "cmp w1, #0",
    "csinc w0, w1, wzr, ne",
    "br x30",
    // sigsetjmp saves the registers as setjmp does, then tail-calls the
    // Rust half (env and savemask still in x0 and w1), which records the
    // signal mask and returns 0 to our caller.
    "sigsetjmp:",
    "__sigsetjmp:",
    "stp x19, x20, [x0, #0]",
    "stp x21, x22, [x0, #16]",
    "stp x23, x24, [x0, #32]",
    "stp x25, x26, [x0, #48]",
    "stp x27, x28, [x0, #64]",
    "stp x29, x30, [x0, #80]",
    "mov x2, sp",
    "str x2, [x0, #96]",
    "stp d8, d9, [x0, #104]",
    "stp d10, d11, [x0, #120]",
    "stp d12, d13, [x0, #136]",
    "stp d14, d15, [x0, #152]",
    "b {save}",
    save = sym crate::cabi::c::signal::__klibc_sigsetjmp_save,
);

/// Emits `$name`, a variadic C function with `$fixed` named integer/pointer
/// arguments, that calls `$target(named..., &va_list)`. Its frame (256
/// bytes): x29/x30 at 0, x0-x7 at 16..80, q0-q7 at 80..208, the `va_list`
/// at 208..240; the caller's stack arguments start at 256.
macro_rules! variadic {
    ($name:literal, $target:path, $fixed:tt) => {
        global_asm!(
            // A section per stub: --gc-sections drops those never called.
            concat!(".pushsection .text.", $name, ",\"ax\",%progbits"),
            concat!(".globl ", $name),
            concat!(".type ", $name, ",%function"),
            concat!($name, ":"),
            "stp x29, x30, [sp, #-256]!",
            "mov x29, sp",
            "stp x0, x1, [sp, #16]",
            "stp x2, x3, [sp, #32]",
            "stp x4, x5, [sp, #48]",
            "stp x6, x7, [sp, #64]",
            "stp q0, q1, [sp, #80]",
            "stp q2, q3, [sp, #112]",
            "stp q4, q5, [sp, #144]",
            "stp q6, q7, [sp, #176]",
            // __stack, __gr_top, __vr_top
            "add x9, sp, #256",
            "str x9, [sp, #208]",
            "add x9, sp, #80",
            "str x9, [sp, #216]",
            "add x9, sp, #208",
            "str x9, [sp, #224]",
            // __gr_offs: the registers after the named ones; __vr_offs: all
            // eight (no named floating-point arguments).
            "mov w9, #{gr_offs}",
            "str w9, [sp, #232]",
            "mov w9, #-128",
            "str w9, [sp, #236]",
            concat!("add x", $fixed, ", sp, #208"),
            "bl {target}",
            "ldp x29, x30, [sp], #256",
            "ret",
            ".popsection",
            gr_offs = const -(8 * (8 - $fixed)),
            target = sym $target,
        );
    };
}

crate::cabi::c::valist::variadic_functions!(variadic);

/// AAPCS64's `va_list`.
#[repr(C)]
pub struct VaListTag {
    stack: *mut u8,
    gr_top: *mut u8,
    vr_top: *mut u8,
    gr_offs: i32,
    vr_offs: i32,
}

/// C's `va_list` as a function parameter: a struct over 16 bytes, so the
/// caller passes a pointer to its copy.
pub type VaList = *mut VaListTag;

/// The arguments of a `va_list`.
pub struct VaArgs(pub VaList);

impl VaArgs {
    /// The next `size`-byte stack argument (8-byte slots; 16-byte values
    /// 16-byte aligned).
    ///
    /// # Safety
    /// The list must have such an argument there.
    unsafe fn stack(&mut self, size: usize) -> *const u8 {
        unsafe {
            let t = &mut *self.0;
            let p = if size > 8 {
                ((t.stack as usize + 15) & !15) as *mut u8
            } else {
                t.stack
            };
            t.stack = p.add(size.max(8));
            p
        }
    }
}

impl Args for VaArgs {
    fn word(&mut self) -> u64 {
        // SAFETY: the list was built by a variadic stub or the C compiler,
        // and the format asked for an integer here (the C caller's contract).
        unsafe {
            let t = &mut *self.0;
            if t.gr_offs < 0 {
                let p = t.gr_top.offset(t.gr_offs as isize);
                t.gr_offs += 8;
                (p as *const u64).read_unaligned()
            } else {
                (self.stack(8) as *const u64).read_unaligned()
            }
        }
    }

    fn double(&mut self) -> f64 {
        // SAFETY: as in `word`, for a double (the low half of a q register).
        unsafe {
            let t = &mut *self.0;
            if t.vr_offs < 0 {
                let p = t.vr_top.offset(t.vr_offs as isize);
                t.vr_offs += 16;
                (p as *const f64).read_unaligned()
            } else {
                (self.stack(8) as *const f64).read_unaligned()
            }
        }
    }

    fn long_double(&mut self) -> f64 {
        // SAFETY: as in `word`; long double is IEEE binary128, in a q
        // register or 16 aligned bytes on the stack.
        unsafe {
            let t = &mut *self.0;
            let p = if t.vr_offs < 0 {
                let p = t.vr_top.offset(t.vr_offs as isize);
                t.vr_offs += 16;
                p as *const u8
            } else {
                self.stack(16)
            };
            let lo = (p as *const u64).read_unaligned();
            let hi = (p.add(8) as *const u64).read_unaligned();
            quad_to_f64(lo, hi)
        }
    }
}
