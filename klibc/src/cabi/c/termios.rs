//! termios.h on the kernel's TCGETS/TCSETS* ioctls (struct termios is the
//! kernel's asm/termbits.h), and the foreground process group calls.

use super::errno::csys;
use crate::uapi::ioctl;
use core::ffi::{c_int, c_uint};

/// The kernel's struct termios (asm/termbits.h), seen as bytes here: only
/// the speed bits of c_cflag are touched, at offset 8.
pub type Termios = u8;

const CBAUD: c_uint = 0o010017;

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn tcgetattr(fd: c_int, t: *mut Termios) -> c_int {
    csys!(__NR_ioctl, fd, ioctl::TCGETS, t) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn tcsetattr(fd: c_int, action: c_int, t: *const Termios) -> c_int {
    let req = match action {
        0 => ioctl::TCSETS,
        1 => ioctl::TCSETSW,
        2 => ioctl::TCSETSF,
        _ => {
            super::errno::set(crate::Errno::INVAL);
            return -1;
        }
    };
    csys!(__NR_ioctl, fd, req, t) as c_int
}

#[no_mangle]
pub extern "C" fn tcflush(fd: c_int, queue: c_int) -> c_int {
    csys!(__NR_ioctl, fd, ioctl::TCFLSH, queue) as c_int
}

#[no_mangle]
pub extern "C" fn tcflow(fd: c_int, action: c_int) -> c_int {
    csys!(__NR_ioctl, fd, ioctl::TCXONC, action) as c_int
}

#[no_mangle]
pub extern "C" fn tcdrain(fd: c_int) -> c_int {
    csys!(__NR_ioctl, fd, ioctl::TCSBRK, 1) as c_int
}

#[no_mangle]
pub extern "C" fn tcsendbreak(fd: c_int, _duration: c_int) -> c_int {
    csys!(__NR_ioctl, fd, ioctl::TCSBRK, 0) as c_int
}

#[no_mangle]
pub extern "C" fn tcgetpgrp(fd: c_int) -> c_int {
    let mut pgrp: c_int = 0;
    if csys!(__NR_ioctl, fd, ioctl::TIOCGPGRP, &raw mut pgrp) < 0 {
        return -1;
    }
    pgrp
}

#[no_mangle]
pub extern "C" fn tcsetpgrp(fd: c_int, pgrp: c_int) -> c_int {
    csys!(__NR_ioctl, fd, ioctl::TIOCSPGRP, &raw const pgrp) as c_int
}

#[no_mangle]
pub extern "C" fn tcgetsid(fd: c_int) -> c_int {
    let mut sid: c_int = 0;
    if csys!(__NR_ioctl, fd, ioctl::TIOCGSID, &raw mut sid) < 0 {
        return -1;
    }
    sid
}

unsafe fn cflag(t: *const Termios) -> *mut c_uint {
    // c_iflag, c_oflag, then c_cflag: three tcflag_t (unsigned int).
    unsafe { (t as *mut c_uint).add(2) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn cfgetospeed(t: *const Termios) -> c_uint {
    unsafe { *cflag(t) & CBAUD }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn cfgetispeed(t: *const Termios) -> c_uint {
    unsafe { cfgetospeed(t) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn cfsetospeed(t: *mut Termios, speed: c_uint) -> c_int {
    if speed & !CBAUD != 0 {
        super::errno::set(crate::Errno::INVAL);
        return -1;
    }
    unsafe { *cflag(t) = (*cflag(t) & !CBAUD) | speed };
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn cfsetispeed(t: *mut Termios, speed: c_uint) -> c_int {
    if speed == 0 {
        return 0;
    }
    unsafe { cfsetospeed(t, speed) }
}
