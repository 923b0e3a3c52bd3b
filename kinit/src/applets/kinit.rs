//! `kinit`: the PID-1 flow (see [`crate::pid1`]). Run by hand it does the
//! same and exits non-zero when it cannot go on.

use core::ffi::CStr;

pub fn main(args: &[&CStr]) -> i32 {
    crate::pid1::main(args)
}
