//! scripts/kbuild/kinit-available, the toolchain probe usr/Kconfig asks for
//! INITRAMFS_KINIT_AVAILABLE: with the tools scripts/setup installs it says
//! yes; for each thing missing it says no, naming what and why (the
//! architecture, rustc, its library source and a mismatch with it, bindgen,
//! the linker, the host rustc).

use std::path::{Path, PathBuf};
use std::process::Command;

fn probe(args: &[&str]) -> (bool, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/kbuild/kinit-available");
    // Only what the arguments say: none of the caller's make variables.
    let mut cmd = Command::new(&script);
    for v in [
        "ARCH",
        "SRCARCH",
        "CROSS_COMPILE",
        "LLVM",
        "RUSTC",
        "RUST_LIB_SRC",
        "BINDGEN",
        "LD",
        "HOSTRUSTC",
    ] {
        cmd.env_remove(v);
    }
    let out = cmd
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", script.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The rustc with its library source that scripts/setup installs.
const RUSTC: &str = "RUSTC=/usr/bin/rustc";

fn rustc_version() -> String {
    let out = Command::new("/usr/bin/rustc")
        .arg("--version")
        .output()
        .expect("/usr/bin/rustc (rustc-web, scripts/setup)");
    let v = String::from_utf8_lossy(&out.stdout);
    v.split_whitespace().nth(1).expect("a version").to_string()
}

fn no(args: &[&str], says: &[&str]) {
    let (ok, text) = probe(args);
    assert!(!ok, "{args:?}: said yes:\n{text}");
    for s in says {
        assert!(text.contains(s), "{args:?}: no {s:?} in:\n{text}");
    }
}

#[test]
fn the_setup_toolchain_is_available() {
    let (ok, text) = probe(&["ARCH=x86_64", RUSTC]);
    assert!(ok, "{text}");
    assert!(
        text.contains(&format!("rustc {}", rustc_version())),
        "{text}"
    );
    assert!(text.contains("x86_64-unknown-linux-gnu"), "{text}");
}

#[test]
fn the_ports_are_available_with_their_cross_tools() {
    for (arch, cross, target) in [
        ("arm64", "aarch64-linux-gnu-", "aarch64-unknown-linux-gnu"),
        ("riscv", "riscv64-linux-gnu-", "riscv64gc-unknown-linux-gnu"),
    ] {
        let (a, c) = (format!("ARCH={arch}"), format!("CROSS_COMPILE={cross}"));
        let args = [a.as_str(), c.as_str(), RUSTC];
        let (ok, text) = probe(&args);
        assert!(ok, "{args:?}: {text}");
        assert!(text.contains(target), "{args:?}: {text}");
    }
    // Without CROSS_COMPILE, the host's ld cannot link for them.
    no(
        &["ARCH=arm64", RUSTC, "LD=x86_64-linux-gnu-ld"],
        &["cannot link for aarch64-unknown-linux-gnu"],
    );
}

#[test]
fn an_unported_arch_is_named() {
    no(
        &["ARCH=mips", RUSTC],
        &["ARCH=mips: klibc has no port for it"],
    );
    no(&["ARCH=um", RUSTC], &["ARCH=um"]);
    no(
        &["ARCH=s390", "CROSS_COMPILE=s390x-linux-gnu-", RUSTC],
        &["ARCH=s390: klibc has no port for it"],
    );
}

#[test]
fn a_missing_rustc_is_named() {
    no(
        &["ARCH=x86_64", "RUSTC=/nonexistent/rustc"],
        &["RUSTC=/nonexistent/rustc: not found"],
    );
}

fn fake_library(version: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("kinit-available-{}-{version}", std::process::id()));
    let lib = dir.join("library");
    for f in [
        "core/src/lib.rs",
        "alloc/src/lib.rs",
        "compiler-builtins/compiler-builtins/src/lib.rs",
    ] {
        let p = lib.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "").unwrap();
    }
    std::fs::write(dir.join("version"), format!("{version}\n")).unwrap();
    lib
}

#[test]
fn library_source_of_another_release_is_named() {
    let lib = fake_library("1.0.0");
    let arg = format!("RUST_LIB_SRC={}", lib.display());
    no(
        &["ARCH=x86_64", RUSTC, &arg],
        &["is Rust 1.0.0's", &format!("rustc {}", rustc_version())],
    );
    let _ = std::fs::remove_dir_all(lib.parent().unwrap());
}

#[test]
fn missing_library_source_is_named() {
    let dir = std::env::temp_dir().join(format!("kinit-available-{}-none", std::process::id()));
    let arg = format!("RUST_LIB_SRC={}", dir.join("library").display());
    no(&["ARCH=x86_64", RUSTC, &arg], &["no library source"]);
    // Present but without compiler-builtins.
    let lib = fake_library(&rustc_version());
    std::fs::remove_file(lib.join("compiler-builtins/compiler-builtins/src/lib.rs")).unwrap();
    let arg = format!("RUST_LIB_SRC={}", lib.display());
    no(
        &["ARCH=x86_64", RUSTC, &arg],
        &["lacks compiler-builtins/compiler-builtins/src/lib.rs"],
    );
    let _ = std::fs::remove_dir_all(lib.parent().unwrap());
}

#[test]
fn bindgen_linker_and_host_rustc_are_named() {
    no(
        &["ARCH=x86_64", RUSTC, "BINDGEN=/nonexistent/bindgen"],
        &["BINDGEN=/nonexistent/bindgen: not found"],
    );
    no(
        &["ARCH=x86_64", RUSTC, "BINDGEN=/bin/true"],
        &["does not say a version"],
    );
    // A linker without the arch's emulation: the aarch64 cross ld for x86_64.
    no(
        &["ARCH=x86_64", RUSTC, "LD=aarch64-linux-gnu-ld"],
        &["LD=aarch64-linux-gnu-ld: cannot link for x86_64-unknown-linux-gnu"],
    );
    no(
        &["ARCH=x86_64", RUSTC, "HOSTRUSTC=/nonexistent/rustc"],
        &["HOSTRUSTC=/nonexistent/rustc: not found"],
    );
}

#[test]
fn bad_arguments_are_refused() {
    let (ok, text) = probe(&["FOO=1"]);
    assert!(!ok);
    assert!(text.contains("unknown argument 'FOO=1'"), "{text}");
}
