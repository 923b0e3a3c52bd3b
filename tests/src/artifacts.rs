//! Everything a boot needs, built once per run: the kernels (through
//! scripts/boot-kernel for x86_64 and scripts/boot-kernel-arch for the other
//! architectures, cached in $EARLYUSER_CACHE/kernels: each with this tree at
//! usr/, so each also carries the make-built kinit), Debian's prebuilt
//! kernel (scripts/debian-kernel), and from this workspace gen_init_cpio,
//! boot-marker and kinit — one kinit per arch and kernel release it is built
//! for (KINIT_KERNEL_RELEASE); another arch's through scripts/cargo-arch.
//! The cargo builds go to `target/boot-tests/cargo`
//! (its own target dir, so they never wait on the outer cargo's lock); each
//! build and the copy of its binary into this run's directory happen under a
//! lock (flock), so runs side by side in one checkout never mix binaries.
//! Each run works in `target/boot-tests/run-<pid>/`; the directories of
//! runs that are gone are removed at start.

use crate::arch::Arch;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Kernel {
    pub image: PathBuf,
    pub release: String,
    /// The kinit its own `make` built and linked into its initramfs
    /// (scripts/boot-kernel and boot-kernel-arch leave it beside the
    /// image), if it has one.
    pub make_kinit: Option<PathBuf>,
    /// Debian's prebuilt kernel: its unpacked package, for the modules.
    pub package_root: Option<PathBuf>,
    /// Our kernels' installed modules, `lib/modules/<release>` (when the
    /// kernel is modular: `modules/` beside the bzImage, scripts/boot-kernel).
    pub modules: Option<PathBuf>,
}

impl Kernel {
    /// A kernel scripts/boot-kernel or boot-kernel-arch built (or one laid
    /// out alike): kernel.release beside the image, and if there, the
    /// make-built kinit and the installed modules (`modules/`, modular).
    fn built(image: PathBuf) -> Result<Kernel, String> {
        let release = read_trimmed(&image.with_file_name("kernel.release"))?;
        let make_kinit = Some(image.with_file_name("kinit")).filter(|k| k.is_file());
        let modules = image.with_file_name("modules/lib/modules").join(&release);
        Ok(Kernel {
            modules: modules.join("modules.dep").is_file().then_some(modules),
            image,
            release,
            make_kinit,
            package_root: None,
        })
    }
}

pub struct Artifacts {
    pub root: PathBuf,
    pub work: PathBuf,
    target: PathBuf,
    /// By (arch, release, network boot).
    kinits: HashMap<(&'static str, String, bool), PathBuf>,
    kernels: HashMap<String, Result<std::sync::Arc<Kernel>, String>>,
    gen_init_cpio: Option<PathBuf>,
    /// By arch.
    markers: HashMap<&'static str, PathBuf>,
}

/// Which of scripts/boot-kernel-arch's kernels (its KIND).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KernelKind {
    /// Only what the smoke set needs.
    Smoke,
    /// boot.config: the whole matrix.
    Full,
    /// The disk driver and ext4 as modules, installed beside it.
    Modular,
}

impl KernelKind {
    /// scripts/boot-kernel-arch's name for it.
    pub fn name(self) -> &'static str {
        match self {
            KernelKind::Smoke => "smoke",
            KernelKind::Full => "full",
            KernelKind::Modular => "modular",
        }
    }
}

impl Artifacts {
    pub fn new(root: &Path) -> Artifacts {
        let base = root.join("target/boot-tests");
        remove_stale_runs(&base);
        Artifacts {
            root: root.to_path_buf(),
            work: base.join(format!("run-{}", std::process::id())),
            target: base.join("cargo"),
            kinits: HashMap::new(),
            kernels: HashMap::new(),
            gen_init_cpio: None,
            markers: HashMap::new(),
        }
    }

