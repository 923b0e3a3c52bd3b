//! boot-intree: the in-tree mode of the boot tests (issue 13's checks). For
//! each kernel version, scripts/kbuild/check-intree gets the boot tests'
//! kernel (scripts/boot-kernel: Debian's linux-source with this tree at usr/
//! and INITRAMFS_KINIT=y, built by the kernel's own make; cached by version,
//! fragments and tree hash) and runs its checks on and around it (option
//! off = upstream's bytes, Kconfig, no-op make, a hostile in-tree build and
//! its reproducibility, git status, V=1, CONFIG_WERROR, the layout check,
//! no network boot, clean), and this program reports them and boots the
//! bzImage under QEMU with NO external initrd: the kinit that the kernel's
//! own `make` linked into vmlinux mounts a virtio root made by mke2fs and
//! runs its init (boot-marker). Prints KTAP and the closing `N passed,
//! N failed` line; exits non-zero on any failure.
//!
//!     cargo run -p boot-tests --release --bin boot-intree [-- [--list] [FILTER...]]
//!
//! Environment: BOOT_TESTS_KERNELS (default "6.12,6.1"), BOOT_TESTS_TIMEOUT
//! (seconds per boot, default 60). Work files go to target/boot-intree/.

#[allow(dead_code)]
#[path = "../console.rs"]
mod console;
#[allow(dead_code)]
#[path = "../images.rs"]
mod images;
#[path = "../intree/mod.rs"]
mod intree;
#[allow(dead_code)]
#[path = "../ktap.rs"]
mod ktap;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let list_only = args.iter().any(|a| a == "--list");
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let kernels: Vec<String> = std::env::var("BOOT_TESTS_KERNELS")
        .unwrap_or_else(|_| "6.12,6.1".into())
        .split(',')
        .filter(|k| !k.is_empty() && *k != "debian")
        .map(String::from)
        .collect();
    let mut tests = Vec::new();
    for k in &kernels {
        for c in intree::CHECKS
            .iter()
            .filter(|c| c.only.is_none_or(|o| o == k))
        {
            tests.push((k.clone(), *c));
        }
    }
    let name = |k: &str, c: &intree::Check| format!("{k}: in-tree: {}", c.name);
    if !filters.is_empty() {
        tests.retain(|(k, c)| filters.iter().any(|f| name(k, c).contains(f.as_str())));
    }
    if list_only {
        for (k, c) in &tests {
            println!("{}", name(k, c));
        }
        return ExitCode::SUCCESS;
    }
    let started = Instant::now();
    let mut out = ktap::Ktap::start(tests.len());
    let mut ctx = intree::Ctx::new(&root);
    for (k, c) in &tests {
        let (ok, diag) = match ctx.run(k, c) {
            Ok(r) => r,
            Err(e) => (false, format!("setup failed: {e}")),
        };
        out.report(&name(k, c), ok, &diag);
    }
    ktap::diag(&format!(
        "in-tree tests took {} s",
        started.elapsed().as_secs()
    ));
    println!("{}", out.summary());
    if out.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
