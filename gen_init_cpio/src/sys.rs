//! The two Linux zero-copy calls std does not wrap: `copy_file_range` and
//! `sendfile`, `open`/`openat` with `O_PATH`, and `getuid`/`getgid` for
//! `-u -1`/`-g -1`. Declared here by
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
pub(crate) fn copy_range(
    from: BorrowedFd<'_>,
    to: BorrowedFd<'_>,
    len: usize,
) -> io::Result<usize> {
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
pub(crate) fn send(from: BorrowedFd<'_>, to: BorrowedFd<'_>, len: usize) -> io::Result<usize> {
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
pub(crate) fn uid() -> u32 {
    // SAFETY: getuid cannot fail and touches no memory.
    unsafe { getuid() }
}

/// The real group id.
pub(crate) fn gid() -> u32 {
    // SAFETY: getgid cannot fail and touches no memory.
    unsafe { getgid() }
}

extern "C" {
    fn open(path: *const std::ffi::c_char, flags: i32, ...) -> i32;
    fn openat(dirfd: i32, path: *const std::ffi::c_char, flags: i32, ...) -> i32;
}

const O_RDONLY: i32 = 0;
const O_DIRECTORY: i32 = 0o200000;
const O_CLOEXEC: i32 = 0o2000000;
const O_PATH: i32 = 0o10000000;

/// An `O_PATH` handle on directory `path`, to open files relative to.
pub(crate) fn open_dir_path(path: &std::path::Path) -> io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: c is a valid NUL-terminated string for the duration of the call.
    let fd = unsafe { open(c.as_ptr(), O_PATH | O_DIRECTORY | O_CLOEXEC) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd was just returned by open and is owned by nobody else.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
}

/// Opens `name` read-only relative to directory `dir`.
pub(crate) fn open_at(
    dir: &std::os::fd::OwnedFd,
    name: &std::ffi::CStr,
) -> io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    // SAFETY: dir is an open descriptor and name a valid C string.
    let fd = unsafe { openat(dir.as_raw_fd(), name.as_ptr(), O_RDONLY | O_CLOEXEC) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd was just returned by openat and is owned by nobody else.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
}
