//! poll.h and pselect: waiting on descriptors. poll, ppoll and pselect are
//! the kernel's ppoll and pselect6 (every architecture has those; the old
//! poll/select calls are not everywhere); the signal mask goes with its
//! size, as the rt_* calls want it.

use super::errno::csys;
use crate::uapi::general as g;
use core::ffi::{c_int, c_uint, c_void};
use core::mem::size_of;

macro_rules! cint {
    ($($t:tt)*) => { csys!($($t)*) as c_int };
}

/// # Safety
/// C contract (the timeout is not changed: the kernel writes the time
/// left into a copy, as glibc arranges).
#[no_mangle]
pub unsafe extern "C" fn ppoll(
    fds: *mut c_void,
    n: c_uint,
    timeout: *const g::timespec,
    mask: *const g::sigset_t,
) -> c_int {
    let size = if mask.is_null() {
        0
    } else {
        size_of::<g::sigset_t>()
    };
    let mut ts;
    let tp = if timeout.is_null() {
        core::ptr::null_mut()
    } else {
        ts = unsafe { timeout.read() };
        &raw mut ts
    };
    cint!(__NR_ppoll, fds, n, tp, mask, size)
}

/// poll with a timeout in milliseconds (negative: none).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn poll(fds: *mut c_void, n: c_uint, timeout_ms: c_int) -> c_int {
    let ts = g::timespec {
        tv_sec: (timeout_ms / 1000) as _,
        tv_nsec: ((timeout_ms % 1000) * 1_000_000) as _,
    };
    let tp = if timeout_ms < 0 {
        core::ptr::null()
    } else {
        &raw const ts
    };
    unsafe { ppoll(fds, n, tp, core::ptr::null()) }
}

/// pselect6's last argument: the mask and its size.
#[repr(C)]
struct MaskArg {
    mask: *const g::sigset_t,
    size: usize,
}

/// # Safety
/// C contract (the timeout is not changed, as POSIX says for pselect).
#[no_mangle]
pub unsafe extern "C" fn pselect(
    n: c_int,
    r: *mut c_void,
    w: *mut c_void,
    e: *mut c_void,
    timeout: *const g::timespec,
    mask: *const g::sigset_t,
) -> c_int {
    let mut ts;
    let tp = if timeout.is_null() {
        core::ptr::null_mut()
    } else {
        // The kernel writes the time left back; pselect's caller keeps its own.
        ts = unsafe { timeout.read() };
        &raw mut ts
    };
    let arg = MaskArg {
        mask,
        size: size_of::<g::sigset_t>(),
    };
    let ap = if mask.is_null() {
        core::ptr::null()
    } else {
        &raw const arg
    };
    cint!(__NR_pselect6, n, r, w, e, tp, ap)
}
