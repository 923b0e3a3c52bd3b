//! The two Linux zero-copy calls std does not wrap: `copy_file_range` and
//! `sendfile`, plus `getuid`/`getgid` for `-u -1`/`-g -1`. Declared here by
//! hand (std already links the C library) instead of pulling in a crate.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};

extern "C" {
    fn copy_file_range(
        fd_in: i32,
        off_in: *mut i64,
        fd_out: i32,
        off_out: *mut i64,
        len: usize,
        flags: u32,
    ) -> isize;
    fn sendfile(out_fd: i32, in_fd: i32, offset: *mut i64, count: usize) -> isize;
    fn getuid() -> u32;
    fn getgid() -> u32;
}

/// Copies up to `len` bytes from `from`'s file position to `to`'s, in the kernel.
pub fn copy_range(from: BorrowedFd<'_>, to: BorrowedFd<'_>, len: usize) -> io::Result<usize> {
    // SAFETY: both descriptors are valid for the call; null offsets mean
    // "use and advance the file positions".
    let n = unsafe {
        copy_file_range(
            from.as_raw_fd(),
            std::ptr::null_mut(),
            to.as_raw_fd(),
            std::ptr::null_mut(),
            len,
            0,
        )
    };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

/// Sends up to `len` bytes from `from`'s file position to `to`, in the kernel.
pub fn send(from: BorrowedFd<'_>, to: BorrowedFd<'_>, len: usize) -> io::Result<usize> {
    // SAFETY: both descriptors are valid; a null offset uses and advances the
    // input's file position.
    let n = unsafe { sendfile(to.as_raw_fd(), from.as_raw_fd(), std::ptr::null_mut(), len) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

/// The real user id.
pub fn uid() -> u32 {
    // SAFETY: getuid cannot fail and touches no memory.
    unsafe { getuid() }
}

/// The real group id.
pub fn gid() -> u32 {
    // SAFETY: getgid cannot fail and touches no memory.
    unsafe { getgid() }
}
