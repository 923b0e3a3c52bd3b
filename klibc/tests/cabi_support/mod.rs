//! Shared by the C library's tests (cabi_*.rs): builds libc.a once per test
//! binary, runs scripts/klcc against it, and builds Debian's real dash and
//! gzip (from `apt-get source`, which scripts/setup fetches into the cache)
//! statically on it, cached outside the checkout by (source version, arch,
//! hash of the C library's sources). For another arch (`KLIBC_TEST_ARCH`,
//! see target_support) everything is built for it and run under qemu-user.
#![allow(dead_code)]

#[path = "../target_support/mod.rs"]
mod target_support;
pub use target_support::target;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// $EARLYUSER_CACHE, as scripts/lib.sh defines it.
pub fn cache() -> PathBuf {
    match std::env::var_os("EARLYUSER_CACHE") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => match std::env::var_os("XDG_CACHE_HOME") {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache"),
        }
        .join("rust-early-userspace"),
    }
}

/// 6.12's exported UAPI headers for the target (scripts/uapi-headers).
pub fn uapi_include() -> &'static str {
    static DIR: OnceLock<String> = OnceLock::new();
    DIR.get_or_init(|| target().uapi_headers("6.12"))
}

/// Builds klibc-libc with its C library (profile `libc`: release at
/// opt-level 3) for the target; returns the directory of libc.a.
pub fn libc_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let t = target();
        let target_dir = t.target_dir(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("klibc-libc"));
        let status = t
            .cargo()
            .args([
                "build",
                "--profile",
                "libc",
                "--offline",
                "--locked",
                "-p",
                "klibc-libc",
                "--features",
                "c",
            ])
            .arg("--target-dir")
            .arg(&target_dir)
            .env_remove("KLIBC_UAPI_INCLUDE")
            .status()
            .expect("run cargo");
        assert!(
            status.success(),
            "building klibc-libc --features c for {} failed",
            t.arch
        );
        t.bin_dir(&target_dir, "libc")
    })
}

/// scripts/klcc, set up for this test run's libc.a and target.
pub fn klcc() -> Command {
    let mut c = Command::new(repo().join("scripts/klcc"));
    c.env("KLCC_LIBDIR", libc_dir())
        .env("KLCC_ARCH", &target().arch)
        .env("KLIBC_UAPI_INCLUDE", uapi_include());
    c
}

/// The target's own gcc and glibc: the reference C programs are compared
/// with (the host's gcc on its own arch).
pub fn glibc_cc() -> Command {
    let t = target();
    if t.is_host() {
        Command::new("gcc")
    } else {
        Command::new(t.gnu_triple() + "-gcc")
    }
}

/// The original klibc built for the target by scripts/klibc-ref (klibc's
/// own Makefile, the arch's cross gcc); None on the host's arch, where
/// Debian's libklibc-dev and klibc-utils are the reference.
pub fn klibc_ref() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let t = target();
        if t.is_host() {
            return None;
        }
        let out = Command::new(repo().join("scripts/klibc-ref"))
            .arg(&t.arch)
            .output()
            .expect("run scripts/klibc-ref");
        assert!(
            out.status.success(),
            "scripts/klibc-ref {} failed:\n{}",
            t.arch,
            String::from_utf8_lossy(&out.stderr)
        );
        Some(PathBuf::from(
            String::from_utf8(out.stdout).unwrap().trim().to_owned(),
        ))
    })
    .as_deref()
}

/// The original klibc's klcc for the target, linking statically: Debian's
/// (libklibc-dev) on the host's arch, else scripts/klibc-ref's.
pub fn klibc_klcc() -> Command {
    let klcc = match klibc_ref() {
        Some(r) => r.join("bin/klcc"),
        None => PathBuf::from("/usr/bin/klcc"),
    };
    assert!(
        klcc.is_file(),
        "{} is missing: install libklibc-dev (scripts/setup does)",
        klcc.display()
    );
    let mut c = Command::new(klcc);
    c.arg("-static");
    c
}

/// The target's gcc and glibc for a program run under qemu-user as well:
/// [`glibc_cc`], linking statically on another arch (the emulator then
/// needs no sysroot).
pub fn glibc_cc_static() -> Command {
    let mut c = glibc_cc();
    if !target().is_host() {
        c.arg("-static");
    }
    c
}

