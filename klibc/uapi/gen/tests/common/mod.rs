//! What uapi-gen's tests share: the exported headers (scripts/uapi-headers),
//! bindgen-cli, the tool itself, and the Kbuild sequence of commands its
//! main.rs documents, run for real.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

pub fn klibc() -> PathBuf {
    repo().join("klibc")
}

/// Where the tests keep what outlives a run (as scripts/lib.sh's EARLYUSER_CACHE).
pub fn cache() -> PathBuf {
    if let Some(c) = std::env::var_os("EARLYUSER_CACHE").filter(|c| !c.is_empty()) {
        return c.into();
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|c| !c.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache"));
    base.join("rust-early-userspace")
}

/// The exported headers of Debian's linux-source-SERIES for a kernel ARCH
/// (`x86`, `arm64`, `riscv`), cached by scripts/uapi-headers.
pub fn headers(series: &str, arch: &str) -> PathBuf {
    let out = Command::new(repo().join("scripts/uapi-headers"))
        .args([series, arch])
        .output()
        .expect("running scripts/uapi-headers");
    assert!(
        out.status.success(),
        "scripts/uapi-headers {series} {arch}: {}",
        text(&out.stderr)
    );
    PathBuf::from(text(&out.stdout).trim())
}

/// The kernel ARCH whose headers a Rust target_arch reads.
pub fn kernel_arch(arch: &str) -> &'static str {
    match arch {
        "x86_64" => "x86",
        "aarch64" => "arm64",
        "riscv64" => "riscv",
        a => panic!("no kernel ARCH for {a}"),
    }
}

/// The target C compiler for a Rust target_arch (Debian's cross gcc).
pub fn cc(arch: &str) -> &'static str {
    match arch {
        "x86_64" => "gcc",
        "aarch64" => "aarch64-linux-gnu-gcc",
        "riscv64" => "riscv64-linux-gnu-gcc",
        a => panic!("no C compiler for {a}"),
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fresh directory for one test.
pub fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("uapi-gen-test.{}.{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn tool() -> &'static str {
    env!("CARGO_BIN_EXE_uapi-gen")
}

pub fn uapi_gen(args: &[&str]) -> Output {
    Command::new(tool())
        .args(args)
        .output()
        .expect("running uapi-gen")
}

/// bindgen-cli: `$BINDGEN` or `bindgen` (Debian's 0.60.1), and its version
/// line; the test fails with the reason when there is none.
pub fn bindgen() -> (String, String) {
    let bin = std::env::var("BINDGEN").unwrap_or_else(|_| "bindgen".to_owned());
    let out = Command::new(&bin)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("{bin}: {e} (scripts/setup installs Debian's bindgen)"));
    assert!(
        out.status.success(),
        "{bin} --version: {}",
        text(&out.stderr)
    );
    (bin, text(&out.stdout).trim().to_owned())
}

/// Runs a shell command line (as make runs a recipe), for the `$(shell ...)`
/// words uapi-gen prints; `Err` carries what it printed.
pub fn sh(cmd: &str) -> Result<Output, String> {
    let out = Command::new("sh")
        .args(["-c", cmd])
        .output()
        .map_err(|e| format!("sh: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!(
            "`{cmd}` failed ({}):\n{}{}",
            out.status,
            text(&out.stdout),
            text(&out.stderr)
        ))
    }
}

/// A uapi-gen command's output line (`args`, `cflags`), or the failure.
pub fn words(args: &[&str]) -> Result<String, String> {
    let out = uapi_gen(args);
    if out.status.success() {
        Ok(text(&out.stdout).trim().to_owned())
    } else {
        Err(format!(
            "uapi-gen {}: {}",
            args.join(" "),
            text(&out.stderr)
        ))
    }
}

pub fn modules() -> Vec<String> {
    let k = klibc();
    words(&["modules", "--klibc", k.to_str().unwrap()])
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Step 2 of main.rs's Kbuild commands for every module: bindgen-cli over
/// `include` for `arch`, then fixup, into `out/<module>.rs`.
pub fn bindings(include: &Path, arch: &str, out: &Path) -> Result<(), String> {
    let (bindgen, version) = bindgen();
    let k = klibc();
    for m in modules() {
        let raw = out.join(format!("{m}.raw.rs"));
        let args = words(&[
            "args",
            "--klibc",
            k.to_str().unwrap(),
            "--include",
            include.to_str().unwrap(),
            "--arch",
            arch,
            "--bindgen-version",
            &version,
            "-o",
            raw.to_str().unwrap(),
            &m,
        ])?;
        sh(&format!("{bindgen} {args}"))?;
        let fixed = out.join(format!("{m}.rs"));
        let o = uapi_gen(&["fixup", raw.to_str().unwrap(), fixed.to_str().unwrap()]);
        if !o.status.success() {
            return Err(format!("fixup {m}: {}", text(&o.stderr)));
        }
    }
    Ok(())
}

/// Step 3, the layout check's files for every module, from the bindings in
/// `out`: `$(CC) -E -dD`, layout-c, `$(CC) -S`, layout-rs.
pub fn layout(include: &Path, cc: &str, out: &Path) -> Result<(), String> {
    layout_with(include, cc, out, "-dD")
}

/// The same with other flags for `$(CC) -E` (`""`: without `-dD`).
pub fn layout_with(include: &Path, cc: &str, out: &Path, cpp: &str) -> Result<(), String> {
    let k = klibc();
    let ks = k.to_str().unwrap();
    let cflags = words(&[
        "cflags",
        "--klibc",
        ks,
        "--include",
        include.to_str().unwrap(),
    ])?;
    for m in modules() {
        let f = |suffix: &str| out.join(format!("{m}{suffix}")).display().to_string();
        sh(&format!(
            "{cc} {cflags} -E {cpp} {ks}/uapi/{m}.h -o {}",
            f(".i")
        ))?;
        for (step, args) in [
            (
                "layout-c",
                vec![
                    "--klibc",
                    ks,
                    "--bindings",
                    &f(".rs"),
                    "--preprocessed",
                    &f(".i"),
                ],
            ),
            (
                "layout-rs",
                vec!["--bindings", &f(".rs"), "--preprocessed", &f(".i")],
            ),
        ] {
            let mut argv = vec![step.to_owned()];
            argv.extend(args.iter().map(|s| s.to_string()));
            if step == "layout-rs" {
                sh(&format!(
                    "{cc} {cflags} -S {} -o {}",
                    f("-layout.c"),
                    f("-layout.s")
                ))?;
                argv.extend(["--asm".to_owned(), f("-layout.s")]);
                argv.extend(["-o".to_owned(), f("_layout.rs")]);
            } else {
                argv.extend(["-o".to_owned(), f("-layout.c")]);
            }
            argv.push(m.clone());
            let o = Command::new(tool()).args(&argv).output().unwrap();
            if !o.status.success() {
                return Err(format!("uapi-gen {step} {m}: {}", text(&o.stderr)));
            }
        }
    }
    Ok(())
}

/// The Rust target for a target_arch.
pub fn rust_target(arch: &str) -> &'static str {
    match arch {
        "x86_64" => "x86_64-unknown-linux-gnu",
        "aarch64" => "aarch64-unknown-linux-gnu",
        "riscv64" => "riscv64gc-unknown-linux-gnu",
        a => panic!("no Rust target for {a}"),
    }
}

