//! The multi-call binary: argv[0]'s basename (`kinit`, also as `/init` or
//! `init`; `run-init`, `fstype`, `resume`, `nfsmount`) or `kinit <applet> ...` picks
//! the applet. As PID 1 the name still decides (initramfs-tools' /init runs
//! `exec run-init ...` as PID 1), but `kinit <applet>` does not apply (the
//! kernel passes unknown boot words to /init as arguments) and a name that
//! is no applet runs kinit rather than exiting, which would panic the kernel.
#![no_std]
#![no_main]
#![deny(unsafe_code)]

use core::ffi::CStr;
use kinit::applets;
use kinit::say;

fn main() -> i32 {
    let args: alloc::vec::Vec<&'static CStr> = klibc::rt::args().collect();
    let pid1 = klibc::process::getpid() == 1;
    dispatch(&args, !pid1, pid1)
}

fn basename(path: &[u8]) -> &[u8] {
    path.rsplit(|&b| b == b'/').next().unwrap_or(path)
}

/// `outer`: `kinit <applet> ...` may pick the applet; `pid1`: never exit
/// for an unknown name.
fn dispatch(args: &[&CStr], outer: bool, pid1: bool) -> i32 {
    let name = args.first().map_or(&b"kinit"[..], |a| a.to_bytes());
    match basename(name) {
        b"kinit" | b"init" => match args.get(1) {
            // `kinit <applet> ...`
            Some(a) if outer && is_applet(a.to_bytes()) => {
                dispatch(args.get(1..).unwrap_or(&[]), false, false)
            }
            _ => applets::kinit::main(args),
        },
        b"fstype" => applets::fstype::main(args),
        #[cfg(feature = "net")]
        b"ipconfig" => applets::ipconfig::main(args),
        b"run-init" => applets::run_init::main(args),
        b"resume" => applets::resume::main(args),
        #[cfg(feature = "net")]
        b"nfsmount" => applets::nfsmount::main(args),
        _ if pid1 => applets::kinit::main(args),
        other => {
            say::line(&[b"kinit: unknown applet: ", other]);
            2
        }
    }
}

/// The applets `kinit <applet>` may name.
fn is_applet(name: &[u8]) -> bool {
    matches!(name, b"fstype" | b"run-init" | b"resume")
        || (cfg!(feature = "net") && matches!(name, b"ipconfig" | b"nfsmount"))
}

extern crate alloc;
klibc::main!(main);
