//! aarch64 (AAPCS64, Linux): `svc 0` takes the number in x8 and arguments in
//! x0-x5, returns in x0 (a negative errno on failure) and preserves every
//! other register and the flags. The syscall table is the generic one
//! (asm-generic/unistd.h: no open, stat, fork, ...). `_start` receives the
//! initial stack pointer in sp, 16-byte aligned, pointing at argc; x0 holds
//! nothing a static program needs. Built and tested with scripts/cargo-arch
//! under qemu-aarch64.

use core::arch::asm;

/// # Safety
/// The caller must pass a valid syscall number and arguments that the
/// syscall may dereference or act on.
#[inline(always)]
pub unsafe fn syscall0(nr: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", lateout("x0") ret, in("x8") nr, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall1(nr: usize, a1: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", inlateout("x0") a1 => ret, in("x8") nr, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", inlateout("x0") a1 => ret, in("x1") a2, in("x8") nr, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", inlateout("x0") a1 => ret, in("x1") a2, in("x2") a3, in("x8") nr, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall4(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", inlateout("x0") a1 => ret, in("x1") a2, in("x2") a3, in("x3") a4, in("x8") nr, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall5(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", inlateout("x0") a1 => ret, in("x1") a2, in("x2") a3, in("x3") a4, in("x4") a5, in("x8") nr, options(nostack, preserves_flags));
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
        asm!("svc 0", inlateout("x0") a1 => ret, in("x1") a2, in("x2") a3, in("x3") a4, in("x4") a5, in("x5") a6, in("x8") nr, options(nostack, preserves_flags));
    }
    ret
}

/// Emits the program's `_start`; see the x86_64 version.
#[doc(hidden)]
#[macro_export]
macro_rules! __klibc_entry_asm {
    ($entry:path) => {
        ::core::arch::global_asm!(
            ".globl _start",
            ".type _start,%function",
            "_start:",
            "mov x29, #0",
            "mov x30, #0",
            "mov x0, sp",
            "and sp, x0, #-16",
            "bl {entry}",
            "brk #0",
            entry = sym $entry,
        );
    };
}
