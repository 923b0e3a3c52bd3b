//! 32-bit arm (EABI, hard-float, Linux; the armv7 target, ARM state): `svc 0`
//! takes the number in r7 and arguments in r0-r5, returns in r0 (a negative
//! errno on failure) and preserves every other register. The syscall table
//! is arm's own, with the 32-bit calls' 64-bit forms (mmap2, fstatat64,
//! _llseek, ...; see klibc/src/syscall) and 64-bit arguments in an even/odd
//! register pair. `_start` receives the initial stack pointer in sp, pointing
//! at argc. Built and tested with scripts/cargo-arch under qemu-arm.

use core::arch::asm;

/// # Safety
/// The caller must pass a valid syscall number and arguments that the
/// syscall may dereference or act on.
#[inline(always)]
pub unsafe fn syscall0(nr: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r7") nr, lateout("r0") ret, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall1(nr: usize, a1: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r7") nr, inlateout("r0") a1 => ret, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r7") nr, inlateout("r0") a1 => ret, in("r1") a2,
            options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r7") nr, inlateout("r0") a1 => ret, in("r1") a2, in("r2") a3,
            options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall4(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r7") nr, inlateout("r0") a1 => ret, in("r1") a2, in("r2") a3,
            in("r3") a4, options(nostack, preserves_flags));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall5(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r7") nr, inlateout("r0") a1 => ret, in("r1") a2, in("r2") a3,
            in("r3") a4, in("r4") a5, options(nostack, preserves_flags));
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
        asm!("svc 0", in("r7") nr, inlateout("r0") a1 => ret, in("r1") a2, in("r2") a3,
            in("r3") a4, in("r4") a5, in("r5") a6, options(nostack, preserves_flags));
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
            "mov fp, #0",
            "mov lr, #0",
            "mov r0, sp",
            "bic sp, sp, #15",
            "bl {entry}",
            "udf #0",
            entry = sym $entry,
        );
    };
}