/// A new, empty directory `<base>/runs/<name>-<n>` for one run of a
/// program: `n` counts the runs of this test binary, so two tests that run
/// the same command line at once never share (or remove) a directory.
pub fn fresh_run_dir(base: &Path, name: &str) -> PathBuf {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = base.join("runs").join(format!("{name}-{n}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A command running the static program `bin` built for the target, with
/// `argv0` as its argv[0] (else `bin`): itself on the host's arch, else
/// under the static emulator with no sysroot (`-L` would also redirect the
/// program's own absolute paths that exist below the sysroot).
pub fn run_static(bin: &Path, argv0: Option<&str>) -> Command {
    use std::os::unix::process::CommandExt;
    match target().emulator() {
        None => {
            let mut c = Command::new(bin);
            if let Some(a) = argv0 {
                c.arg0(a);
            }
            c
        }
        Some(emu) => {
            let mut c = Command::new(emu);
            if let Some(a) = argv0 {
                c.args(["-0", a]);
            }
            c.arg(bin);
            c
        }
    }
}

/// FNV-1a over the C library's sources: the key of cached builds.
pub fn libc_hash() -> String {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let r = repo();
    let mut files = Vec::new();
    for d in ["klibc/src", "klibc/include", "klibc/libc", "klibc/uapi"] {
        walk(&r.join(d), &mut files);
    }
    files.push(r.join("scripts/klcc"));
    files.push(r.join("Cargo.lock"));
    files.push(r.join("Cargo.toml"));
    files.sort();
    let mut h: u64 = 0xcbf29ce484222325;
    for f in files {
        let name = f.strip_prefix(&r).unwrap().to_string_lossy().into_owned();
        for b in name.bytes().chain(std::fs::read(&f).unwrap_or_default()) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

/// The unpacked Debian source of `pkg` (scripts/setup runs `apt-get source`).
pub fn debian_source(pkg: &str) -> PathBuf {
    let dir = cache().join("debsrc");
    let found = std::fs::read_dir(&dir).ok().and_then(|rd| {
        rd.flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_prefix(pkg))
                    .is_some_and(|rest| rest.starts_with('-'))
            })
    });
    found.unwrap_or_else(|| {
        panic!(
            "no Debian source of {pkg} in {}: run scripts/setup (it adds a deb-src entry and runs apt-get source)",
            dir.display()
        )
    })
}

fn sh(dir: &Path, script: &str, env: &[(&str, &str)]) {
    let out = Command::new("bash")
        .arg("-ec")
        .arg(script)
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "in {}: {script} failed:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Builds Debian's `pkg` statically with klcc (`prepare` runs in the source
/// copy first), returning the cached binary at `binary` (relative to the
/// build tree). Built once per (source version, libc hash).
pub fn build_package(pkg: &str, prepare: &str, binary: &str) -> PathBuf {
    let src = debian_source(pkg);
    let version = src.file_name().unwrap().to_string_lossy().into_owned();
    let t = target();
    let key = cache()
        .join("cabi")
        .join(format!("{version}-{}-{}", t.arch, libc_hash()));
    let name = Path::new(binary).file_name().unwrap();
    let out = key.join(name);
    if out.is_file() {
        return out;
    }
    let build =
        cache()
            .join("cabi")
            .join(format!("build-{version}-{}-{}", t.arch, std::process::id()));
    let _ = std::fs::remove_dir_all(&build);
    std::fs::create_dir_all(build.parent().unwrap()).unwrap();
    let status = Command::new("cp")
        .arg("-a")
        .arg(&src)
        .arg(&build)
        .status()
        .unwrap();
    assert!(status.success());
    let klcc = repo().join("scripts/klcc");
    let libdir = libc_dir().to_string_lossy().into_owned();
    let env = [
        ("KLCC_LIBDIR", libdir.as_str()),
        ("KLCC_ARCH", t.arch.as_str()),
        ("KLIBC_UAPI_INCLUDE", uapi_include()),
        ("MAKEINFO", "true"),
    ];
    // Another arch is a cross build: configure must not try to run what
    // it compiles (dash's build-time generators then use the host's cc).
    let host = if t.is_host() {
        String::new()
    } else {
        format!(" --host={}", t.gnu_triple())
    };
    sh(&build, prepare, &env);
    sh(
        &build,
        &format!(
            "./configure CC={}{host} >configure.log 2>&1 || {{ tail -40 configure.log; exit 1; }}\n\
             make -j2 MAKEINFO=true >make.log 2>&1 || {{ tail -40 make.log; exit 1; }}",
            klcc.display()
        ),
        &env,
    );
    std::fs::create_dir_all(&key).unwrap();
    let tmp = key.join(format!(
        ".{}.{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    std::fs::copy(build.join(binary), &tmp).unwrap();
    std::fs::rename(&tmp, &out).unwrap();
    let _ = std::fs::remove_dir_all(&build);
    out
}

/// Debian's dash, built on our libc.
pub fn dash() -> &'static Path {
    static P: OnceLock<PathBuf> = OnceLock::new();
    // Debian's patches change configure.ac; Debian regenerates, so do we.
    P.get_or_init(|| build_package("dash", "autoreconf -fi >/dev/null 2>&1", "src/dash"))
}

/// Debian's gzip, built on our libc.
pub fn gzip() -> &'static Path {
    static P: OnceLock<PathBuf> = OnceLock::new();
    // The patched configure.ac is only newer by unpacking order; keep the
    // shipped generated files (touched in dependency order) as they are.
    P.get_or_init(|| {
        build_package(
            "gzip",
            "t=$(date +%s); touch -d @$((t - 10)) configure.ac; \
             find . \\( -name Makefile.in -o -name configure -o -name '*.m4' -o -name config.hin \\) \
             -exec touch -d @$t {} +",
            "gzip",
        )
    })
}
