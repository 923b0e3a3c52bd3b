//! Links kinit as a static, libc-free executable (klibc/static_link.rs) and
//! records the kernel release it is built for, for the lockstep check at
//! boot: `KINIT_KERNEL_RELEASE` if set (Kbuild passes the tree's
//! include/config/kernel.release), else "unknown".

include!("../klibc/static_link.rs");

fn main() {
    link_static();
    println!("cargo::rerun-if-env-changed=KINIT_KERNEL_RELEASE");
    let release = std::env::var("KINIT_KERNEL_RELEASE")
        .ok()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo::rustc-env=KINIT_BUILT_FOR_RELEASE={release}");
}
