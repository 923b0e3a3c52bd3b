//! Links the programs as static, libc-free executables: klibc provides
//! `_start`, so no C start files, no libc, no dynamic loader.

fn main() {
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
