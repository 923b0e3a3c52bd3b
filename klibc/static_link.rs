// SPDX-License-Identifier: GPL-2.0
// Shared by the build scripts of programs built on klibc (include!d): link
// them as static, libc-free executables. klibc provides `_start`, so no C
// start files, no libc, no dynamic loader, no PIE relocation.

fn link_static() {
    for arg in [
        "-nostartfiles",
        "-nostdlib",
        "-static",
        "-no-pie",
        "-Wl,--gc-sections",
        "-Wl,--build-id=none",
    ] {
        println!("cargo::rustc-link-arg-bins={arg}");
    }
    // aarch64's ld aligns segments to 64 KiB pages by default, padding even
    // a 9 KB program to 66 KB. Early userspace targets 4 KiB-page kernels
    // (arm64's default and Debian's); a 16/64 KiB-page kernel needs the
    // default alignment back.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("aarch64") {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,max-page-size=4096");
    }
}
