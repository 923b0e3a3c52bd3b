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
    // Sized once, then filled: smaller than `collect`'s general path.
    let all = klibc::rt::args();
    let mut args = alloc::vec::Vec::with_capacity(all.len());
    args.extend(all);
    let pid1 = klibc::process::getpid() == 1;
    dispatch(&args, pid1)
}

fn basename(path: &[u8]) -> &[u8] {
    path.rsplit(|&b| b == b'/').next().unwrap_or(path)
}

/// An applet's entry point.
type Main = fn(&[&CStr]) -> i32;

/// The applets besides kinit itself, the ones `kinit <applet>` may name: one
/// table walked in a loop is smaller than a `match` on byte strings.
const APPLETS: &[(&[u8], Main)] = &[
    (b"fstype", applets::fstype::main),
    #[cfg(feature = "net")]
    (b"ipconfig", applets::ipconfig::main),
    (b"run-init", applets::run_init::main),
    (b"resume", applets::resume::main),
    #[cfg(feature = "net")]
    (b"nfsmount", applets::nfsmount::main),
];

/// The entry point of the applet called `name`, if there is one.
fn applet(name: &[u8]) -> Option<Main> {
    APPLETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, main)| main)
}

/// `pid1`: no `kinit <applet> ...`, and never exit for an unknown name.
fn dispatch(args: &[&CStr], pid1: bool) -> i32 {
    let name = basename(args.first().map_or(&b"kinit"[..], |a| a.to_bytes()));
    if let Some(main) = applet(name) {
        return main(args);
    }
    let kinit = name == b"kinit" || name == b"init";
    // `kinit <applet> ...`: the applet with the arguments from its name on.
    let inner = args.get(1..).unwrap_or_default();
    match inner.first().filter(|_| !pid1) {
        Some(a) if kinit => match applet(a.to_bytes()) {
            Some(main) => main(inner),
            None => applets::kinit::main(args),
        },
        _ if kinit || pid1 => applets::kinit::main(args),
        _ => {
            say::msg(b"kinit: unknown applet: {}", &[name]);
            2
        }
    }
}

extern crate alloc;
// As PID 1 a panic must not exit either (see kinit::fatal).
klibc::main!(main, panic = kinit::fatal::panicked);
