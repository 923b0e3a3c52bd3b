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
}
