//! Links kinit as a static, libc-free executable (klibc/static_link.rs),
//! with the size-saving link options below, and records the kernel release
//! it is built for, for the lockstep check at boot: `KINIT_KERNEL_RELEASE`
//! if set (the boot tests pass their kernel's), else the
//! include/config/kernel.release of the kernel tree this crate sits in (at
//! usr/kinit), else "unknown". (Kbuild builds kinit without cargo and sets
//! `KINIT_BUILT_FOR_RELEASE` itself: usr/scripts/kbuild/Makefile.kinit.)

include!("../klibc/static_link.rs");

fn main() {
    link_static();
    // Drops the unwind tables (the script says why); Kbuild links with it too.
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("discard-unwind.ld");
    println!("cargo::rerun-if-changed={}", script.display());
    for arg in [
        "-Wl,--no-eh-frame-hdr".to_owned(),
        format!("-Wl,-T,{}", script.display()),
        // No page of padding before the RELRO segment.
        "-Wl,-z,norelro".to_owned(),
        "-Wl,-z,noseparate-code".to_owned(),
    ] {
        println!("cargo::rustc-link-arg-bins={arg}");
    }
    println!("cargo::rerun-if-env-changed=KINIT_KERNEL_RELEASE");
    let given = std::env::var("KINIT_KERNEL_RELEASE").ok();
    // Built in a kernel tree (this crate at <tree>/usr/kinit, no O=): the
    // tree's own release file. Watched only when it is what we use: cargo
    // would rebuild on every run for a watched file that does not exist
    // (an O= build, where Kbuild passes the variable).
    let in_tree = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../include/config/kernel.release");
    if given.is_none() {
        println!("cargo::rerun-if-changed={}", in_tree.display());
    }
    let release = given
        .or_else(|| std::fs::read_to_string(&in_tree).ok())
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo::rustc-env=KINIT_BUILT_FOR_RELEASE={release}");
}
