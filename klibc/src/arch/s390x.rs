//! s390x (z/Architecture ELF ABI, Linux; big-endian): `svc 0` takes the
//! number in r1 and arguments in r2-r7, returns in r2 (a negative errno on
//! failure) and preserves every other register; the condition code is
//! clobbered. r6 and r7 are callee-saved in the C ABI, which the operands
//! below tell the compiler about. The syscall table is s390x's own (it has
//! open and stat, and the `*at` calls klibc uses). `_start` receives the
//! initial stack pointer in r15, pointing at argc; a callee may write the
//! 160-byte register save area above its caller's stack pointer, so
//! `_start` makes one, with a zero back chain. Built and tested with
//! scripts/cargo-arch under qemu-s390x.

use core::arch::asm;

/// # Safety
/// The caller must pass a valid syscall number and arguments that the
/// syscall may dereference or act on.
#[inline(always)]
pub unsafe fn syscall0(nr: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r1") nr, lateout("r2") ret, options(nostack));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall1(nr: usize, a1: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r1") nr, inlateout("r2") a1 => ret, options(nostack));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r1") nr, inlateout("r2") a1 => ret, in("r3") a2, options(nostack));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r1") nr, inlateout("r2") a1 => ret, in("r3") a2, in("r4") a3,
            options(nostack));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall4(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r1") nr, inlateout("r2") a1 => ret, in("r3") a2, in("r4") a3,
            in("r5") a4, options(nostack));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall5(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize) -> usize {
    let ret;
    unsafe {
        asm!("svc 0", in("r1") nr, inlateout("r2") a1 => ret, in("r3") a2, in("r4") a3,
            in("r5") a4, in("r6") a5, options(nostack));
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
        asm!("svc 0", in("r1") nr, inlateout("r2") a1 => ret, in("r3") a2, in("r4") a3,
            in("r5") a4, in("r6") a5, in("r7") a6, options(nostack));
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
            ".type _start,@function",
            "_start:",
            "lgr %r2, %r15",
            "lghi %r0, -8",
            "ngr %r15, %r0",
            "aghi %r15, -160",
            "xc 0(8,%r15), 0(%r15)",
            "brasl %r14, {entry}",
            ".word 0",
            entry = sym $entry,
        );
    };
}
