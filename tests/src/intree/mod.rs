//! The in-tree checks for one kernel version: the kernel build with this
//! tree at usr/ (scripts/kbuild/build-kernel, which also runs the no-op and
//! clean checks on that build and records their results), the built-in
//! archive's contents, and boots with no external initrd.

mod boot;

use crate::{console, images};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The applets usr/Kbuild links to /init with tests/kernel/intree.config.
const APPLETS: &[&str] = &["run-init", "fstype", "resume", "ipconfig", "nfsmount"];
const ROOT_UUID: &str = "6a0f3c1e-2b4d-4e5f-8a9b-0c1d2e3f4a5b";
const BASE_APPEND: &str = "console=ttyS0 panic=-1 printk.time=1 no_timer_check";

#[derive(Clone, Copy)]
enum Kind {
    Kconfig,
    Build,
    Archive,
    Boot(&'static str),
    /// A boot of bzImage-local (INITRAMFS_KINIT_NET=n); the kinit line
    /// that must appear.
    BootLocal(&'static str, &'static str),
    Noop,
    NoNet,
    Clean,
}

#[derive(Clone, Copy)]
pub struct Check {
    pub name: &'static str,
    kind: Kind,
}

pub const CHECKS: &[Check] = &[
    Check {
        name: "usr/Kconfig keeps the kernel's symbols and meaning; ARCH=arm64 cannot enable kinit",
        kind: Kind::Kconfig,
    },
    Check {
        name: "make O= builds bzImage with INITRAMFS_KINIT",
        kind: Kind::Build,
    },
    Check {
        name: "built-in initramfs holds /init, its applet links and the release",
        kind: Kind::Archive,
    },
    Check {
        name: "boots root=/dev/vda (ext4) with no external initrd",
        kind: Kind::Boot("root=/dev/vda"),
    },
    Check {
        name: "boots root=UUID= rootfstype=ext4 ro with no external initrd",
        kind: Kind::Boot("root=UUID=6a0f3c1e-2b4d-4e5f-8a9b-0c1d2e3f4a5b rootfstype=ext4 ro"),
    },
    Check {
        name: "a second make changes nothing (vmlinux mtime and hash)",
        kind: Kind::Noop,
    },
    Check {
        name:
            "INITRAMFS_KINIT_NET=n rebuilds kinit without network boot and drops ipconfig/nfsmount",
        kind: Kind::NoNet,
    },
    Check {
        name: "INITRAMFS_KINIT_NET=n boots root=/dev/vda, ip=dhcp ignored with a message",
        kind: Kind::BootLocal("root=/dev/vda ip=dhcp", "ip= ignored"),
    },
    Check {
        name: "make clean leaves none of usr/'s outputs",
        kind: Kind::Clean,
    },
];

pub struct Ctx {
    root: PathBuf,
    work: PathBuf,
    kernels: HashMap<String, Result<PathBuf, String>>,
    marker: Option<Result<PathBuf, String>>,
    disk: Option<Result<PathBuf, String>>,
}

impl Ctx {
    pub fn new(root: &Path) -> Ctx {
        let work = root.join("target/boot-intree");
        let _ = std::fs::remove_dir_all(&work);
        Ctx {
            root: root.to_path_buf(),
            work,
            kernels: HashMap::new(),
            marker: None,
            disk: None,
        }
    }

    /// Runs one check on kernel `series`: (passed, diagnostics).
    pub fn run(&mut self, series: &str, check: &Check) -> Result<(bool, String), String> {
        let dir = self.kernel(series)?;
        let times = std::fs::read_to_string(dir.join("times")).unwrap_or_default();
        match check.kind {
            Kind::Build => Ok((
                dir.join("bzImage").is_file(),
                format!(
                    "{}\nstep times (s), from the build that made this cache entry:\n{}",
                    dir.display(),
                    times.trim_end()
                ),
            )),
            Kind::Kconfig => Ok(recorded(&dir, "kconfig", &times)),
            Kind::Noop => Ok(recorded(&dir, "noop", &times)),
            Kind::Clean => Ok(recorded(&dir, "clean", &times)),
            Kind::NoNet => Ok(recorded(&dir, "nonet", &times)),
            Kind::BootLocal(append, says) => {
                self.boot(series, &dir, "bzImage-local", append, Some(says))
            }
            Kind::Archive => archive(&dir),
            Kind::Boot(append) => self.boot(series, &dir, "bzImage", append, None),
        }
    }

