//! Links kinit as a static, libc-free executable (klibc/static_link.rs),
//! with the size-saving link options below, and records the kernel release
//! it is built for, for the lockstep check at boot: `KINIT_KERNEL_RELEASE`
//! if set (Kbuild passes the tree's include/config/kernel.release), else
//! that file of the kernel tree this crate sits in (at usr/kinit), else
//! "unknown".

include!("../klibc/static_link.rs");

/// Drops the unwind tables: kinit is built with panic=abort and never
/// unwinds, and they are a sixth of the binary.
const DISCARD_UNWIND: &str =
    "SECTIONS { /DISCARD/ : { *(.eh_frame) *(.eh_frame_hdr) } } INSERT AFTER .text;\n";

fn main() {
    link_static();
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let script = out.join("discard-unwind.ld");
    std::fs::write(&script, DISCARD_UNWIND).expect("writing the linker script");
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
