//! The architecture the tests' subject programs are built for and run on:
//! the host's by default, or `KLIBC_TEST_ARCH` (`aarch64`, `riscv64`, ...;
//! `scripts/cargo-arch --list`), then built by scripts/cargo-arch (Debian's
//! rustc-web with build-std, the cross gcc) and run under qemu-user. The
//! test harness itself always runs on the host; only the programs it builds
//! and runs change. Shared by klibc's and kinit's tests (`#[path]`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub struct Target {
    /// Rust's `target_arch` name, as scripts/cargo-arch takes it.
    pub arch: String,
    /// The Rust target triple; None on the host's own arch (plain cargo).
    pub triple: Option<String>,
    /// The emulator and its arguments; empty on the host's own arch.
    pub runner: Vec<String>,
    /// The kernel's ARCH=, for scripts/uapi-headers.
    pub kernel_arch: String,
}

fn workspace() -> PathBuf {
    // Both klibc and kinit sit one level below the workspace.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn cargo_arch(args: &[&str]) -> String {
    let out = Command::new(workspace().join("scripts/cargo-arch"))
        .args(args)
        .output()
        .expect("run scripts/cargo-arch");
    assert!(
        out.status.success(),
        "scripts/cargo-arch {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// The target of this test run.
pub fn target() -> &'static Target {
    static T: OnceLock<Target> = OnceLock::new();
    T.get_or_init(|| {
        let host = std::env::consts::ARCH;
        let arch = std::env::var("KLIBC_TEST_ARCH")
            .ok()
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| host.to_owned());
        let kernel_arch = cargo_arch(&["--print", "kernel-arch", &arch]);
        if arch == host {
            return Target {
                arch,
                triple: None,
                runner: Vec::new(),
                kernel_arch,
            };
        }
        let triple = cargo_arch(&["--print", "target", &arch]);
        let runner = cargo_arch(&["--print", "runner", &arch])
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        Target {
            arch,
            triple: Some(triple),
            runner,
            kernel_arch,
        }
    })
}

impl Target {
    pub fn is_host(&self) -> bool {
        self.triple.is_none()
    }

    /// `cargo`, or `scripts/cargo-arch ARCH` for another arch, in the
    /// workspace; add the subcommand and its arguments.
    pub fn cargo(&self) -> Command {
        let mut c = if self.is_host() {
            Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        } else {
            let mut c = Command::new(workspace().join("scripts/cargo-arch"));
            c.arg(&self.arch);
            c
        };
        c.current_dir(workspace());
        c
    }

    /// A target directory for builds of this arch: `host_dir` on the host,
    /// else one per arch shared by every test binary (the standard library
    /// is then built once).
    pub fn target_dir(&self, host_dir: &Path) -> PathBuf {
        match &self.triple {
            None => host_dir.to_owned(),
            Some(_) => Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("arch-{}", self.arch)),
        }
    }

    /// Where cargo puts `profile`'s binaries in `target_dir`.
    pub fn bin_dir(&self, target_dir: &Path, profile: &str) -> PathBuf {
        match &self.triple {
            None => target_dir.join(profile),
            Some(t) => target_dir.join(t).join(profile),
        }
    }

    /// A command running `program` (built for this arch).
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        match self.runner.split_first() {
            None => Command::new(program),
            Some((emu, args)) => {
                let mut c = Command::new(emu);
                c.args(args).arg(program);
                c
            }
        }
    }

    /// The static emulator (`qemu-<arch>-static`, no arguments needed for a
    /// static program), for a chroot to hold a copy of; None on the host's
    /// arch.
    pub fn emulator(&self) -> Option<PathBuf> {
        let emu = self.runner.first()?;
        let path = std::env::var("PATH").unwrap_or_default();
        let found = path
            .split(':')
            .map(|d| Path::new(d).join(emu))
            .find(|p| p.is_file());
        Some(found.unwrap_or_else(|| panic!("{emu} not found: install qemu-user-static")))
    }

    /// [`Target::command`] with `argv0` as the program's argv[0].
    pub fn command_arg0(&self, program: impl AsRef<std::ffi::OsStr>, argv0: &str) -> Command {
        match self.runner.split_first() {
            None => {
                use std::os::unix::process::CommandExt;
                let mut c = Command::new(program);
                c.arg0(argv0);
                c
            }
            Some((emu, args)) => {
                let mut c = Command::new(emu);
                c.args(args).args(["-0", argv0]).arg(program);
                c
            }
        }
    }

    /// A path that runs `program` (built for this arch) when executed: the
    /// program itself on the host's arch, else a shell script `dir/name`
    /// that runs it under qemu-user with the name it was called by as its
    /// argv[0] (so a symlink named after an applet still picks it). A fresh
    /// machine has no binfmt_misc entry for other arches and qemu-user hands
    /// execve to the host kernel: programs of this arch exec this path, and
    /// tests that only know how to exec a file use it unchanged.
    pub fn exec_path(&self, program: &Path, dir: &Path, name: &str) -> PathBuf {
        if self.is_host() {
            return program.to_owned();
        }
        let script = dir.join(name);
        let quote = |w: &str| format!("'{}'", w.replace('\'', "'\\''"));
        let runner: Vec<String> = self.runner.iter().map(|w| quote(w)).collect();
        std::fs::create_dir_all(dir).unwrap();
        let tmp = dir.join(format!(".{name}.{}", std::process::id()));
        std::fs::write(
            &tmp,
            format!(
                "#!/bin/sh\nexec {} -0 \"$0\" {} \"$@\"\n",
                runner.join(" "),
                quote(&program.display().to_string())
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::rename(&tmp, &script).unwrap();
        script
    }

    /// scripts/uapi-headers SERIES for this arch: the exported headers'
    /// include directory.
    pub fn uapi_headers(&self, series: &str) -> String {
        let out = Command::new(workspace().join("scripts/uapi-headers"))
            .args([series, &self.kernel_arch])
            .output()
            .expect("run scripts/uapi-headers");
        assert!(
            out.status.success(),
            "scripts/uapi-headers {series} {} failed (run scripts/setup first):\n{}",
            self.kernel_arch,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }

    /// The GNU triple of the arch's cross tools (`aarch64-linux-gnu`), as
    /// configure's `--host` takes it.
    pub fn gnu_triple(&self) -> String {
        let cc = cargo_arch(&["--print", "cc", &self.arch]);
        cc.strip_suffix("-gcc").unwrap_or(&cc).to_owned()
    }

    /// The ELF `e_machine` of this arch's programs.
    pub fn elf_machine(&self) -> u16 {
        match self.arch.as_str() {
            "x86_64" => 62,
            "aarch64" => 183,
            "riscv64" => 243,
            "arm" => 40,
            "x86" => 3,
            "powerpc64" => 21,
            "s390x" => 22,
            other => panic!("no ELF machine known for {other}"),
        }
    }
}
