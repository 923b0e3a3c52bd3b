//! Writing a value to a sysfs attribute or a /proc/sys file: the kernel
//! takes such a value in one write(2), so one open and one write, and a
//! short write is an error.

use core::ffi::CStr;
use klibc::fd::CWD;
use klibc::uapi::general as g;
use klibc::Errno;

/// Writes `value` to the file at `path` in one write.
pub fn write(path: &CStr, value: &[u8]) -> Result<(), Errno> {
    let fd = klibc::fs::openat(CWD, path, g::O_WRONLY | g::O_CLOEXEC, 0)?;
    match klibc::io::write(&fd, value)? {
        n if n == value.len() => Ok(()),
        _ => Err(Errno::IO),
    }
}
