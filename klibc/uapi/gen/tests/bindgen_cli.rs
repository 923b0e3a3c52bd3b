//! The two ways klibc's bindings are made produce the same Rust: the
//! bindgen crate as klibc/build.rs drives it (klibc/uapi/bindgen_setup.rs)
//! and bindgen-cli as Kbuild runs it (`uapi-gen args`, `$(BINDGEN)`,
//! `uapi-gen fixup`), for Debian's 6.1 and 6.12 headers of x86_64, arm64
//! and riscv with the matching clang target. "Same" is token for token, item
//! by item, integer literals compared by value (`9usize` is `9`); any other
//! difference fails, naming the module and the item.

mod common;

#[path = "../../parameters.rs"]
#[allow(dead_code)]
mod parameters;

#[path = "../../bindgen_setup.rs"]
mod bindgen_setup;

#[path = "../items.rs"]
#[allow(dead_code)]
mod items;

#[path = "../tokens.rs"]
#[allow(dead_code)]
mod tokens;

use std::collections::BTreeMap;
use std::path::Path;

/// One module as klibc/build.rs generates it with the crate.
fn with_crate(include: &Path, arch: &str, module: &str) -> String {
    let k = common::klibc();
    let text = std::fs::read_to_string(k.join("uapi/bindgen_parameters")).unwrap();
    let params = parameters::Parameters::parse(&text).unwrap();
    let args = bindgen_setup::clang_args(include, &k.join("include"), arch).unwrap();
    let m = params.modules.iter().find(|m| m.name == module).unwrap();
    let header = k.join("uapi").join(format!("{module}.h"));
    let mut b = bindgen_setup::builder(&header, &args);
    for p in params.common.iter().chain(&m.params) {
        b = bindgen_setup::apply(b, p);
    }
    b.generate()
        .unwrap_or_else(|e| panic!("bindgen crate over {}: {e}", header.display()))
        .to_string()
}

/// A file's items by key (a repeated key gets `#2`, `#3`...), each as
/// canonical tokens.
fn canonical(source: &str, what: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for item in items::split(source).unwrap_or_else(|e| panic!("{what}:{e}")) {
        let mut key = item.key();
        let mut n = 1;
        while out.contains_key(&key) {
            n += 1;
            key = format!("{} #{n}", item.key());
        }
        out.insert(key, tokens::canonical(&item.toks));
    }
    out
}

/// Every difference between the two paths' items.
fn differences(module: &str, cli: &str, krate: &str) -> Vec<String> {
    let cli = canonical(cli, "bindgen-cli output");
    let krate = canonical(krate, "bindgen crate output");
    let mut out = Vec::new();
    for (key, k) in &krate {
        match cli.get(key) {
            None => out.push(format!("uapi::{module}: `{key}` only from the crate")),
            Some(c) if c != k => out.push(format!(
                "uapi::{module}: `{key}` differs:\n  crate: {k}\n  cli:   {c}"
            )),
            Some(_) => {}
        }
    }
    for key in cli.keys().filter(|k| !krate.contains_key(*k)) {
        out.push(format!("uapi::{module}: `{key}` only from bindgen-cli"));
    }
    out
}

fn same_bindings(series: &str, arch: &str) {
    let include = common::headers(series, common::kernel_arch(arch));
    let dir = common::tempdir(&format!("cli-{series}-{arch}"));
    common::bindings(&include, arch, &dir).unwrap();
    let mut problems = Vec::new();
    let mut items = 0;
    for m in common::modules() {
        let cli = std::fs::read_to_string(dir.join(format!("{m}.rs"))).unwrap();
        let krate = with_crate(&include, arch, &m);
        items += canonical(&krate, "crate").len();
        problems.extend(differences(&m, &cli, &krate));
    }
    assert!(
        problems.is_empty(),
        "{series} {arch}: bindgen-cli ({}) and the bindgen crate differ:\n{}",
        common::bindgen().1,
        problems.join("\n")
    );
    // They really made something: syscalls, structs, constants.
    assert!(items > 1500, "{series} {arch}: only {items} items");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn same_bindings_6_12_x86_64() {
    same_bindings("6.12", "x86_64");
}

#[test]
fn same_bindings_6_12_aarch64() {
    same_bindings("6.12", "aarch64");
}

#[test]
fn same_bindings_6_12_riscv64() {
    same_bindings("6.12", "riscv64");
}

#[test]
fn same_bindings_6_1_x86_64() {
    same_bindings("6.1", "x86_64");
}

#[test]
fn same_bindings_6_1_aarch64() {
    same_bindings("6.1", "aarch64");
}

#[test]
fn same_bindings_6_1_riscv64() {
    same_bindings("6.1", "riscv64");
}

/// The comparison itself sees a difference in a type, a value, a field
/// name, a missing item and an ioctl left unrenamed.
#[test]
fn differences_are_named() {
    let base = "pub const A : u32 = 1 ; # [repr (C)] pub struct s { pub a : u32 , pub b : [u8 ; 2usize] , }";
    assert!(differences("m", base, &base.replace("2usize", "2")).is_empty());
    for (changed, want) in [
        (
            base.replace("pub a : u32", "pub a : u64"),
            "`struct s` differs",
        ),
        (base.replace("= 1", "= 2"), "`const A` differs"),
        (base.replace("pub b", "pub c"), "`struct s` differs"),
        (
            base.replace("pub const A : u32 = 1 ;", ""),
            "`const A` only from the crate",
        ),
        (
            base.replace("const A", "const KLIBC_IOCTL_A"),
            "`const KLIBC_IOCTL_A` only from bindgen-cli",
        ),
    ] {
        let d = differences("m", &changed, base);
        assert!(d.iter().any(|l| l.contains(want)), "{want}: {d:?}");
    }
}
