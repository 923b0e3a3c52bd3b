//! 32-bit x86 (i386 SysV ABI, Linux; the i686 target): `int 0x80` takes the
//! number in eax and arguments in ebx, ecx, edx, esi, edi, ebp, returns in
//! eax (a negative errno on failure) and preserves every other register.
//! The compiler keeps ebx (the GOT pointer), esi and ebp for itself, so the
//! stub below loads all six arguments from memory after saving those three,
//! and restores them after the call. The syscall table is i386's own, with
//! the 32-bit calls' 64-bit forms (mmap2, fstatat64, _llseek, ...; see
//! klibc/src/syscall) and 64-bit arguments as two words, low first.
//! `_start` receives the initial stack pointer in esp, pointing at argc, and
//! passes it on the stack (cdecl) with esp 16-byte aligned at the call.
//! Built and tested with scripts/cargo-arch under qemu-i386.

use core::arch::asm;

/// The syscall with all six argument slots (unused ones are ignored).
///
/// # Safety
/// As [`syscall0`].
#[inline(always)]
unsafe fn syscall(nr: usize, args: &[usize; 6]) -> usize {
    let ret;
    unsafe {
        asm!(
            "push ebp",
            "push esi",
            "push ebx",
            "mov ebx, [edi]",
            "mov ecx, [edi + 4]",
            "mov edx, [edi + 8]",
            "mov esi, [edi + 12]",
            "mov ebp, [edi + 20]",
            "mov edi, [edi + 16]",
            "int 0x80",
            "pop ebx",
            "pop esi",
            "pop ebp",
            inlateout("eax") nr => ret,
            inlateout("edi") args.as_ptr() => _,
            out("ecx") _,
            out("edx") _,
        );
    }
    ret
}

/// # Safety
/// The caller must pass a valid syscall number and arguments that the
/// syscall may dereference or act on.
#[inline(always)]
pub unsafe fn syscall0(nr: usize) -> usize {
    unsafe { syscall(nr, &[0; 6]) }
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall1(nr: usize, a1: usize) -> usize {
    unsafe { syscall(nr, &[a1, 0, 0, 0, 0, 0]) }
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> usize {
    unsafe { syscall(nr, &[a1, a2, 0, 0, 0, 0]) }
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    unsafe { syscall(nr, &[a1, a2, a3, 0, 0, 0]) }
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall4(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize) -> usize {
    unsafe { syscall(nr, &[a1, a2, a3, a4, 0, 0]) }
}

/// # Safety
/// See [`syscall0`].
#[inline(always)]
pub unsafe fn syscall5(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize) -> usize {
    unsafe { syscall(nr, &[a1, a2, a3, a4, a5, 0]) }
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
    unsafe { syscall(nr, &[a1, a2, a3, a4, a5, a6]) }
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
            "xor ebp, ebp",
            "mov eax, esp",
            "and esp, -16",
            "sub esp, 12",
            "push eax",
            "call {entry}",
            "ud2",
            entry = sym $entry,
        );
    };
}
