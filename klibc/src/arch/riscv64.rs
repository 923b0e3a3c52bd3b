//! riscv64 (LP64D, Linux; the riscv64gc target): `ecall` takes the number in
//! a7 and arguments in a0-a5, returns in a0 (a negative errno on failure)
//! and preserves every other register. The syscall table is the generic one
//! (asm-generic/unistd.h: no open, stat, fork, ...). `_start` receives the
//! initial stack pointer in sp, 16-byte aligned, pointing at argc; a0 holds
//! the dynamic linker's fini function (none for a static program). Built and
//! tested with scripts/cargo-arch under qemu-riscv64.

use core::arch::asm;

/// # Safety
/// The caller must pass a valid syscall number and arguments that the
/// syscall may dereference or act on.
#[inline(always)]
pub unsafe fn syscall0(nr: usize) -> usize {
    let ret;
    unsafe {
        asm!("ecall", lateout("a0") ret, in("a7") nr, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall1(nr: usize, a1: usize) -> usize {
    let ret;
    unsafe {
        asm!("ecall", inlateout("a0") a1 => ret, in("a7") nr, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> usize {
    let ret;
    unsafe {
        asm!("ecall", inlateout("a0") a1 => ret, in("a1") a2, in("a7") nr, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    let ret;
    unsafe {
        asm!("ecall", inlateout("a0") a1 => ret, in("a1") a2, in("a2") a3, in("a7") nr, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall4(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize) -> usize {
    let ret;
    unsafe {
        asm!("ecall", inlateout("a0") a1 => ret, in("a1") a2, in("a2") a3, in("a3") a4, in("a7") nr, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall5(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize) -> usize {
    let ret;
    unsafe {
        asm!("ecall", inlateout("a0") a1 => ret, in("a1") a2, in("a2") a3, in("a3") a4, in("a4") a5, in("a7") nr, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall6(
    nr: usize,
    a1: usize,
    a2: usize,
    a3: usize,
    a4: usize,
    a5: usize,
    a6: usize,
) -> usize {
    let ret;
    unsafe {
        asm!("ecall", inlateout("a0") a1 => ret, in("a1") a2, in("a2") a3, in("a3") a4, in("a4") a5, in("a5") a6, in("a7") nr, options(nostack, preserves_flags));
    }
    ret
}

/// Emits the program's `_start`; see the x86_64 version. The global pointer
/// is set up first, as the psABI expects of a static executable.
#[doc(hidden)]
#[macro_export]
macro_rules! __klibc_entry_asm {
    ($entry:path) => {
        ::core::arch::global_asm!(
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
            "call {entry}",
            "unimp",
            entry = sym $entry,
        );
    };
}
