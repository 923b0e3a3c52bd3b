//! `fstype [device]`: prints FSTYPE= and FSSIZE= as klibc-utils' fstype does.
//! (Being written: see issue 4.)

use core::ffi::CStr;

pub fn main(_args: &[&CStr]) -> i32 {
    klibc::eprintln!("fstype: not built yet");
    1
}
