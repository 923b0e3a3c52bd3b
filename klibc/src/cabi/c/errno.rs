//! C's `errno` (one global: early userspace has one thread) and the helpers
//! that turn a syscall layer `Result` into C's "-1 and errno" convention.

use crate::errno::Errno;
use core::ffi::c_int;

/// The C `errno`.
#[no_mangle]
pub static mut errno: c_int = 0;

/// glibc-compatible accessor some code calls instead of naming `errno`.
#[no_mangle]
pub extern "C" fn __errno_location() -> *mut c_int {
    &raw mut errno
}

/// Sets `errno`.
pub fn set(e: Errno) {
    set_raw(e.raw());
}

/// Sets `errno` to a raw value.
pub fn set_raw(e: c_int) {
    // SAFETY: single-threaded; plain store to a global.
    unsafe { (&raw mut errno).write(e) };
}

/// Reads `errno`.
pub fn get() -> c_int {
    // SAFETY: as in `set_raw`.
    unsafe { (&raw const errno).read() }
}

/// A syscall result as a C `int`: the value, or -1 with `errno` set.
pub fn int(r: crate::Result<usize>) -> c_int {
    match r {
        Ok(v) => v as c_int,
        Err(e) => {
            set(e);
            -1
        }
    }
}

/// A syscall result as a C `long`/`ssize_t`: the value, or -1 with `errno` set.
pub fn long(r: crate::Result<usize>) -> isize {
    match r {
        Ok(v) => v as isize,
        Err(e) => {
            set(e);
            -1
        }
    }
}

/// A `Result<()>` as C's 0 or -1.
pub fn unit(r: crate::Result<()>) -> c_int {
    int(r.map(|()| 0))
}

/// Issues a raw syscall by `__NR_*` name for the C wrappers whose arguments
/// are already C's (pointers and ints straight from the caller), returning
/// C's `long` convention.
macro_rules! csys {
    ($($t:tt)*) => {
        $crate::cabi::c::errno::long({
            #[allow(unused_unsafe)]
            // SAFETY: the C caller's pointers and values, as its contract promises.
            let r = unsafe { $crate::syscall::sys!($($t)*) };
            r
        })
    };
}
pub(crate) use csys;
