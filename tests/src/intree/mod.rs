//! The in-tree checks for one kernel version: the boot tests' kernel
//! (scripts/boot-kernel: this tree at usr/, INITRAMFS_KINIT=y, built by the
//! kernel's own make with no network and no cargo), the checks
//! scripts/kbuild/check-intree runs on and around it (recorded as
//! NAME.result), the built-in archive's contents, and boots with no external
//! initrd (the make-built kinit) or with the make-built kinit without
//! network boot as the initrd.

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
    Build,
    Archive,
    /// A boot of the bzImage with no initrd.
    Boot(&'static str),
    /// A boot with the make-built kinit without network boot (nonet's
    /// kinit-local) as the initrd; the kinit line that must appear.
    BootLocal(&'static str, &'static str),
    /// A check check-intree ran and recorded as NAME.result.
    Recorded(&'static str),
}

#[derive(Clone, Copy)]
pub struct Check {
    pub name: &'static str,
    kind: Kind,
    /// Only on this kernel version.
    pub only: Option<&'static str>,
}

const fn check(name: &'static str, kind: Kind) -> Check {
    Check {
        name,
        kind,
        only: None,
    }
}

pub const CHECKS: &[Check] = &[
    check(
        "make O= builds bzImage with INITRAMFS_KINIT, no network, no cargo",
        Kind::Build,
    ),
    check(
        "usr/Kconfig keeps the kernel's symbols and meaning; arm64 and riscv enable kinit, s390, big-endian arm64 and um cannot, kinit-available says why",
        Kind::Recorded("kconfig"),
    ),
    check(
        "INITRAMFS_KINIT=n: upstream's archive byte for byte, O= and in-tree, no Rust tools on PATH",
        Kind::Recorded("off"),
    ),
    Check {
        only: Some("6.12"),
        ..check(
            "ARCH=arm64: =n gives upstream's archive; =y builds usr/ and the aarch64 kinit runs under qemu-user",
            Kind::Recorded("cross"),
        )
    },
    Check {
        only: Some("6.12"),
        ..check(
            "ARCH=riscv: =y builds usr/ and the riscv64 kinit runs under qemu-user",
            Kind::Recorded("cross-riscv"),
        )
    },
    check(
        "built-in initramfs holds /init, its applet links and the release",
        Kind::Archive,
    ),
    check(
        "boots root=/dev/vda (ext4) with no external initrd",
        Kind::Boot("root=/dev/vda"),
    ),
    check(
        "boots root=UUID= rootfstype=ext4 ro with no external initrd",
        Kind::Boot("root=UUID=6a0f3c1e-2b4d-4e5f-8a9b-0c1d2e3f4a5b rootfstype=ext4 ro"),
    ),
    check(
        "a second make changes nothing (vmlinux mtime and hash)",
        Kind::Recorded("noop"),
    ),
    check(
        "in-tree make usr/: unshare -n, empty CARGO_HOME, cargo/RUSTFLAGS/RUSTC_WRAPPER set against it",
        Kind::Recorded("hostile"),
    ),
    check(
        "kinit and the archive are the same bytes from another build dir",
        Kind::Recorded("repro"),
    ),
    check(
        "git status shows the installed files and nothing the build made",
        Kind::Recorded("gitstatus"),
    ),
    check(
        "every installed source file is read by the build",
        Kind::Recorded("installed"),
    ),
    check("make V=1 shows the rustc and link commands", Kind::Recorded("v1")),
    check(
        "a warning is shown, and is an error with CONFIG_WERROR",
        Kind::Recorded("werror"),
    ),
    check(
        "layout check: a tampered item and aarch64 bindings fail naming the item",
        Kind::Recorded("layout"),
    ),
    check(
        "INITRAMFS_KINIT_NET=n rebuilds kinit without network boot and drops ipconfig/nfsmount",
        Kind::Recorded("nonet"),
    ),
    check(
        "make-built kinit without network boot boots root=/dev/vda, ip=dhcp ignored with a message",
        Kind::BootLocal("root=/dev/vda ip=dhcp", "ip= ignored"),
    ),
    check(
        "make clean and mrproper leave none of usr/'s outputs",
        Kind::Recorded("clean"),
    ),
];

pub struct Ctx {
    root: PathBuf,
    work: PathBuf,
    kernels: HashMap<String, Result<PathBuf, String>>,
    marker: Option<Result<PathBuf, String>>,
    gen_init_cpio: Option<Result<PathBuf, String>>,
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
            gen_init_cpio: None,
            disk: None,
        }
    }

    /// Runs one check on kernel `series`: (passed, diagnostics).
    pub fn run(&mut self, series: &str, check: &Check) -> Result<(bool, String), String> {
        let checks = self.kernel(series)?;
        let dir = checks
            .parent()
            .ok_or("the checks directory has no parent")?
            .to_path_buf();
        let times = std::fs::read_to_string(dir.join("times")).unwrap_or_default();
        let check_times = std::fs::read_to_string(checks.join("times")).unwrap_or_default();
        match check.kind {
            Kind::Build => Ok((
                dir.join("bzImage").is_file(),
                format!(
                    "{}\nstep times (s), from the build that made this cache entry:\n{}",
                    dir.display(),
                    times.trim_end()
                ),
            )),
            Kind::Recorded(name) => Ok(recorded(&checks, name, &check_times)),
            Kind::BootLocal(append, says) => {
                let kinit = checks.join("kinit-local");
                if !kinit.is_file() {
                    return Ok((false, "no kinit-local: the nonet check failed".into()));
                }
                let initrd = self.initrd(series, &kinit)?;
                self.boot(series, &dir, Some(&initrd), append, Some(says))
            }
            Kind::Archive => archive(&dir),
            Kind::Boot(append) => self.boot(series, &dir, None, append, None),
        }
    }

    /// The checks directory of `series` (its parent is the boot kernel's
    /// cache directory), made once.
    fn kernel(&mut self, series: &str) -> Result<PathBuf, String> {
        if let Some(r) = self.kernels.get(series) {
            return r.clone();
        }
        let r =
            script(&self.root.join("scripts/kbuild/check-intree"), &[series]).map(PathBuf::from);
        self.kernels.insert(series.to_string(), r.clone());
        r
    }

    /// Our gen_init_cpio (cargo, in the boot tests' target dir).
    fn gen_init_cpio(&mut self) -> Result<PathBuf, String> {
        if let Some(r) = &self.gen_init_cpio {
            return r.clone();
        }
        let r = self.cargo_bin("gen_init_cpio", "gen_init_cpio");
        self.gen_init_cpio = Some(r.clone());
        r
    }

    /// An initramfs with `kinit` as /init and the kernel's default entries.
    fn initrd(&mut self, series: &str, kinit: &Path) -> Result<PathBuf, String> {
        let gen = self.gen_init_cpio()?;
        std::fs::create_dir_all(&self.work).map_err(|e| e.to_string())?;
        let list = self.work.join(format!("{series}-local.list"));
        let out = self.work.join(format!("{series}-local.cpio"));
        std::fs::write(
            &list,
            format!(
                "dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\ndir /root 0700 0 0\nfile /init {} 0755 0 0\n",
                kinit.display()
            ),
        )
        .map_err(|e| format!("{}: {e}", list.display()))?;
        let st = Command::new(&gen)
            .arg("-o")
            .arg(&out)
            .arg(&list)
            .status()
            .map_err(|e| format!("running {}: {e}", gen.display()))?;
        if st.success() {
            Ok(out)
        } else {
            Err(format!("{} failed ({st})", gen.display()))
        }
    }

    /// `cargo build --release` of a binary in the boot tests' target dir.
    fn cargo_bin(&self, package: &str, bin: &str) -> Result<PathBuf, String> {
        let target = self.root.join("target/boot-tests/cargo");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let s = Command::new(cargo)
            .current_dir(&self.root)
            .args(["build", "--release", "--locked", "--offline", "-q"])
            .args(["-p", package, "--bin", bin])
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("running cargo: {e}"))?;
        if s.success() {
            Ok(target.join("release").join(bin))
        } else {
            Err(format!("building {bin} failed ({s})"))
        }
    }

    fn marker(&mut self) -> Result<PathBuf, String> {
        if let Some(r) = &self.marker {
            return r.clone();
        }
        // The boot tests' target dir: boot-marker is usually built already.
        let r = self.cargo_bin("klibc-programs", "boot-marker");
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
        initrd: Option<&Path>,
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
        let bootdir = self.work.join("boots").join(format!(
            "{series}-{}-{slug}",
            if initrd.is_some() {
                "initrd"
            } else {
                "builtin"
            }
        ));
        let out = boot::run(
            &dir.join("bzImage"),
            initrd,
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

/// A check check-intree ran and recorded as NAME.result.
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
        format!("{result} (run by scripts/kbuild/check-intree: {took} s)"),
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