    /// The cache directory of the in-tree build of `series`, built once.
    fn kernel(&mut self, series: &str) -> Result<PathBuf, String> {
        if let Some(r) = self.kernels.get(series) {
            return r.clone();
        }
        let r =
            script(&self.root.join("scripts/kbuild/build-kernel"), &[series]).map(PathBuf::from);
        self.kernels.insert(series.to_string(), r.clone());
        r
    }

    fn marker(&mut self) -> Result<PathBuf, String> {
        if let Some(r) = &self.marker {
            return r.clone();
        }
        // The boot tests' target dir: boot-marker is usually built already.
        let target = self.root.join("target/boot-tests/cargo");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let r = Command::new(cargo)
            .current_dir(&self.root)
            .args(["build", "--release", "--locked", "--offline", "-q"])
            .args(["-p", "klibc-programs", "--bin", "boot-marker"])
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("running cargo: {e}"))
            .and_then(|s| {
                if s.success() {
                    Ok(target.join("release/boot-marker"))
                } else {
                    Err(format!("building boot-marker failed ({s})"))
                }
            });
        self.marker = Some(r.clone());
        r
    }

    /// An ext4 root made by mke2fs -d holding boot-marker as /sbin/init.
    fn disk(&mut self) -> Result<PathBuf, String> {
        if let Some(r) = &self.disk {
            return r.clone();
        }
        let r = self.marker().and_then(|marker| {
            std::fs::create_dir_all(&self.work).map_err(|e| e.to_string())?;
            let out = self.work.join("ext4.img");
            let spec = images::FsSpec {
                uuid: Some(ROOT_UUID),
                ..images::FsSpec::new(images::Fs::Ext4)
            };
            images::make_fs(&spec, &marker, &out)?;
            Ok(out)
        });
        self.disk = Some(r.clone());
        r
    }

