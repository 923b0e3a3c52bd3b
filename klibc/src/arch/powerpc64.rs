//! powerpc64le (ELFv2 ABI, Linux; little-endian): `sc` takes the number in
//! r0 and arguments in r3-r8, returns in r3; on failure the kernel sets the
//! summary-overflow bit of cr0 and r3 holds the positive errno, which the
//! stubs below negate into the `-errno` convention the other arches have.
//! The kernel may change r0, r4-r12, cr0, ctr and xer. The syscall table is
//! powerpc's own (it has open and stat, and the `*at` calls klibc uses).
//! `_start` receives the initial stack pointer in r1, pointing at argc; it
//! points r2 at the TOC (static code addresses data through it) and makes
//! the minimal 32-byte frame with a zero back chain before calling Rust.
//! Built and tested with scripts/cargo-arch under qemu-ppc64le.

use core::arch::asm;

/// # Safety
/// The caller must pass a valid syscall number and arguments that the
/// syscall may dereference or act on.
#[inline(always)]
pub unsafe fn syscall0(nr: usize) -> usize {
    let ret;
    unsafe {
        asm!("sc", "bns+ 2f", "neg 3, 3", "2:",
            inlateout("r0") nr => _, lateout("r3") ret,
            out("r4") _, out("r5") _, out("r6") _, out("r7") _, out("r8") _,
            out("r9") _, out("r10") _, out("r11") _, out("r12") _,
            out("cr0") _, out("ctr") _, out("xer") _, options(nostack));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall1(nr: usize, a1: usize) -> usize {
    let ret;
    unsafe {
        asm!("sc", "bns+ 2f", "neg 3, 3", "2:",
            inlateout("r0") nr => _, inlateout("r3") a1 => ret,
            out("r4") _, out("r5") _, out("r6") _, out("r7") _, out("r8") _,
            out("r9") _, out("r10") _, out("r11") _, out("r12") _,
            out("cr0") _, out("ctr") _, out("xer") _, options(nostack));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> usize {
    let ret;
    unsafe {
        asm!("sc", "bns+ 2f", "neg 3, 3", "2:",
            inlateout("r0") nr => _, inlateout("r3") a1 => ret,
            inlateout("r4") a2 => _, out("r5") _, out("r6") _, out("r7") _, out("r8") _,
            out("r9") _, out("r10") _, out("r11") _, out("r12") _,
            out("cr0") _, out("ctr") _, out("xer") _, options(nostack));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    let ret;
    unsafe {
        asm!("sc", "bns+ 2f", "neg 3, 3", "2:",
            inlateout("r0") nr => _, inlateout("r3") a1 => ret,
            inlateout("r4") a2 => _, inlateout("r5") a3 => _, out("r6") _, out("r7") _,
            out("r8") _, out("r9") _, out("r10") _, out("r11") _, out("r12") _,
            out("cr0") _, out("ctr") _, out("xer") _, options(nostack));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall4(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize) -> usize {
    let ret;
    unsafe {
        asm!("sc", "bns+ 2f", "neg 3, 3", "2:",
            inlateout("r0") nr => _, inlateout("r3") a1 => ret,
            inlateout("r4") a2 => _, inlateout("r5") a3 => _, inlateout("r6") a4 => _,
            out("r7") _, out("r8") _, out("r9") _, out("r10") _, out("r11") _, out("r12") _,
            out("cr0") _, out("ctr") _, out("xer") _, options(nostack));
    }
    ret
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall5(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize) -> usize {
    let ret;
    unsafe {
        asm!("sc", "bns+ 2f", "neg 3, 3", "2:",
            inlateout("r0") nr => _, inlateout("r3") a1 => ret,
            inlateout("r4") a2 => _, inlateout("r5") a3 => _, inlateout("r6") a4 => _,
            inlateout("r7") a5 => _, out("r8") _, out("r9") _, out("r10") _, out("r11") _,
            out("r12") _, out("cr0") _, out("ctr") _, out("xer") _, options(nostack));
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
        asm!("sc", "bns+ 2f", "neg 3, 3", "2:",
            inlateout("r0") nr => _, inlateout("r3") a1 => ret,
            inlateout("r4") a2 => _, inlateout("r5") a3 => _, inlateout("r6") a4 => _,
            inlateout("r7") a5 => _, inlateout("r8") a6 => _, out("r9") _, out("r10") _,
            out("r11") _, out("r12") _, out("cr0") _, out("ctr") _, out("xer") _,
            options(nostack));
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
            "bl 1f",
            "1:",
            "mflr 12",
            "addis 2, 12, .TOC.-1b@ha",
            "addi 2, 2, .TOC.-1b@l",
            "mr 3, 1",
            "clrrdi 1, 1, 4",
            "li 0, 0",
            "stdu 0, -32(1)",
            "bl {entry}",
            "trap",
            entry = sym $entry,
        );
    };
}
