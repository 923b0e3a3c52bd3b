//! The multi-call binary: argv[0]'s basename (`kinit`, also as `/init` or
//! `init`; `run-init`, `fstype`, `resume`, `nfsmount`) or `kinit <applet> ...` picks
//! the applet. As PID 1 it is always kinit, whatever the arguments (the
//! kernel passes unknown boot words to /init as arguments).
#![no_std]
#![no_main]
#![deny(unsafe_code)]

use core::ffi::CStr;
use kinit::applets;
use kinit::say;

fn main() -> i32 {
    let args: alloc::vec::Vec<&'static CStr> = klibc::rt::args().collect();
    if klibc::process::getpid() == 1 {
        return applets::kinit::main(&args);
    }
    dispatch(&args, true)
}

fn basename(path: &[u8]) -> &[u8] {
    path.rsplit(|&b| b == b'/').next().unwrap_or(path)
}

fn dispatch(args: &[&CStr], outer: bool) -> i32 {
    let name = args.first().map_or(&b"kinit"[..], |a| a.to_bytes());
    match basename(name) {
        b"kinit" | b"init" => match args.get(1) {
            // `kinit <applet> ...`
            Some(a) if outer && is_applet(a.to_bytes()) => {
                dispatch(args.get(1..).unwrap_or(&[]), false)
            }
            _ => applets::kinit::main(args),
        },
        b"fstype" => applets::fstype::main(args),
        b"ipconfig" => applets::ipconfig::main(args),
        b"run-init" => applets::run_init::main(args),
        b"resume" => applets::resume::main(args),
        b"nfsmount" => applets::nfsmount::main(args),
        other => {
            say::line(&[b"kinit: unknown applet: ", other]);
            2
        }
    }
}

/// The applets `kinit <applet>` may name.
fn is_applet(name: &[u8]) -> bool {
    matches!(
        name,
        b"fstype" | b"ipconfig" | b"run-init" | b"resume" | b"nfsmount"
    )
}

extern crate alloc;
klibc::main!(main);
