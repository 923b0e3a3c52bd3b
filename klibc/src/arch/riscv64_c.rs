//! riscv64 machine code of the C library (LP64D psABI, Linux): C's `_start`
//! (which sets the global pointer, as the psABI expects of a static
//! program), setjmp/longjmp and sigsetjmp (ra, sp, the callee-saved s0-s11
//! and fs0-fs11, in that order, matching klibc/include/setjmp.h), and C's
//! `va_list`. No signal return trampoline: riscv has no SA_RESTORER, the
//! kernel returns from a handler through the vDSO's sigreturn.
//!
//! `va_list` is a plain pointer to the next argument: variadic arguments,
//! floating-point ones included, travel in a0-a7 and then on the stack, in
//! 8-byte slots (16-byte values in an aligned pair). A variadic function's
//! entry stub (stable Rust cannot define one) stores a0-a7 just below the
//! caller's stack arguments, so that one pointer walks both, and calls the
//! `v...` function with it after the named arguments.

use crate::cabi::c::valist::{quad_to_f64, Args};
use core::arch::global_asm;

/// The saved registers in klibc/include/setjmp.h's buffer.
pub const JMP_BUF_REGS: usize = 26;

global_asm!(
    ".globl _start",
    ".type _start,@function",
    "_start:",
    ".option push",
    ".option norelax",
    "lla gp, __global_pointer$",
    ".option pop",
    "li fp, 0",
    "li ra, 0",
    "mv a0, sp",
    "andi sp, sp, -16",
    "call {start}",
    "unimp",
    start = sym crate::cabi::c::start::__klibc_start_c,
);

/// Saves ra, sp, s0-s11, fs0-fs11 into the buffer at a0.
macro_rules! save_registers {
    () => {
        concat!(
            "sd ra, 0(a0)\n",
            "sd sp, 8(a0)\n",
            "sd s0, 16(a0)\n",
            "sd s1, 24(a0)\n",
            "sd s2, 32(a0)\n",
            "sd s3, 40(a0)\n",
            "sd s4, 48(a0)\n",
            "sd s5, 56(a0)\n",
            "sd s6, 64(a0)\n",
            "sd s7, 72(a0)\n",
            "sd s8, 80(a0)\n",
            "sd s9, 88(a0)\n",
            "sd s10, 96(a0)\n",
            "sd s11, 104(a0)\n",
            // Module-level assembly does not see the target's D extension.
            ".option push\n",
            ".option arch, +d\n",
            "fsd fs0, 112(a0)\n",
            "fsd fs1, 120(a0)\n",
            "fsd fs2, 128(a0)\n",
            "fsd fs3, 136(a0)\n",
            "fsd fs4, 144(a0)\n",
            "fsd fs5, 152(a0)\n",
            "fsd fs6, 160(a0)\n",
            "fsd fs7, 168(a0)\n",
            "fsd fs8, 176(a0)\n",
            "fsd fs9, 184(a0)\n",
            "fsd fs10, 192(a0)\n",
            "fsd fs11, 200(a0)\n",
            ".option pop",
        )
    };
}

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
    save_registers!(),
    // The mask is not saved.
    "sw zero, 208(a0)",
    "li a0, 0",
    "ret",
    "longjmp:",
    "_longjmp:",
    "ld ra, 0(a0)",
    "ld sp, 8(a0)",
    "ld s0, 16(a0)",
    "ld s1, 24(a0)",
    "ld s2, 32(a0)",
    "ld s3, 40(a0)",
    "ld s4, 48(a0)",
    "ld s5, 56(a0)",
    "ld s6, 64(a0)",
    "ld s7, 72(a0)",
    "ld s8, 80(a0)",
    "ld s9, 88(a0)",
    "ld s10, 96(a0)",
    "ld s11, 104(a0)",
    ".option push",
    ".option arch, +d",
    "fld fs0, 112(a0)",
    "fld fs1, 120(a0)",
    "fld fs2, 128(a0)",
    "fld fs3, 136(a0)",
    "fld fs4, 144(a0)",
    "fld fs5, 152(a0)",
    "fld fs6, 160(a0)",
    "fld fs7, 168(a0)",
    "fld fs8, 176(a0)",
    "fld fs9, 184(a0)",
    "fld fs10, 192(a0)",
    "fld fs11, 200(a0)",
    ".option pop",
    // setjmp returns val there, or 1 for 0.
    "seqz a0, a1",
    "add a0, a0, a1",
    "ret",
    // sigsetjmp saves the registers as setjmp does, then tail-calls the
    // Rust half (env and savemask still in a0 and a1), which records the
    // signal mask and returns 0 to our caller.
    "sigsetjmp:",
    "__sigsetjmp:",
    save_registers!(),
    "tail {save}",
    save = sym crate::cabi::c::signal::__klibc_sigsetjmp_save,
);

/// Emits `$name`, a variadic C function with `$fixed` named integer/pointer
/// arguments, that calls `$target(named..., va_list)`. Its 80-byte frame
/// holds ra at 8 and a0-a7 at 16..80, which ends where the caller's stack
/// arguments begin.
macro_rules! variadic {
    ($name:literal, $target:path, $fixed:tt) => {
        global_asm!(
            // A section per stub: --gc-sections drops those never called.
            concat!(".pushsection .text.", $name, ",\"ax\",@progbits"),
            concat!(".globl ", $name),
            concat!(".type ", $name, ",@function"),
            concat!($name, ":"),
            "addi sp, sp, -80",
            "sd ra, 8(sp)",
            "sd a0, 16(sp)",
            "sd a1, 24(sp)",
            "sd a2, 32(sp)",
            "sd a3, 40(sp)",
            "sd a4, 48(sp)",
            "sd a5, 56(sp)",
            "sd a6, 64(sp)",
            "sd a7, 72(sp)",
            concat!("addi a", $fixed, ", sp, {first}"),
            "call {target}",
            "ld ra, 8(sp)",
            "addi sp, sp, 80",
            "ret",
            ".popsection",
            first = const 16 + 8 * $fixed,
            target = sym $target,
        );
    };
}

crate::cabi::c::valist::variadic_functions!(variadic);

/// C's `va_list`: the address of the next argument.
pub type VaList = *mut u8;

/// The arguments of a `va_list` (the callee's own copy of the pointer).
pub struct VaArgs(pub VaList);

impl VaArgs {
    /// The address of the next `size`-byte argument (8-byte slots; 16-byte
    /// values in an aligned pair).
    fn next(&mut self, size: usize) -> *const u8 {
        let p = if size > 8 {
            ((self.0 as usize + 15) & !15) as *mut u8
        } else {
            self.0
        };
        self.0 = p.wrapping_add(size.max(8));
        p
    }
}

impl Args for VaArgs {
    fn word(&mut self) -> u64 {
        // SAFETY: the list was built by a variadic stub or the C compiler,
        // and the format asked for an integer here (the C caller's contract).
        unsafe { (self.next(8) as *const u64).read_unaligned() }
    }

    fn double(&mut self) -> f64 {
        // SAFETY: as in `word`; a variadic double travels as its bits.
        unsafe { (self.next(8) as *const f64).read_unaligned() }
    }

    fn long_double(&mut self) -> f64 {
        // SAFETY: as in `word`; long double is IEEE binary128.
        unsafe {
            let p = self.next(16);
            let lo = (p as *const u64).read_unaligned();
            let hi = (p.add(8) as *const u64).read_unaligned();
            quad_to_f64(lo, hi)
        }
    }
}
