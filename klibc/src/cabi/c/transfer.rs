//! sys/uio.h, sys/sendfile.h and sys/splice.h: moving data in one system
//! call — scatter/gather reads and writes (with and without an offset) and
//! the in-kernel copies between descriptors. struct iovec is the kernel's,
//! passed straight through.

use super::errno::csys;
use core::ffi::{c_int, c_uint, c_void};

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn readv(fd: c_int, iov: *const c_void, n: c_int) -> isize {
    csys!(__NR_readv, fd, iov, n)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn writev(fd: c_int, iov: *const c_void, n: c_int) -> isize {
    csys!(__NR_writev, fd, iov, n)
}

/// The offset as preadv/pwritev take it: low and high words (the high one
/// is 0 on 64-bit, where the low word holds it all).
fn pos_words(off: i64) -> (usize, usize) {
    let off = off as u64;
    if usize::BITS == 64 {
        (off as usize, 0)
    } else {
        (off as usize, (off >> 32) as usize)
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn preadv(fd: c_int, iov: *const c_void, n: c_int, off: i64) -> isize {
    let (lo, hi) = pos_words(off);
    csys!(__NR_preadv, fd, iov, n, lo, hi)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn pwritev(fd: c_int, iov: *const c_void, n: c_int, off: i64) -> isize {
    let (lo, hi) = pos_words(off);
    csys!(__NR_pwritev, fd, iov, n, lo, hi)
}

/// sendfile(out, in, offset, count): klibc's callers pass a fifth argument
/// the kernel never read; the header's variadic tail lets them compile.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sendfile(out: c_int, inp: c_int, off: *mut i64, n: usize) -> isize {
    csys!(__NR_sendfile, out, inp, off, n)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn splice(
    fd_in: c_int,
    off_in: *mut i64,
    fd_out: c_int,
    off_out: *mut i64,
    n: usize,
    flags: c_uint,
) -> isize {
    csys!(__NR_splice, fd_in, off_in, fd_out, off_out, n, flags)
}

#[no_mangle]
pub extern "C" fn tee(fd_in: c_int, fd_out: c_int, n: usize, flags: c_uint) -> isize {
    csys!(__NR_tee, fd_in, fd_out, n, flags)
}
