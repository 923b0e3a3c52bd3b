//! The build-time layout check as Kbuild runs it (main.rs's commands, for
//! real: bindgen-cli, the target's gcc with -E and -S, uapi-gen), compiled
//! into klibc's own src/uapi.rs by rustc for the target: it passes on the
//! real headers of x86_64, aarch64 and riscv64 (6.1 and 6.12), and fails,
//! naming the item, on bindings made for another arch and on a tampered
//! generated item. Also: the tool builds with a bare rustc, and its errors
//! name their input.

mod common;

use common::text;
use std::path::Path;

/// Bindings and layout assertions for `arch`'s headers, checked by rustc.
fn passes(series: &str, arch: &str) {
    let include = common::headers(series, common::kernel_arch(arch));
    let dir = common::tempdir(&format!("layout-{series}-{arch}"));
    common::bindings(&include, arch, &dir).unwrap();
    common::layout(&include, common::cc(arch), &dir).unwrap();
    let out = common::check_uapi(&dir, arch);
    assert!(
        out.status.success(),
        "{series} {arch}: klibc's uapi with the layout check failed:\n{}",
        text(&out.stderr)
    );
    // It asserted something: every module, thousands of facts.
    let mut asserts = 0;
    for m in common::modules() {
        let rs = std::fs::read_to_string(dir.join(format!("{m}_layout.rs"))).unwrap();
        asserts += rs.matches("const _: () = assert!(").count();
    }
    assert!(asserts > 2500, "{series} {arch}: only {asserts} assertions");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn passes_6_12_x86_64() {
    passes("6.12", "x86_64");
}

#[test]
fn passes_6_12_aarch64() {
    passes("6.12", "aarch64");
}

#[test]
fn passes_6_12_riscv64() {
    passes("6.12", "riscv64");
}

#[test]
fn passes_6_1_x86_64() {
    passes("6.1", "x86_64");
}

#[test]
fn passes_6_1_aarch64() {
    passes("6.1", "aarch64");
}

#[test]
fn passes_6_1_riscv64() {
    passes("6.1", "riscv64");
}

/// Without `-dD` (macros unknown), the check still passes on real headers:
/// constants are asked for `#ifdef` them.
#[test]
fn passes_without_macros_6_12_x86_64() {
    let include = common::headers("6.12", "x86");
    let dir = common::tempdir("no-dD");
    common::bindings(&include, "x86_64", &dir).unwrap();
    common::layout_with(&include, "gcc", &dir, "").unwrap();
    let c = std::fs::read_to_string(dir.join("general-layout.c")).unwrap();
    assert!(
        c.contains("#ifdef __NR_openat\n"),
        "no #ifdef in the C file"
    );
    let out = common::check_uapi(&dir, "x86_64");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// klibc's compile over bindings the layout check refuses: it fails, and
/// says each `want`.
fn fails_naming(dir: &Path, want: &[&str]) {
    let out = common::check_uapi(dir, "x86_64");
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "klibc's compile passed");
    for w in want {
        assert!(
            stderr.contains(&format!("evaluation panicked: uapi layout check: {w}")),
            "missing `{w}` in:\n{stderr}"
        );
    }
}

/// Bindings generated for arm64 (from arm64's headers) in an x86_64 build
/// (gcc, x86's headers): what x86 lacks and what differs, each named.
#[test]
fn fails_on_bindings_for_another_arch() {
    let arm64 = common::headers("6.12", "arm64");
    let x86 = common::headers("6.12", "x86");
    let dir = common::tempdir("wrong-arch");
    common::bindings(&arm64, "aarch64", &dir).unwrap();
    common::layout(&x86, "gcc", &dir).unwrap();
    fails_naming(
        &dir,
        &[
            "klibc::uapi::general: struct stat: field __pad1: in the Rust bindings, not in C",
            "klibc::uapi::general: sigset_t: field sig: in the Rust bindings, not in C",
            // x86 defines it as _NSIG, which it does not export.
            "klibc::uapi::general: constant SIGRTMAX: in the Rust bindings, not in C",
            "klibc::uapi::general: syscall __NR_openat: value 257 in C, not in the Rust bindings",
            "klibc::uapi::general: struct stat: size 144 in C, not in the Rust bindings",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The build's own x86 headers with bindgen told another arch (`--arch
/// aarch64`, as a wrong arch mapping in Kbuild would): x86's headers then
/// say 32-bit longs and 64-bit fcntl locks.
#[test]
fn fails_on_bindgen_for_another_arch() {
    let x86 = common::headers("6.12", "x86");
    let dir = common::tempdir("wrong-target");
    common::bindings(&x86, "aarch64", &dir).unwrap();
    common::layout(&x86, "gcc", &dir).unwrap();
    fails_naming(
        &dir,
        &[
            "klibc::uapi::general: constant F_GETLK64: in the Rust bindings, not in C",
            "klibc::uapi::general: __kernel_size_t: size 8 in C, not in the Rust bindings",
            "klibc::uapi::general: struct iovec: field iov_len has size 8 in C, not in the Rust bindings",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Replaces the one occurrence of `old` in `file`.
fn edit(file: &Path, old: &str, new: &str) {
    let s = std::fs::read_to_string(file).unwrap();
    assert_eq!(s.matches(old).count(), 1, "{}: `{old}`", file.display());
    std::fs::write(file, s.replace(old, new)).unwrap();
}

/// Generated items changed after bindgen (a field's type, a syscall number,
/// an enum's representation): klibc's compile fails, naming each.
#[test]
fn fails_on_a_tampered_item() {
    let include = common::headers("6.12", "x86");
    let dir = common::tempdir("tampered");
    common::bindings(&include, "x86_64", &dir).unwrap();
    let general = dir.join("general.rs");
    edit(
        &general,
        "pub st_size : __kernel_long_t",
        "pub st_size : __u32",
    );
    edit(
        &general,
        "pub const __NR_openat : u32 = 257 ;",
        "pub const __NR_openat : u32 = 999 ;",
    );
    edit(&dir.join("netlink.rs"), "# [repr (u32)] # [non_exhaustive] # [derive (Debug , Copy , Clone , Hash , PartialEq , Eq)] pub enum rt_scope_t", "# [repr (u8)] # [non_exhaustive] # [derive (Debug , Copy , Clone , Hash , PartialEq , Eq)] pub enum rt_scope_t");
    common::layout(&include, "gcc", &dir).unwrap();
    let out = common::check_uapi(&dir, "x86_64");
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "tampered bindings passed");
    for want in [
        "uapi layout check: klibc::uapi::general: struct stat: field st_size has size 8 in C, not in the Rust bindings",
        "uapi layout check: klibc::uapi::general: syscall __NR_openat: value 257 in C, not in the Rust bindings",
        "uapi layout check: klibc::uapi::netlink: enum rt_scope_t: size 4 in C, not in the Rust bindings",
        "uapi layout check: klibc::uapi::netlink: enum rt_scope_t: alignment 4 in C, not in the Rust bindings",
    ] {
        assert!(stderr.contains(want), "missing `{want}` in:\n{stderr}");
    }
    // Nothing else failed.
    assert_eq!(stderr.matches("evaluation panicked").count(), 4, "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Kbuild builds the tool with a bare `$(HOSTRUSTC)`: std only, and no
/// warnings under the lints of the kernel's KBUILD_HOSTRUSTFLAGS (6.12).
#[test]
fn builds_with_a_bare_rustc() {
    let dir = common::tempdir("bare");
    let exe = dir.join("uapi-gen");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let main = Path::new(env!("CARGO_MANIFEST_DIR")).join("main.rs");
    let out = std::process::Command::new(&rustc)
        .args([
            "--edition=2021",
            "-O",
            "-Dnon_ascii_idents",
            "-Dunsafe_op_in_unsafe_fn",
        ])
        .args(["-Wmissing_docs", "-Wrust_2018_idioms", "-Wunreachable_pub"])
        .args(["-Cstrip=debuginfo", "-D", "warnings", "-o"])
        .arg(&exe)
        .arg(&main)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{rustc} {}: {}",
        main.display(),
        text(&out.stderr)
    );
    let k = common::klibc();
    let out = std::process::Command::new(&exe)
        .args(["modules", "--klibc", k.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), common::modules().join("\n") + "\n");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Bad input: exit 1 and a message naming the file (and line); bad usage: 2.
#[test]
fn errors_name_their_input() {
    let dir = common::tempdir("errors");
    let bad = dir.join("bad.rs");
    std::fs::write(
        &bad,
        "pub const A : u32 = 1 ;\npub struct s { pub a : u32 ;\n",
    )
    .unwrap();
    let out_file = dir.join("out.rs");
    let o = common::uapi_gen(&["fixup", bad.to_str().unwrap(), out_file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        format!("uapi-gen: {}:2: unclosed `{{`\n", bad.display())
    );
    assert!(!out_file.exists(), "a failed fixup left its output");
    let none = dir.join("none.rs");
    let o = common::uapi_gen(&["fixup", none.to_str().unwrap(), out_file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains(&format!("{}: No such file", none.display())));

    // A spec line the command line cannot carry names the parameters file and line.
    let k = dir.join("klibc");
    std::fs::create_dir_all(k.join("uapi")).unwrap();
    std::fs::write(
        k.join("uapi/bindgen_parameters"),
        "--use-core\n[general]\n--allowlist-var it's\n",
    )
    .unwrap();
    let o = common::uapi_gen(&[
        "args",
        "--klibc",
        k.to_str().unwrap(),
        "--include",
        "/x",
        "--arch",
        "x86_64",
        "--bindgen-version",
        "bindgen 0.60.1",
        "general",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("bindgen_parameters:3: `(it's)`"),
        "{}",
        text(&o.stderr)
    );
    std::fs::write(
        k.join("uapi/bindgen_parameters"),
        "--use-core\n[general]\n--bogus\n",
    )
    .unwrap();
    let o = common::uapi_gen(&["modules", "--klibc", k.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("bindgen_parameters:3: unsupported bindgen parameter `--bogus`"),
        "{}",
        text(&o.stderr)
    );

    // Old bindgen: bad input; unknown option, missing option: usage.
    std::fs::write(k.join("uapi/bindgen_parameters"), "[general]\n").unwrap();
    let o = common::uapi_gen(&[
        "args",
        "--klibc",
        k.to_str().unwrap(),
        "--include",
        "/x",
        "--arch",
        "x86_64",
        "--bindgen-version",
        "bindgen 0.59.2",
        "general",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains(
            "bindgen 0.59.2 is too old: klibc's bindings need bindgen-cli 0.60.1 or newer"
        ),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        common::uapi_gen(&["modules", "--bogus"]).status.code(),
        Some(2)
    );
    assert_eq!(
        common::uapi_gen(&["layout-c", "general"]).status.code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// klibc/src/uapi.rs includes one file a module: the modules the spec
/// (bindgen_parameters) has, no more, no fewer, or Kbuild's list and
/// klibc's would part. Two lists: linux-raw-sys's modules
/// (`uapi_modules!`), then those it lacks (`uapi_modules_fallback!`).
#[test]
fn uapi_rs_names_the_specs_modules() {
    let src = std::fs::read_to_string(common::klibc().join("src/uapi.rs")).unwrap();
    let list = |name: &str| {
        src.split(&format!("\n{name}!("))
            .nth(1)
            .and_then(|s| s.split(')').next())
            .unwrap_or_else(|| panic!("klibc/src/uapi.rs: no {name}!(...) list"))
    };
    let in_rs: Vec<&str> = [list("uapi_modules"), list("uapi_modules_fallback")]
        .iter()
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(
        in_rs,
        common::modules(),
        "klibc/src/uapi.rs vs bindgen_parameters"
    );
}

/// Kbuild may name the source tree relatively (`O=` builds: `../usr/klibc`)
/// while the C file sits in the object tree: its #include is absolute.
#[test]
fn layout_c_includes_the_header_absolutely() {
    let dir = common::tempdir("relative");
    let bindings = dir.join("system.rs");
    std::fs::write(&bindings, "pub const __NEW_UTS_LEN : u32 = 64 ;\n").unwrap();
    let pre = dir.join("system.i");
    std::fs::write(&pre, "").unwrap();
    let c = dir.join("system-layout.c");
    let out = std::process::Command::new(common::tool())
        .current_dir(common::repo())
        .args(["layout-c", "--klibc", "klibc", "--bindings"])
        .arg(&bindings)
        .arg("--preprocessed")
        .arg(&pre)
        .arg("-o")
        .arg(&c)
        .arg("system")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let src = std::fs::read_to_string(&c).unwrap();
    let include = src.lines().find(|l| l.starts_with("#include")).unwrap();
    let path = include
        .trim_start_matches("#include \"")
        .trim_end_matches('"');
    assert!(
        Path::new(path).is_absolute() && Path::new(path).is_file(),
        "{include}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