    fn boot(
        &mut self,
        series: &str,
        dir: &Path,
        image: &str,
        append: &str,
        must_say: Option<&str>,
    ) -> Result<(bool, String), String> {
        let disk = self.disk()?;
        let release = read_trimmed(&dir.join("kernel.release"))?;
        let timeout: u64 = std::env::var("BOOT_TESTS_TIMEOUT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(60);
        let slug: String = append
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .take(40)
            .collect();
        let bootdir = self
            .work
            .join("boots")
            .join(format!("{series}-{image}-{slug}"));
        let out = boot::run(
            &dir.join(image),
            &format!("{BASE_APPEND} {append}"),
            &[disk],
            Duration::from_secs(timeout),
            &bootdir,
            |c| c.contains("boot-marker: end") || console::panicked(c),
        )?;
        let c = &out.console;
        let mut errors = Vec::new();
        if console::panicked(c) {
            errors.push("the kernel panicked".to_string());
        }
        if !c.contains("Run /init as init process") {
            errors.push("the kernel did not run /init from the built-in initramfs".into());
        }
        match console::marker(c) {
            None => errors.push(format!(
                "the root's init never ran (no boot-marker){}",
                if out.timed_out { "; timed out" } else { "" }
            )),
            Some(m) => {
                if !m.ended {
                    errors.push("boot-marker did not finish".into());
                }
                if m.fstype.as_deref() != Some("ext4") {
                    errors.push(format!("/ is {:?}, want ext4", m.fstype));
                }
                if append.split(' ').any(|w| w == "ro") && m.mode.as_deref() != Some("ro") {
                    errors.push(format!("/ is mounted {:?}, want ro", m.mode));
                }
            }
        }
        // Lockstep: the built-in kinit was built for this very kernel.
        let kl = console::kinit_lines(c);
        if let Some(l) = kl.iter().find(|l| l.contains("built for")) {
            errors.push(format!("kinit warned about version skew on {release}: {l}"));
        }
        if let Some(want) = must_say {
            if !kl.iter().any(|l| l.contains(want)) {
                errors.push(format!("no kinit: line says {want:?}"));
            }
        }
        let mut diag = format!(
            "{:.1} s{}, console {}\n",
            out.elapsed.as_secs_f64(),
            if out.timed_out { " (timed out)" } else { "" },
            bootdir.join("console.log").display()
        );
        for l in kl.iter().take(8) {
            diag.push_str(l);
            diag.push('\n');
        }
        if !errors.is_empty() {
            diag.push_str(&errors.join("\n"));
            diag.push_str("\n--- console (last lines) ---\n");
            diag.push_str(&console::tail(c, 25));
            if !out.qemu_stderr.trim().is_empty() {
                diag.push_str("\n--- qemu stderr ---\n");
                diag.push_str(out.qemu_stderr.trim());
            }
        }
        Ok((errors.is_empty(), diag))
    }
}

/// A check build-kernel ran on the build and recorded as NAME.result.
fn recorded(dir: &Path, name: &str, times: &str) -> (bool, String) {
    let result = std::fs::read_to_string(dir.join(format!("{name}.result")))
        .unwrap_or_else(|e| format!("not ok: no {name}.result: {e}"));
    let result = result.trim();
    let took = times
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .unwrap_or("?");
    (
        result == "ok" || result.starts_with("ok "),
        format!("{result} (run by scripts/kbuild/build-kernel on this build: {took} s)"),
    )
}

/// The built-in archive (the xz stream usr/Kbuild made): /init, the applet
/// links to it, the kernel's default entries, and kinit built for this release.
fn archive(dir: &Path) -> Result<(bool, String), String> {
    let release = read_trimmed(&dir.join("kernel.release"))?;
    let data = dir.join("initramfs_inc_data");
    let cpio = dir.join("initramfs.cpio");
    let xz = Command::new("xz")
        .args(["-dc"])
        .arg(&data)
        .output()
        .map_err(|e| format!("running xz: {e}"))?;
    if !xz.status.success() {
        return Ok((false, format!("{} is not an xz stream", data.display())));
    }
    std::fs::write(&cpio, &xz.stdout).map_err(|e| e.to_string())?;
    let list = cpio_cmd(&cpio, &["-itv"])?;
    let list = String::from_utf8_lossy(&list);
    let mut errors = Vec::new();
    for want in ["init", "dev/console", "root", "bin"] {
        if !list
            .lines()
            .any(|l| l.split_whitespace().last() == Some(want))
        {
            errors.push(format!("no {want} in the archive"));
        }
    }
    for a in APPLETS {
        let link = format!("bin/{a} -> /init");
        if !list.lines().any(|l| l.ends_with(&link)) {
            errors.push(format!("no link {link}"));
        }
    }
    let init = cpio_cmd(&cpio, &["-i", "--to-stdout", "init"])?;
    if !init.starts_with(b"\x7fELF") {
        errors.push("/init is not an ELF file".into());
    }
    if !init.windows(release.len()).any(|w| w == release.as_bytes()) {
        errors.push(format!("/init does not carry the release {release}"));
    }
    let diag = format!(
        "{} bytes compressed, {} bytes of cpio, /init {} bytes\n{}",
        std::fs::metadata(&data).map(|m| m.len()).unwrap_or(0),
        xz.stdout.len(),
        init.len(),
        errors.join("\n")
    );
    Ok((errors.is_empty(), diag))
}

fn cpio_cmd(archive: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let f = std::fs::File::open(archive).map_err(|e| e.to_string())?;
    let o = Command::new("cpio")
        .args(["--quiet"])
        .args(args)
        .stdin(f)
        .output()
        .map_err(|e| format!("running cpio: {e}"))?;
    if o.status.success() {
        Ok(o.stdout)
    } else {
        Err(format!(
            "cpio {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&o.stderr).trim()
        ))
    }
}

/// Runs a script, passes its stderr on as KTAP diagnostics, and returns the
/// last line it printed.
fn script(path: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(path)
        .args(args)
        .output()
        .map_err(|e| format!("running {}: {e}", path.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    for l in stderr.lines() {
        crate::ktap::diag(l);
    }
    if !out.status.success() {
        return Err(format!("{} {} failed", path.display(), args.join(" ")));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .map(|l| l.trim().to_string())
        .ok_or_else(|| format!("{} printed nothing", path.display()))
}

fn read_trimmed(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p)
        .map(|s| s.trim().to_string())
        .map_err(|e| format!("{}: {e}", p.display()))
}