/// The rustc that compiles klibc's uapi module for each target:
/// `$KLIBC_TEST_RUSTC`, else Debian's /usr/bin/rustc, whose library source
/// (rust-web-src) gives other targets' core. rustup's has none.
pub fn target_rustc() -> PathBuf {
    let rustc = std::env::var_os("KLIBC_TEST_RUSTC")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/rustc"));
    assert!(
        rustc.is_file(),
        "{}: no such rustc (scripts/setup installs Debian's rustc-web and rust-web-src)",
        rustc.display()
    );
    rustc
}

fn rustc_output(rustc: &Path, args: &[&str]) -> String {
    let out = Command::new(rustc).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        rustc.display(),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// For a target other than the rustc's host: a directory with `core` and a
/// `compiler_builtins` stand-in as metadata (`--emit=metadata`, all a check
/// build needs), built once from the rustc's library source into the cache.
pub fn sysroot_meta(rustc: &Path, target: &str) -> Option<PathBuf> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let version = rustc_output(rustc, &["-vV"]);
    let field = |name: &str| {
        version
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or("unknown")
            .trim()
            .to_owned()
    };
    if field("host:") == target {
        return None;
    }
    let key: String = format!("{}-{}", field("release:"), field("commit-hash:"))
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .collect();
    let dir = cache().join("rust-core-meta").join(key).join(target);
    let _held = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    if dir.join("libcompiler_builtins.rmeta").is_file() {
        return Some(dir);
    }
    let sysroot = rustc_output(rustc, &["--print", "sysroot"]);
    let core = Path::new(sysroot.trim()).join("lib/rustlib/src/rust/library/core/src/lib.rs");
    assert!(
        core.is_file(),
        "{}: no library source for {} (Debian's rust-web-src)",
        core.display(),
        rustc.display()
    );
    let tmp = dir.with_extension(format!("tmp{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let builtins = tmp.join("compiler_builtins.rs");
    std::fs::write(
        &builtins,
        "#![allow(internal_features)]\n#![feature(compiler_builtins)]\n\
         #![compiler_builtins]\n#![no_builtins]\n#![no_std]\n",
    )
    .unwrap();
    for (name, src, edition) in [
        ("core", core.as_path(), "2024"),
        ("compiler_builtins", &builtins, "2021"),
    ] {
        let out = Command::new(rustc)
            .env("RUSTC_BOOTSTRAP", "1")
            .args([
                "--edition",
                edition,
                "--crate-type",
                "rlib",
                "--crate-name",
                name,
            ])
            .args(["--target", target, "--emit=metadata", "-L"])
            .arg(&tmp)
            .arg("-o")
            .arg(tmp.join(format!("lib{name}.rmeta")))
            .arg(src)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "building {name} for {target}: {}",
            text(&out.stderr)
        );
    }
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&tmp, &dir).unwrap();
    Some(dir)
}

/// Compiles klibc's real src/uapi.rs (in a crate of its own) over the
/// bindings and layout assertions in `out` for `arch`, as klibc's compile
/// in a kernel build does (`OUT_DIR`, both cfgs), warnings as errors.
pub fn check_uapi(out: &Path, arch: &str) -> Output {
    let rustc = target_rustc();
    let target = rust_target(arch);
    let meta = sysroot_meta(&rustc, target);
    let root = out.join("uapi_root.rs");
    std::fs::write(
        &root,
        format!(
            "#![no_std]\n#[path = \"{}\"]\npub mod uapi;\n",
            klibc().join("src/uapi.rs").display()
        ),
    )
    .unwrap();
    let mut cmd = Command::new(&rustc);
    cmd.env("OUT_DIR", out)
        .env_remove("RUSTC_BOOTSTRAP")
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--crate-name",
            "uapi_check",
        ])
        .args(["--emit=metadata", "-D", "warnings", "--target", target])
        .args([
            "--cfg",
            "klibc_uapi_bindgen",
            "--cfg",
            "klibc_layout_check",
            "-o",
        ])
        .arg(out.join("uapi_check.rmeta"));
    if let Some(m) = meta {
        cmd.arg("-L").arg(m);
    }
    cmd.arg(&root).output().unwrap()
}