    /// `cargo build --release` of `bin` in `package` for `arch` (another
    /// arch's through scripts/cargo-arch), then the binary copied to this
    /// run's bin/ as `name`, both under the target dir's lock.
    fn cargo(
        &self,
        arch: &Arch,
        package: &str,
        bin: &str,
        env: &[(&str, &str)],
        extra_args: &[&str],
        name: &str,
    ) -> Result<PathBuf, String> {
        let (cargo, built) = if arch.is_native() {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            (vec![cargo], self.target.join("release").join(bin))
        } else {
            let cargo_arch = self.root.join("scripts/cargo-arch");
            let triple = self.script("cargo-arch", &["--print", "target", arch.name])?;
            let built = self.target.join(triple).join("release").join(bin);
            (
                vec![cargo_arch.display().to_string(), arch.name.to_string()],
                built,
            )
        };
        let dir = self.work.join("bin");
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::create_dir_all(&self.target).map_err(|e| e.to_string())?;
        let out = dir.join(name);
        let mut cmd = Command::new("flock");
        cmd.current_dir(&self.root)
            .arg(self.target.join(".boot-tests.lock"))
            .args([
                "sh",
                "-c",
                r#"src=$1 dst=$2; shift 2; "$@" && cp "$src" "$dst""#,
                "sh",
            ])
            .arg(built)
            .arg(&out)
            .args(&cargo)
            .arg("build")
            .args([
                "--release",
                "--locked",
                "--offline",
                "-q",
                "-p",
                package,
                "--bin",
                bin,
            ])
            .args(extra_args)
            .env("CARGO_TARGET_DIR", &self.target);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let status = cmd.status().map_err(|e| format!("running cargo: {e}"))?;
        if status.success() {
            Ok(out)
        } else {
            let how = if arch.is_native() {
                "cargo".to_string()
            } else {
                format!("scripts/cargo-arch {}", arch.name)
            };
            Err(format!(
                "{how} build -p {package} --bin {bin} failed ({status})"
            ))
        }
    }

    /// Our gen_init_cpio (host tool).
    pub fn gen_init_cpio(&mut self) -> Result<PathBuf, String> {
        if let Some(p) = &self.gen_init_cpio {
            return Ok(p.clone());
        }
        let host = crate::arch::find("x86_64")?;
        let p = self.cargo(
            host,
            "gen_init_cpio",
            "gen_init_cpio",
            &[],
            &[],
            "gen_init_cpio",
        )?;
        self.gen_init_cpio = Some(p.clone());
        Ok(p)
    }

    /// The stand-in init of the root images, for `arch`.
    pub fn boot_marker(&mut self, arch: &'static Arch) -> Result<PathBuf, String> {
        if let Some(p) = self.markers.get(arch.name) {
            return Ok(p.clone());
        }
        let name = suffixed("boot-marker", arch);
        let p = self.cargo(arch, "klibc-programs", "boot-marker", &[], &[], &name)?;
        self.markers.insert(arch.name, p.clone());
        Ok(p)
    }

    /// kinit for `arch` built for kernel `release` (what its lockstep check
    /// compares `uname -r` with), with network boot or without (`net`: the
    /// `net` feature, CONFIG_INITRAMFS_KINIT_NET), copied out of the target
    /// dir.
    pub fn kinit(
        &mut self,
        arch: &'static Arch,
        release: &str,
        net: bool,
    ) -> Result<PathBuf, String> {
        let key = (arch.name, release.to_string(), net);
        if let Some(p) = self.kinits.get(&key) {
            return Ok(p.clone());
        }
        let (args, name): (&[&str], _) = if net {
            (&[], format!("kinit-{release}"))
        } else {
            (
                &["--no-default-features", "--features", "roots"],
                format!("kinit-{release}-local"),
            )
        };
        let name = suffixed(&name, arch);
        let p = self.cargo(
            arch,
            "kinit",
            "kinit",
            &[("KINIT_KERNEL_RELEASE", release)],
            args,
            &name,
        )?;
        self.kinits.insert(key, p.clone());
        Ok(p)
    }

