//! stdlib.h's pseudo-terminal functions on the kernel's devpts: the master
//! is /dev/ptmx, the slave /dev/pts/<number the master reports>; devpts
//! creates slaves with the right owner and mode, so grantpt only checks
//! that it was given a master.

use super::errno::{self, csys};
use crate::uapi::ioctl::{TIOCGPTN, TIOCSPTLCK};
use core::ffi::{c_char, c_int, c_uint};

#[no_mangle]
pub extern "C" fn posix_openpt(flags: c_int) -> c_int {
    // SAFETY: a constant path.
    unsafe { super::unistd::open(c"/dev/ptmx".as_ptr(), flags, 0) }
}

/// The slave's number of the master `fd`.
fn pty_number(fd: c_int) -> Option<c_uint> {
    let mut n: c_uint = 0;
    if csys!(__NR_ioctl, fd, TIOCGPTN, &raw mut n) < 0 {
        // Not a master: POSIX wants EINVAL rather than ENOTTY.
        if errno::get() == crate::uapi::errno::ENOTTY as c_int {
            errno::set(crate::Errno::INVAL);
        }
        return None;
    }
    Some(n)
}

#[no_mangle]
pub extern "C" fn grantpt(fd: c_int) -> c_int {
    if pty_number(fd).is_some() {
        0
    } else {
        -1
    }
}

#[no_mangle]
pub extern "C" fn unlockpt(fd: c_int) -> c_int {
    let unlock: c_int = 0;
    csys!(__NR_ioctl, fd, TIOCSPTLCK, &raw const unlock) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn ptsname_r(fd: c_int, buf: *mut c_char, len: usize) -> c_int {
    let Some(n) = pty_number(fd) else {
        return errno::get();
    };
    let mut d = [0u8; 24];
    let num = super::string::decimal(n as i64, &mut d);
    const DIR: &[u8] = b"/dev/pts/";
    if DIR.len() + num.len() + 1 > len {
        errno::set(crate::Errno::RANGE);
        return crate::uapi::errno::ERANGE as c_int;
    }
    // SAFETY: `buf` has `len` bytes, enough as checked.
    unsafe {
        crate::arch::copy_forward(buf.cast(), DIR.as_ptr(), DIR.len());
        crate::arch::copy_forward(buf.add(DIR.len()).cast(), num.as_ptr(), num.len());
        *buf.add(DIR.len() + num.len()) = 0;
    }
    0
}

static mut NAME: [u8; 32] = [0; 32];

/// # Safety
/// C contract (one static buffer).
#[no_mangle]
pub unsafe extern "C" fn ptsname(fd: c_int) -> *mut c_char {
    // SAFETY: single-threaded; the buffer is this function's.
    unsafe {
        let buf = &mut *(&raw mut NAME);
        if ptsname_r(fd, buf.as_mut_ptr().cast(), buf.len()) != 0 {
            return core::ptr::null_mut();
        }
        buf.as_mut_ptr().cast()
    }
}
