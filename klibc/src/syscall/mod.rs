//! One typed, safe function per system call that early userspace needs, in
//! the style of rustix: file descriptors are [`OwnedFd`]/[`BorrowedFd`],
//! paths are `&CStr`, results are `Result<T, Errno>`, and nothing here
//! allocates. This is where the raw arguments are built and where `unsafe`
//! meets the kernel; the numbers and structs are the generated UAPI's.

pub mod dm;
pub mod fd;
pub mod fs;
pub mod io;
pub mod md;
pub mod mm;
pub mod mount;
pub mod net;
pub mod process;
pub mod time;

pub use fd::{AsFd, BorrowedFd, OwnedFd, RawFd};

use crate::errno::{Errno, Result};

/// Issues syscall `$nr` (a `uapi::general::__NR_*` name) with up to six
/// arguments, each converted to a machine word, and checks the result.
macro_rules! sys {
    ($nr:ident) => {
        $crate::errno::Errno::check($crate::arch::syscall0($crate::uapi::general::$nr as usize))
    };
    ($nr:ident, $a:expr) => {
        $crate::errno::Errno::check($crate::arch::syscall1(
            $crate::uapi::general::$nr as usize, $a as usize))
    };
    ($nr:ident, $a:expr, $b:expr) => {
        $crate::errno::Errno::check($crate::arch::syscall2(
            $crate::uapi::general::$nr as usize, $a as usize, $b as usize))
    };
    ($nr:ident, $a:expr, $b:expr, $c:expr) => {
        $crate::errno::Errno::check($crate::arch::syscall3(
            $crate::uapi::general::$nr as usize, $a as usize, $b as usize, $c as usize))
    };
    ($nr:ident, $a:expr, $b:expr, $c:expr, $d:expr) => {
        $crate::errno::Errno::check($crate::arch::syscall4(
            $crate::uapi::general::$nr as usize, $a as usize, $b as usize, $c as usize,
            $d as usize))
    };
    ($nr:ident, $a:expr, $b:expr, $c:expr, $d:expr, $e:expr) => {
        $crate::errno::Errno::check($crate::arch::syscall5(
            $crate::uapi::general::$nr as usize, $a as usize, $b as usize, $c as usize,
            $d as usize, $e as usize))
    };
    ($nr:ident, $a:expr, $b:expr, $c:expr, $d:expr, $e:expr, $f:expr) => {
        $crate::errno::Errno::check($crate::arch::syscall6(
            $crate::uapi::general::$nr as usize, $a as usize, $b as usize, $c as usize,
            $d as usize, $e as usize, $f as usize))
    };
}
pub(crate) use sys;

/// A 64-bit argument on a 32-bit arch: (low, high) words, in the order the
/// little-endian arches here pass them.
#[cfg(target_pointer_width = "32")]
#[inline]
fn split64(v: u64) -> (usize, usize) {
    (v as u32 as usize, (v >> 32) as u32 as usize)
}

/// A path argument as the kernel wants it.
#[inline]
fn cstr(p: &core::ffi::CStr) -> *const core::ffi::c_char {
    p.as_ptr()
}

/// An optional string argument: NULL when absent.
#[inline]
fn opt_cstr(p: Option<&core::ffi::CStr>) -> *const core::ffi::c_char {
    p.map_or(core::ptr::null(), |s| s.as_ptr())
}

/// Retries a call interrupted by a signal.
pub fn retry_eintr<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    loop {
        match f() {
            Err(Errno::INTR) => continue,
            r => return r,
        }
    }
}
