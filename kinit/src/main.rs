//! The multi-call binary: argv[0]'s basename (or `kinit <applet> ...`)
//! picks the applet.
#![no_std]
#![no_main]

use core::ffi::CStr;
use kinit::applets;

fn main() -> i32 {
    let args: alloc::vec::Vec<&'static CStr> = klibc::rt::args().collect();
    dispatch(&args)
}

fn dispatch(args: &[&CStr]) -> i32 {
    let name = args.first().map(|a| a.to_bytes()).unwrap_or(b"kinit");
    let base = name.rsplit(|&b| b == b'/').next().unwrap_or(name);
    match base {
        b"fstype" => applets::fstype::main(args),
        b"kinit" if args.len() > 1 && args[1].to_bytes() != b"--" => {
            // `kinit <applet> ...`
            match args[1].to_bytes() {
                b"fstype" => dispatch(&args[1..]),
                _ => {
                    klibc::eprintln!("kinit: unknown applet: {}", args[1].to_string_lossy());
                    2
                }
            }
        }
        _ => {
            klibc::eprintln!(
                "kinit: unknown applet: {}",
                core::str::from_utf8(base).unwrap_or("?")
            );
            2
        }
    }
}

extern crate alloc;
klibc::main!(main);
