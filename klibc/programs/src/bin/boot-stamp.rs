//! The boot benchmark's /init: prints CLOCK_BOOTTIME as its first act, then
//! execs /kinit with the same arguments and environment. Both ends of the
//! measured span (this stamp and boot-marker's in the root's init) are then
//! read from the same clock; the kernel's printk timestamp of "Run /init"
//! is sched_clock, whose offset from CLOCK_BOOTTIME varies by milliseconds
//! from boot to boot under TCG. The exec costs the same for every kinit.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use klibc::uapi::general as g;

fn main() -> i32 {
    let t = klibc::time::clock_gettime(g::CLOCK_BOOTTIME)
        .map(|t| (t.tv_sec as u64, t.tv_nsec as u64 / 1000))
        .unwrap_or((0, 0));
    klibc::println!("boot-stamp: boottime={}.{:06}", t.0, t.1);
    let args: Vec<_> = klibc::rt::args().collect();
    let err = klibc::process::execve_inherit_env(c"/kinit", &args);
    klibc::eprintln!("boot-stamp: exec /kinit: {err:?}");
    1
}

klibc::main!(main);
