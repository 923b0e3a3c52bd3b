//! The smallest klibc program: prints a greeting with the kernel it runs on.
//! The demo of scripts/demo and the subject of the size benchmark.
#![no_std]
#![no_main]

fn main() {
    let u = klibc::process::uname();
    let release = klibc::ffi::field_str(&u.release);
    klibc::println!("hello from klibc on Linux {release}");
}

klibc::main!(main);