    /// kinit for kernel `release` built with the test-only
    /// `--cfg fault_injection` (the fault scenarios: a failing allocation,
    /// a pause before mounting root; kinit/src/faults.rs). RUSTFLAGS give
    /// its artifacts other file names, so it and the ordinary build do not
    /// rebuild each other.
    pub fn kinit_faults(&mut self, arch: &'static Arch, release: &str) -> Result<PathBuf, String> {
        let key = (arch.name, format!("{release} fault_injection"), true);
        if let Some(p) = self.kinits.get(&key) {
            return Ok(p.clone());
        }
        let p = self.cargo(
            arch,
            "kinit",
            "kinit",
            &[
                ("KINIT_KERNEL_RELEASE", release),
                ("RUSTFLAGS", "--cfg fault_injection"),
            ],
            &[],
            &suffixed(&format!("kinit-{release}-faults"), arch),
        )?;
        self.kinits.insert(key, p.clone());
        Ok(p)
    }

    /// A kernel: "6.12" or "6.1" built from Debian's linux-source with our
    /// fragment, or "debian" for Debian's prebuilt linux-image.
    pub fn kernel(&mut self, name: &str) -> Result<std::sync::Arc<Kernel>, String> {
        if let Some(k) = self.kernels.get(name) {
            return k.clone();
        }
        let k = self.build_kernel(name).map(std::sync::Arc::new);
        self.kernels.insert(name.to_string(), k.clone());
        k
    }

    /// Another arch's kernel for version `series` ("6.12", "6.1"), built by
    /// scripts/boot-kernel-arch; a modular one carries its modules'
    /// directory as `package_root`.
    pub fn arch_kernel(
        &mut self,
        arch: &Arch,
        series: &str,
        kind: KernelKind,
    ) -> Result<std::sync::Arc<Kernel>, String> {
        let key = format!("{} {series} {}", arch.name, kind.name());
        if let Some(k) = self.kernels.get(&key) {
            return k.clone();
        }
        let k = self
            .script("boot-kernel-arch", &[arch.name, series, kind.name()])
            .and_then(|image| {
                let mut k = Kernel::built(PathBuf::from(image))?;
                k.package_root =
                    (kind == KernelKind::Modular).then(|| k.image.with_file_name("modules"));
                Ok(k)
            })
            .map(std::sync::Arc::new);
        self.kernels.insert(key, k.clone());
        k
    }

    fn build_kernel(&self, name: &str) -> Result<Kernel, String> {
        if name == "debian" {
            let dir = PathBuf::from(self.script("debian-kernel", &[])?);
            let release = read_trimmed(&dir.join("release"))?;
            return Ok(Kernel {
                image: dir.join(format!("boot/vmlinuz-{release}")),
                release,
                make_kinit: None,
                package_root: Some(dir),
                modules: None,
            });
        }
        // A kernel built elsewhere (e.g. a kernel tree with this one at usr/):
        // BOOT_TESTS_BZIMAGE_6_12=<bzImage>, its kernel.release beside it.
        let var = format!("BOOT_TESTS_BZIMAGE_{}", name.replace('.', "_"));
        let image = match std::env::var_os(&var) {
            Some(p) => PathBuf::from(p),
            None => PathBuf::from(self.script("boot-kernel", &[name])?),
        };
        Kernel::built(image)
    }

    /// Runs scripts/NAME and returns its last stdout line; its stderr passes
    /// through (build progress).
    fn script(&self, name: &str, args: &[&str]) -> Result<String, String> {
        let out = Command::new(self.root.join("scripts").join(name))
            .args(args)
            .output()
            .map_err(|e| format!("running scripts/{name}: {e}"))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            return Err(format!(
                "scripts/{name} {} failed: {}",
                args.join(" "),
                stderr.trim()
            ));
        }
        for line in stderr.lines() {
            crate::ktap::diag(line);
        }
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .map(|l| l.trim().to_string())
            .ok_or_else(|| format!("scripts/{name} printed nothing"))
    }
}

/// A program's name in this run's bin/: another arch's gets the arch.
fn suffixed(name: &str, arch: &Arch) -> String {
    if arch.is_native() {
        name.to_string()
    } else {
        format!("{name}-{}", arch.name)
    }
}

fn read_trimmed(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p)
        .map(|s| s.trim().to_string())
        .map_err(|e| format!("{}: {e}", p.display()))
}

/// Removes the run-<pid> directories of runs whose process is gone.
fn remove_stale_runs(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("run-")) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
