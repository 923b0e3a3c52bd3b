//! boot-tests: boots real kernels under QEMU with our kinit as /init (in an
//! initramfs written by our gen_init_cpio) into root images made by the real
//! mkfs tools, and checks each scenario's console. Prints KTAP and a closing
//! `N passed, N failed` line; exits non-zero on any failure.
//!
//!     cargo run -p boot-tests --release [-- [--list] [FILTER...]]
//!
//! FILTERs select tests whose name contains any of them; engines.rs has the
//! options that run them through LAVA and write KCIDB. Environment:
//! BOOT_TESTS_KERNELS (default "6.12,6.1"; Debian's kernel runs where a
//! scenario asks for it), BOOT_TESTS_OPTIN (scenario names, comma-separated,
//! or "all": also run those left out of the default run), BOOT_TESTS_ACCEL
//! (tcg, the default; kvm; auto = kvm if a probe boot under it succeeds),
//! BOOT_TESTS_JOBS (boots at a time, default one per core up to 2),
//! BOOT_TESTS_TIMEOUT (seconds per boot, default 60; doubled for Debian's),
//! BOOT_TESTS_BZIMAGE_6_12 / _6_1 (use that bzImage, with a kernel.release
//! file beside it, instead of building one).
//! Kernels are cached in $EARLYUSER_CACHE/kernels; everything else goes to
//! target/boot-tests/ (cargo builds in cargo/, images and logs in run-<pid>/).

mod artifacts;
mod console;
mod engines;
mod ganesha;
mod guest;
mod images;
mod initramfs;
mod json;
mod kcidb;
mod ktap;
mod lava;
mod md_images;
mod nfs_server;
mod qemu;
mod rules;
mod scenarios;
mod yaml;

use artifacts::{Artifacts, Kernel};
use scenarios::{Check, Disk, Extra, KernelSel, KinitSel, Net, Scenario};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// Every boot's command line before the scenario's. panic=-1 turns a kernel
/// panic into an immediate reboot, which -no-reboot turns into QEMU exiting;
/// no_timer_check skips the IO-APIC timer check that a loaded host can make
/// TCG fail ("IO-APIC + timer doesn't work!").
/// Debian's OVMF (`ovmf`) and systemd-boot (`systemd-boot-efi`).
const OVMF_CODE: &str = "/usr/share/OVMF/OVMF_CODE_4M.fd";
const OVMF_VARS: &str = "/usr/share/OVMF/OVMF_VARS_4M.fd";
const SYSTEMD_BOOT: &str = "/usr/lib/systemd/boot/efi/systemd-bootx64.efi";

const BASE_APPEND: &str = "console=ttyS0 panic=-1 printk.time=1 no_timer_check";

/// One test: a scenario on one kernel.
struct Test {
    kernel: String,
    scenario: Scenario,
}

impl Test {
    fn name(&self) -> String {
        format!("{}: {}", self.kernel, self.scenario.name)
    }
}

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match engines::Options::parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("boot-tests: {e}");
            return ExitCode::from(2);
        }
    };
    let (list_only, filters) = (opts.list, &opts.filters);
    let kernels: Vec<String> = std::env::var("BOOT_TESTS_KERNELS")
        .unwrap_or_else(|_| "6.12,6.1".into())
        .split(',')
        .filter(|k| !k.is_empty())
        .map(String::from)
        .collect();
    let optin = std::env::var("BOOT_TESTS_OPTIN").unwrap_or_default();
    let opted = |s: &Scenario| optin == "all" || optin.split(',').any(|o| o == s.name);

    let mut tests = Vec::new();
    let all = scenarios::all();
    for k in &kernels {
        for s in all.iter().filter(|s| s.kernel == KernelSel::Own) {
            tests.push(Test {
                kernel: k.clone(),
                scenario: s.clone(),
            });
        }
    }
    for s in all.iter().filter(|s| s.kernel == KernelSel::Debian) {
        tests.push(Test {
            kernel: "debian".into(),
            scenario: s.clone(),
        });
    }
    tests.retain(|t| t.scenario.default || opted(&t.scenario));
    if !filters.is_empty() {
        tests.retain(|t| filters.iter().any(|f| t.name().contains(f.as_str())));
    }
    let engine_notes = engines::select(&opts, &mut tests);
    if list_only {
        for t in &tests {
            println!("{}", t.name());
        }
        return ExitCode::SUCCESS;
    }
    let left_out: Vec<&str> = all
        .iter()
        .filter(|s| !s.default && !opted(s))
        .map(|s| s.name)
        .collect();

    let started = Instant::now();
    let mut k = ktap::Ktap::start(tests.len());
    if !left_out.is_empty() {
        ktap::diag(&format!(
            "left out (BOOT_TESTS_OPTIN to run): {}",
            left_out.join(", ")
        ));
    }
    for n in &engine_notes {
        ktap::diag(n);
    }
    // Build everything first (kernels, kinit, images, archives), then boot
    // BOOT_TESTS_JOBS at a time (default: one per core, at most 2), printing
    // results in order.
    let mut ctx = Ctx::new(&root);
    let prepared: Vec<Result<Prepared, String>> = tests.iter().map(|t| ctx.prepare(t)).collect();
    let built = started.elapsed();
    let jobs = std::env::var("BOOT_TESTS_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(2)))
        .max(1);
    let next = Mutex::new(0usize);
    let (tx, rx) = mpsc::channel();
    let mut qemu_time = Duration::ZERO;
    let mut outcomes = Vec::new();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, prepared, opts, tests) = (&next, &prepared, &opts, &tests);
            scope.spawn(move || loop {
                let i = {
                    let mut n = next.lock().unwrap_or_else(|e| e.into_inner());
                    *n += 1;
                    *n - 1
                };
                let Some(p) = prepared.get(i) else { break };
                let r = match p {
                    Ok(p) => engines::run(opts, i, &tests[i], p),
                    Err(e) => engines::setup_failed(e),
                };
                if tx.send((i, r)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut done: HashMap<usize, engines::Outcome> = HashMap::new();
        let mut printed = 0;
        for (i, r) in rx {
            done.insert(i, r);
            while let Some(o) = done.remove(&printed) {
                qemu_time += o.time();
                engines::report(&mut k, &tests[printed].name(), &o);
                outcomes.push(o);
                printed += 1;
            }
        }
    });
    ktap::diag(&format!(
        "boot tests took {} s: {} s building, then {} boots in {} s with {jobs} at a time ({} s in QEMU)",
        started.elapsed().as_secs(),
        built.as_secs(),
        tests.len(),
        (started.elapsed() - built).as_secs(),
        qemu_time.as_secs()
    ));
    if let Err(e) = engines::finish(&opts, &root, &tests, &prepared, &outcomes) {
        ktap::diag(&format!("KCIDB report not written: {e}"));
        k.failed += 1;
    }
    println!("{}", k.summary());
    if k.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

struct Ctx {
    art: Artifacts,
    disks: HashMap<Disk, Result<PathBuf, String>>,
    initrds: HashMap<(String, KinitSel, Extra), Result<PathBuf, String>>,
    accel: Option<qemu::Accel>,
    /// Started by the first NFS scenario, stopped when the run ends.
    nfs: Option<Result<nfs_server::NfsServer, String>>,
    verity: Option<Result<images::Verity, String>>,
}

impl Ctx {
    fn new(root: &Path) -> Ctx {
        let art = Artifacts::new(root);
        let _ = std::fs::remove_dir_all(&art.work);
        let accel = match std::env::var("BOOT_TESTS_ACCEL").as_deref() {
            Ok("kvm") => Some(qemu::Accel::Kvm),
            Ok("auto") => None, // decided by a probe boot
            _ => Some(qemu::Accel::Tcg),
        };
        Ctx {
            art,
            disks: HashMap::new(),
            initrds: HashMap::new(),
            accel,
            nfs: None,
            verity: None,
        }
    }

    /// Builds everything a test's boot needs.
    fn prepare(&mut self, t: &Test) -> Result<Prepared, String> {
        let s = &t.scenario;
        let kernel = self.art.kernel(&t.kernel)?;
        let initrd = match s.check {
            Check::Shell { .. } => self.rescue_initrd(&t.kernel, &kernel)?,
            _ => self.initrd(&t.kernel, &kernel, s.kinit, s.initramfs)?,
        };
        let mut disks = Vec::new();
        for d in s.disks {
            disks.push(self.disk(*d)?);
        }
        let late = match s.late {
            Some(d) => Some(self.disk(d)?),
            None => None,
        };
        let debian = t.kernel == "debian";
        let timeout: u64 = std::env::var("BOOT_TESTS_TIMEOUT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(60);
        let dir = self
            .art
            .work
            .join("boots")
            .join(format!("{}-{}", t.kernel, slug(s.name)));
        let accel = self.accel(&kernel)?;
        let mut append = format!("{BASE_APPEND} {}", s.append);
        if s.net == Net::Nfs {
            append = append.replace(nfs_server::EXPORT_PLACEHOLDER, &self.nfs_export()?);
        }
        if append.contains(scenarios::ROOTHASH_PLACEHOLDER) {
            let hash = self.verity()?.root_hash;
            append = append.replace(scenarios::ROOTHASH_PLACEHOLDER, &hash);
        }
        let share = match s.share {
            Some(kind) => Some(qemu::Share {
                kind,
                dir: self.share_dir()?,
                tag: scenarios::SHARE_TAG,
            }),
            None => None,
        };
        let efi = if s.efi {
            disks.push(self.esp_disk(&t.kernel, &kernel, &initrd, &append)?);
            Some(qemu::Efi {
                code: PathBuf::from(OVMF_CODE),
                vars: dir.join("OVMF_VARS.fd"),
            })
        } else {
            None
        };
        let smb = match s.net {
            Net::Smb => Some(self.share_dir()?),
            _ => None,
        };
        Ok(Prepared {
            smb,
            efi,
            share,
            scenario: s.clone(),
            append,
            kernel,
            initrd,
            disks,
            late,
            memory_mb: if debian { 512 } else { 256 },
            timeout: Duration::from_secs(if debian || s.efi {
                timeout * 2
            } else {
                timeout
            }),
            accel,
            dir,
        })
    }

    /// The NFS server's export path, starting it on first use.
    fn nfs_export(&mut self) -> Result<String, String> {
        if self.nfs.is_none() {
            let marker = self.art.boot_marker()?;
            let dir = self.art.work.join("nfs");
            self.nfs = Some(nfs_server::NfsServer::start(&dir, &marker));
        }
        match &self.nfs {
            Some(Ok(s)) => Ok(s.export.display().to_string()),
            Some(Err(e)) => Err(e.clone()),
            None => Err("no NFS server".into()),
        }
    }

    /// The accelerator: TCG unless asked otherwise; "auto" tries KVM once with
    /// a probe boot (init = boot-marker straight from the initramfs).
    fn accel(&mut self, kernel: &Kernel) -> Result<qemu::Accel, String> {
        if let Some(a) = self.accel {
            return Ok(a);
        }
        let marker = self.art.boot_marker()?;
        let gen = self.art.gen_init_cpio()?;
        let probe_initrd = self.art.work.join("probe.cpio");
        initramfs::build(&gen, &marker, &[], "none", &probe_initrd)?;
        let dir = self.art.work.join("boots/kvm-probe");
        let boot = qemu::Boot {
            kernel: &kernel.image,
            initrd: &probe_initrd,
            append: BASE_APPEND.into(),
            disks: vec![],
            late_disk: None,
            memory_mb: 256,
            timeout: Duration::from_secs(20),
            accel: qemu::Accel::Kvm,
            net: false,
            smb: None,
            share: None,
            efi: None,
            dir: &dir,
        };
        let ok = qemu::run(&boot, |c| {
            if c.contains("boot-marker: end") {
                qemu::Verdict::Stop
            } else {
                qemu::Verdict::Wait
            }
        })
        .map(|o| o.console.contains("boot-marker: end"))
        .unwrap_or(false);
        let a = if ok {
            qemu::Accel::Kvm
        } else {
            qemu::Accel::Tcg
        };
        ktap::diag(&format!(
            "accelerator: {a:?} (KVM probe boot {})",
            if ok { "ok" } else { "failed" }
        ));
        self.accel = Some(a);
        Ok(a)
    }

    fn disk(&mut self, d: Disk) -> Result<PathBuf, String> {
        if let Some(r) = self.disks.get(&d) {
            return r.clone();
        }
        let r = self.make_disk(d);
        self.disks.insert(d, r.clone());
        r
    }

    fn make_disk(&mut self, d: Disk) -> Result<PathBuf, String> {
        use images::{Fs, FsSpec, Layout, Part, Table};
        use scenarios::*;
        let marker = self.art.boot_marker()?;
        let dir = self.art.work.join("images");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let out = dir.join(format!("{d:?}.img"));
        let ext4 = |layout| FsSpec {
            layout,
            ..FsSpec::new(Fs::Ext4)
        };
        match d {
            Disk::Ext4 => {
                let spec = FsSpec {
                    label: Some(ROOT_LABEL),
                    uuid: Some(ROOT_UUID),
                    ..FsSpec::new(Fs::Ext4)
                };
                images::make_fs(&spec, &marker, &out)?
            }
            Disk::Ext4Mbr => {
                let parts = [Part {
                    fs: ext4(Layout::Standard),
                    guid: None,
                    name: None,
                }];
                images::make_disk(Table::Mbr(MBR_ID), &parts, &marker, &out)?
            }
            Disk::Ext4Gpt => {
                let parts = [
                    Part {
                        fs: FsSpec::new(Fs::Blank(1)),
                        guid: Some(GPT_P1),
                        name: Some("blank"),
                    },
                    Part {
                        fs: ext4(Layout::Standard),
                        guid: Some(GPT_P2),
                        name: Some(GPT_P2_NAME),
                    },
                ];
                images::make_disk(Table::Gpt, &parts, &marker, &out)?
            }
            Disk::Xfs => images::make_fs(&FsSpec::new(Fs::Xfs), &marker, &out)?,
            Disk::Btrfs => images::make_fs(&FsSpec::new(Fs::Btrfs), &marker, &out)?,
            Disk::Squashfs => images::make_fs(&FsSpec::new(Fs::Squashfs), &marker, &out)?,
            Disk::Vfat => images::make_fs(&FsSpec::new(Fs::Vfat), &marker, &out)?,
            Disk::EtcInit => images::make_fs(&ext4(Layout::EtcInit), &marker, &out)?,
            Disk::BinInit => images::make_fs(&ext4(Layout::BinInit), &marker, &out)?,
            Disk::BinSh => images::make_fs(&ext4(Layout::BinSh), &marker, &out)?,
            Disk::CorruptExt4 => {
                images::make_fs(&ext4(Layout::Standard), &marker, &out)?;
                images::corrupt_ext4_superblock(&out)?
            }
            Disk::Swap => images::make_fs(&FsSpec::new(Fs::Swap), &marker, &out)?,
            Disk::Iso9660 => images::make_fs(&FsSpec::new(Fs::Iso9660), &marker, &out)?,
            Disk::VerityData => return Ok(self.verity()?.data),
            Disk::VerityHash => return Ok(self.verity()?.hash),
            Disk::VerityDataCorrupt => return Ok(self.verity()?.corrupt),
            Disk::VerityGpt => return Ok(self.verity()?.gpt),
            Disk::DpsGpt | Disk::DpsGptReadOnly | Disk::DpsGptNoAuto => {
                let root_flags = match d {
                    Disk::DpsGptReadOnly => "60",
                    _ => "",
                };
                images::make_dps_disk(&marker, &out, root_flags, d == Disk::DpsGptNoAuto)?
            }
            Disk::Jffs2 => images::make_fs(&FsSpec::new(Fs::Jffs2), &marker, &out)?,
            Disk::Ubi => images::make_fs(&FsSpec::new(Fs::Ubi), &marker, &out)?,
            Disk::Ext4InitrdDir => images::make_fs(&ext4(Layout::WithInitrdDir), &marker, &out)?,
            Disk::Md(set, member) => {
                let members = self.md_members(set)?;
                let other = Disk::Md(set, 1 - member.min(1));
                self.disks
                    .insert(other, Ok(members[1 - member.min(1) as usize].clone()));
                return Ok(members[member.min(1) as usize].clone());
            }
        }
        Ok(out)
    }

    /// An old-style initrd image (ext2): tests/src/linuxrc.c built static as
    /// /linuxrc, or boot-marker as /sbin/init.
    fn initrd_image(&mut self, kind: scenarios::InitrdImage) -> Result<PathBuf, String> {
        use images::{Fs, FsSpec};
        let marker = self.art.boot_marker()?;
        let dir = self.art.work.join("images");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let out = dir.join(format!("initrd-{kind:?}.ext2"));
        if kind == scenarios::InitrdImage::Root {
            images::make_fs(&FsSpec::new(Fs::Ext2Small), &marker, &out)?;
            return Ok(out);
        }
        if kind == scenarios::InitrdImage::RootGzip {
            images::make_fs(&FsSpec::new(Fs::Ext2Small), &marker, &out)?;
            let o = Command::new("gzip")
                .args(["-9", "-f"])
                .arg(&out)
                .output()
                .map_err(|e| format!("gzip: {e}"))?;
            if !o.status.success() {
                return Err(format!(
                    "gzip {}: {}",
                    out.display(),
                    String::from_utf8_lossy(&o.stderr)
                ));
            }
            return Ok(out.with_extension("ext2.gz"));
        }
        let tree = dir.join("initrd-linuxrc.tree");
        let _ = std::fs::remove_dir_all(&tree);
        for d in ["proc", "sys"] {
            std::fs::create_dir_all(tree.join(d)).map_err(|e| e.to_string())?;
        }
        // tests/src/linuxrc.c, static (the boot kernel runs no scripts).
        let src = self.art.root.join("tests/src/linuxrc.c");
        let o = Command::new("cc")
            .args(["-static", "-Os", "-s", "-Wall", "-o"])
            .arg(tree.join("linuxrc"))
            .arg(&src)
            .output()
            .map_err(|e| format!("cc: {e}"))?;
        if !o.status.success() {
            return Err(format!(
                "cc {}: {}",
                src.display(),
                String::from_utf8_lossy(&o.stderr)
            ));
        }
        let _ = std::fs::remove_file(&out);
        let o = Command::new("mke2fs")
            .args(["-q", "-F", "-t", "ext2", "-d"])
            .arg(&tree)
            .arg(&out)
            .arg("4M")
            .output()
            .map_err(|e| format!("mke2fs: {e}"))?;
        if !o.status.success() {
            return Err(format!(
                "mke2fs {}: {}",
                out.display(),
                String::from_utf8_lossy(&o.stderr)
            ));
        }
        Ok(out)
    }

    /// The root directory exported through virtiofs or 9p: a tree with
    /// boot-marker as /sbin/init, made once per run.
    fn share_dir(&mut self) -> Result<PathBuf, String> {
        let dir = self.art.work.join("share-root");
        if !dir.join("sbin/init").is_file() {
            let marker = self.art.boot_marker()?;
            images::tree(&marker, images::Layout::Standard, &dir)?;
        }
        Ok(dir)
    }

    /// The dm-verity images, made once per run: ext4 data, its hash device
    /// (`veritysetup format`), the root hash, the data with a flipped byte
    /// in the ext4 superblock, and both on one GPT disk.
    fn verity(&mut self) -> Result<images::Verity, String> {
        if let Some(v) = &self.verity {
            return v.clone();
        }
        let r = (|| {
            let marker = self.art.boot_marker()?;
            let dir = self.art.work.join("images");
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            images::make_verity(&marker, &dir)
        })();
        self.verity = Some(r.clone());
        r
    }

    /// The ESP disk of an EFI boot (see [`Scenario::efi`]) for `kernel`,
    /// the initramfs and the command line.
    fn esp_disk(
        &mut self,
        name: &str,
        kernel: &Kernel,
        initrd: &Path,
        append: &str,
    ) -> Result<PathBuf, String> {
        let marker = self.art.boot_marker()?;
        let dir = self.art.work.join("images");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let out = dir.join(format!("esp-{name}-{}.img", slug(append)));
        images::make_esp_disk(&marker, &kernel.image, initrd, append, SYSTEMD_BOOT, &out)?;
        Ok(out)
    }

    /// dash built on klibc (scripts/klibc-dash), cached by the script.
    fn dash(&self) -> Result<PathBuf, String> {
        let o = Command::new(self.art.root.join("scripts/klibc-dash"))
            .output()
            .map_err(|e| format!("scripts/klibc-dash: {e}"))?;
        if !o.status.success() {
            return Err(format!(
                "scripts/klibc-dash: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            ));
        }
        Ok(PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
    }

    /// Both members of an md set, with the root filesystem in the array.
    fn md_members(&mut self, set: md_images::MdSet) -> Result<Vec<PathBuf>, String> {
        use md_images::MdSet;
        let marker = self.art.boot_marker()?;
        let dir = self.art.work.join("images");
        let fs = dir.join(format!("md-{set:?}.ext4"));
        let content = match set {
            // 12 MiB: room in 16 MiB members after superblocks and offsets;
            // raid0 and linear hold twice as much
            MdSet::Raid0 | MdSet::Linear => {
                images::make_ext4_sized(&marker, &fs, "24M")?;
                fs
            }
            MdSet::Partitioned => {
                images::make_ext4_sized(&marker, &fs, "12M")?;
                let disk = dir.join("md-Partitioned.mbr");
                images::mbr_around(&fs, &disk)?;
                disk
            }
            MdSet::Raid1 | MdSet::Auto090 => {
                images::make_ext4_sized(&marker, &fs, "12M")?;
                fs
            }
        };
        let templates = match set {
            MdSet::Raid0 | MdSet::Linear => Vec::new(),
            _ => {
                let kernel = self.art.kernel("6.12")?;
                let gen = self.art.gen_init_cpio()?;
                let dash = self.dash()?;
                guest::make(
                    &md_images::RECIPE,
                    &kernel.image,
                    &kernel.release,
                    &gen,
                    &dash,
                    &self.art.work,
                )?
            }
        };
        md_images::members(set, &templates, &content, &dir)
    }

    /// The initramfs for a kernel: kinit built for its release (or a skewed
    /// one, or one without network boot), xz-compressed for 6.12 and gzip for the others; Debian's kernel
    /// also gets the modules for virtio_blk and ext4 with modules.dep.
    fn initrd(
        &mut self,
        name: &str,
        kernel: &Arc<Kernel>,
        sel: KinitSel,
        extra: Extra,
    ) -> Result<PathBuf, String> {
        let key = (name.to_string(), sel, extra);
        if let Some(r) = self.initrds.get(&key) {
            return r.clone();
        }
        let r = self.make_initrd(name, kernel, sel, extra);
        self.initrds.insert(key, r.clone());
        r
    }

    /// The rescue-shell initramfs: dash built on klibc (scripts/klibc-dash)
    /// as /init and /bin/sh, and the scenario's script.
    fn rescue_initrd(&mut self, name: &str, kernel: &Kernel) -> Result<PathBuf, String> {
        let dash = self.dash()?;
        let gen = self.art.gen_init_cpio()?;
        let extra = [
            initramfs::Entry::Dir("/bin".into()),
            initramfs::Entry::Exec {
                dst: "/bin/sh".into(),
                src: dash.clone(),
            },
            initramfs::Entry::Dir("/etc".into()),
            initramfs::Entry::Text {
                dst: "/etc/rescue.sh".into(),
                text: scenarios::RESCUE_SCRIPT.into(),
            },
        ];
        let dir = self.art.work.join("initrd");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let out = dir.join(format!("{name}-{}-rescue.cpio.gz", kernel.release));
        initramfs::build(&gen, &dash, &extra, "gzip", &out)?;
        Ok(out)
    }

    fn make_initrd(
        &mut self,
        name: &str,
        kernel: &Kernel,
        sel: KinitSel,
        extra_sel: Extra,
    ) -> Result<PathBuf, String> {
        let release = if sel == KinitSel::Skewed {
            scenarios::SKEWED_RELEASE
        } else {
            &kernel.release
        };
        let net = sel != KinitSel::Local;
        let kinit = self.art.kinit(release, net)?;
        let gen = self.art.gen_init_cpio()?;
        let dir = self.art.work.join("initrd");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let mut extra = match &kernel.package_root {
            Some(pkg) => module_entries(pkg, &kernel.release)?,
            None => Vec::new(),
        };
        let tag = match extra_sel {
            Extra::None => "",
            Extra::Shell(rc) => {
                let dash = self.dash()?;
                extra.extend([
                    initramfs::Entry::Dir("/bin".into()),
                    initramfs::Entry::Exec {
                        dst: "/bin/sh".into(),
                        src: dash,
                    },
                    initramfs::Entry::Dir("/etc".into()),
                    initramfs::Entry::Text {
                        dst: "/etc/kinit-rc".into(),
                        text: rc.into(),
                    },
                ]);
                if rc == scenarios::RESCUE_RC_BREAK {
                    "-shell-break"
                } else {
                    "-shell-wait"
                }
            }
            Extra::Initrd(kind) => {
                extra.push(initramfs::Entry::File {
                    dst: "/initrd.image".into(),
                    src: self.initrd_image(kind)?,
                });
                match kind {
                    scenarios::InitrdImage::Linuxrc => "-initrd-linuxrc",
                    scenarios::InitrdImage::Root => "-initrd-root",
                    scenarios::InitrdImage::RootGzip => "-initrd-root-gz",
                }
            }
            Extra::OwnModules => {
                let moddir = kernel.modules.as_ref().ok_or_else(|| {
                    format!(
                        "kernel {name} has no modules (CONFIG_MODULES in tests/kernel/boot.config)"
                    )
                })?;
                let scratch = dir.join(format!("{name}-own-modules"));
                extra.extend(own_module_entries(moddir, &kernel.release, &scratch)?);
                "-own-modules"
            }
        };
        let (compress, ext) = if name == "6.12" {
            ("xz", "xz")
        } else {
            ("gzip", "gz")
        };
        let local = if net { "" } else { "-local" };
        let out = dir.join(format!("{name}-{release}{local}{tag}.cpio.{ext}"));
        initramfs::build(&gen, &kinit, &extra, compress, &out)?;
        Ok(out)
    }
}

/// A test with everything built, ready to boot (on any thread).
struct Prepared {
    /// The directory QEMU serves over SMB, if any.
    smb: Option<PathBuf>,
    /// UEFI firmware to boot through (the kernel is then on an ESP disk).
    efi: Option<qemu::Efi>,
    /// The root directory exported to the guest, if any.
    share: Option<qemu::Share>,
    scenario: Scenario,
    /// The kernel command line (the scenario's, NFS export path filled in).
    append: String,
    kernel: Arc<Kernel>,
    initrd: PathBuf,
    disks: Vec<PathBuf>,
    late: Option<PathBuf>,
    memory_mb: u32,
    timeout: Duration,
    accel: qemu::Accel,
    dir: PathBuf,
}

/// Boots a prepared test on copies of its disks (so that boots can run side
/// by side and a rw boot leaves the shared images alone) and checks the
/// console; returns (passed, diagnostics, time in QEMU).
fn run_boot(p: &Prepared) -> (bool, String, Duration) {
    match try_run_boot(p) {
        Ok(r) => r,
        Err(e) => (false, format!("setup failed: {e}"), Duration::ZERO),
    }
}

fn try_run_boot(p: &Prepared) -> Result<(bool, String, Duration), String> {
    let s = &p.scenario;
    let _ = std::fs::remove_dir_all(&p.dir);
    std::fs::create_dir_all(&p.dir).map_err(|e| format!("{}: {e}", p.dir.display()))?;
    let copy = |src: &Path, i: usize| -> Result<PathBuf, String> {
        let dst = p.dir.join(format!("disk{i}.img"));
        let st = std::process::Command::new("cp")
            .arg("--sparse=always")
            .arg(src)
            .arg(&dst)
            .status()
            .map_err(|e| format!("cp: {e}"))?;
        if st.success() {
            Ok(dst)
        } else {
            Err(format!("cp {} {} failed", src.display(), dst.display()))
        }
    };
    let mut disks = Vec::new();
    for (i, d) in p.disks.iter().enumerate() {
        disks.push(copy(d, i)?);
    }
    if let Some(efi) = &p.efi {
        std::fs::copy(OVMF_VARS, &efi.vars).map_err(|e| format!("{OVMF_VARS}: {e}"))?;
    }
    let late = match &p.late {
        Some(d) => Some(qemu::LateDisk {
            image: copy(d, 9)?,
            after: s.late_after,
            delay: Duration::from_secs(3),
            at: Duration::from_secs(30),
        }),
        None => None,
    };
    let boot = qemu::Boot {
        kernel: &p.kernel.image,
        initrd: &p.initrd,
        append: p.append.clone(),
        net: s.net != Net::None,
        smb: p.smb.clone(),
        share: p.share.clone(),
        efi: p.efi.clone(),
        disks,
        late_disk: late,
        memory_mb: p.memory_mb,
        timeout: p.timeout,
        accel: p.accel,
        dir: &p.dir,
    };
    let mut satisfied: Option<Instant> = None;
    let check = s.check.clone();
    let out = qemu::run(&boot, |c| judge(&check, c, &mut satisfied))
        .map_err(|e| format!("running qemu-system-x86_64: {e}"))?;
    // The disk copies are not needed once the console is read.
    for i in 0..10 {
        let _ = std::fs::remove_file(p.dir.join(format!("disk{i}.img")));
    }
    let (ok, mut diag) = evaluate(s, &p.kernel, &out);
    let mut notes = format!(
        "{:.1} s{}, console {}\n",
        out.elapsed.as_secs_f64(),
        if out.timed_out {
            " (timed out)"
        } else if out.exited {
            " (QEMU exited)"
        } else {
            ""
        },
        p.dir.join("console.log").display()
    );
    for l in console::kinit_lines(&out.console).iter().take(12) {
        notes.push_str(l);
        notes.push('\n');
    }
    if !ok {
        if let Some(m) = console::marker(&out.console) {
            diag.push_str(&format!(
                "\ninit saw: argv {:?}, / {:?} {:?} {:?} st_dev {:?}, mounts {:?}, caps bnd={:x?} eff={:x?}, uptime {:?} (run /init at {:?}){}",
                m.argv,
                m.fstype,
                m.mode,
                m.opts,
                m.st_dev,
                m.mounts,
                m.cap_bnd,
                m.cap_eff,
                m.uptime,
                console::run_init_time(&out.console),
                if m.ended { "" } else { ", not ended" }
            ));
        }
        diag.push_str("\n--- console (last lines) ---\n");
        diag.push_str(&console::tail(&out.console, 25));
        if !out.qemu_stderr.trim().is_empty() {
            diag.push_str("\n--- qemu stderr ---\n");
            diag.push_str(out.qemu_stderr.trim());
        }
    }
    Ok((ok, format!("{notes}{diag}"), out.elapsed))
}

/// /etc/modules of the module-loading scenario: the disk's driver, and
/// crc32c_generic, which ext4 needs (a softdep: ext4 asks the crypto API for
/// crc32c, and nothing would load it on demand) and which must come first.
const ETC_MODULES: &[&str] = &["virtio_pci", "virtio_blk", "crc32c_generic"];

/// The initramfs entries for ETC_MODULES and ext4 (which the scenario loads
/// through modules-load=) with their dependencies from the package's
/// modules.dep, modules.dep itself, and /etc/modules.
fn module_entries(pkg: &Path, release: &str) -> Result<Vec<initramfs::Entry>, String> {
    use initramfs::Entry;
    let wanted: Vec<&str> = ETC_MODULES.iter().copied().chain(["ext4"]).collect();
    let moddir = pkg.join("lib/modules").join(release);
    let dep_path = moddir.join("modules.dep");
    let dep =
        std::fs::read_to_string(&dep_path).map_err(|e| format!("{}: {e}", dep_path.display()))?;
    let deps = parse_modules_dep(&dep);
    let mut files: Vec<String> = Vec::new();
    let mut todo: Vec<String> = Vec::new();
    for w in &wanted {
        let path = deps
            .keys()
            .find(|p| module_name(p) == *w)
            .ok_or_else(|| format!("module {w} not in {}", dep_path.display()))?;
        todo.push(path.clone());
    }
    while let Some(p) = todo.pop() {
        if files.contains(&p) {
            continue;
        }
        todo.extend(deps.get(&p).cloned().unwrap_or_default());
        files.push(p);
    }
    files.sort();
    let base = format!("/lib/modules/{release}");
    let mut dirs: Vec<String> = vec![
        "/lib".into(),
        "/lib/modules".into(),
        base.clone(),
        "/etc".into(),
    ];
    for f in &files {
        let mut prefix = base.clone();
        let parts: Vec<&str> = f.split('/').collect();
        for p in &parts[..parts.len().saturating_sub(1)] {
            prefix = format!("{prefix}/{p}");
            if !dirs.contains(&prefix) {
                dirs.push(prefix.clone());
            }
        }
    }
    let mut entries: Vec<Entry> = dirs.into_iter().map(Entry::Dir).collect();
    for f in &files {
        entries.push(Entry::File {
            dst: format!("{base}/{f}"),
            src: moddir.join(f),
        });
    }
    entries.push(Entry::File {
        dst: format!("{base}/modules.dep"),
        src: dep_path.clone(),
    });
    entries.push(Entry::Text {
        dst: "/etc/modules".into(),
        text: ETC_MODULES.iter().map(|m| format!("{m}\n")).collect(),
    });
    Ok(entries)
}

/// The initramfs entries of [`Extra::OwnModules`]: from our kernel's
/// installed modules (`moddir`, lib/modules/<release>), [`scenarios::OWN_MODULES`]
/// with their dependencies (xz, as modules_install compressed them), except
/// minix, decompressed and compressed again with zstd into `scratch` and
/// renamed so in the copy of modules.dep; /etc/modules naming
/// [`scenarios::OWN_ETC_MODULES`].
fn own_module_entries(
    moddir: &Path,
    release: &str,
    scratch: &Path,
) -> Result<Vec<initramfs::Entry>, String> {
    use initramfs::Entry;
    std::fs::create_dir_all(scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let dep_path = moddir.join("modules.dep");
    let mut dep =
        std::fs::read_to_string(&dep_path).map_err(|e| format!("{}: {e}", dep_path.display()))?;
    let deps = parse_modules_dep(&dep);
    let mut files: Vec<String> = Vec::new();
    let mut todo: Vec<String> = Vec::new();
    for w in scenarios::OWN_MODULES {
        let path = deps
            .keys()
            .find(|p| module_name(p) == *w)
            .ok_or_else(|| format!("module {w} not in {}", dep_path.display()))?;
        todo.push(path.clone());
    }
    while let Some(p) = todo.pop() {
        if !files.contains(&p) {
            todo.extend(deps.get(&p).cloned().unwrap_or_default());
            files.push(p);
        }
    }
    files.sort();
    let base = format!("/lib/modules/{release}");
    let mut dirs: Vec<String> = vec![
        "/lib".into(),
        "/lib/modules".into(),
        base.clone(),
        "/etc".into(),
    ];
    let mut entries = Vec::new();
    for f in &files {
        let mut src = moddir.join(f);
        let mut dst = f.clone();
        if module_name(f) == "minix" {
            let xz = f
                .strip_suffix(".ko.xz")
                .ok_or_else(|| format!("{f}: not a .ko.xz"))?;
            dst = format!("{xz}.ko.zst");
            let zst = scratch.join("minix.ko.zst");
            let sh = format!(
                "xz -dc '{}' | zstd -q -f -o '{}'",
                src.display(),
                zst.display()
            );
            let st = Command::new("sh")
                .args(["-c", &sh])
                .status()
                .map_err(|e| format!("sh: {e}"))?;
            if !st.success() {
                return Err(format!("{sh}: {st}"));
            }
            dep = dep.replace(f.as_str(), &dst);
            src = zst;
        }
        let mut prefix = base.clone();
        let parts: Vec<&str> = dst.split('/').collect();
        for p in &parts[..parts.len().saturating_sub(1)] {
            prefix = format!("{prefix}/{p}");
            if !dirs.contains(&prefix) {
                dirs.push(prefix.clone());
            }
        }
        entries.push(Entry::File {
            dst: format!("{base}/{dst}"),
            src,
        });
    }
    let mut out: Vec<Entry> = dirs.into_iter().map(Entry::Dir).collect();
    out.extend(entries);
    out.push(Entry::Text {
        dst: format!("{base}/modules.dep"),
        text: dep,
    });
    out.push(Entry::Text {
        dst: "/etc/modules".into(),
        text: scenarios::OWN_ETC_MODULES
            .iter()
            .map(|m| format!("{m}\n"))
            .collect(),
    });
    Ok(out)
}

/// modules.dep: "path: dep dep ..." per line.
fn parse_modules_dep(text: &str) -> HashMap<String, Vec<String>> {
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(m, d)| {
            (
                m.trim().to_string(),
                d.split_whitespace().map(String::from).collect(),
            )
        })
        .collect()
}

/// kernel/drivers/block/virtio_blk.ko.xz -> virtio_blk
fn module_name(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split(".ko").next().unwrap_or(file);
    stem.replace('-', "_")
}

fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Whether the console has said enough: the marker's end, a panic, or (for a
/// failure scenario) kinit's message followed by 3 quiet seconds.
fn judge(check: &Check, c: &str, satisfied: &mut Option<Instant>) -> qemu::Verdict {
    if console::panicked(c) {
        // Let the panic message finish.
        let t = satisfied.get_or_insert_with(Instant::now);
        return if t.elapsed() > Duration::from_secs(1) {
            qemu::Verdict::Stop
        } else {
            qemu::Verdict::Wait
        };
    }
    match check {
        Check::Boots { .. } => {
            if c.contains("boot-marker: end") {
                qemu::Verdict::Stop
            } else {
                qemu::Verdict::Wait
            }
        }
        Check::Shell { says } => {
            if c.contains(says.last().copied().unwrap_or("")) {
                qemu::Verdict::Stop
            } else {
                qemu::Verdict::Wait
            }
        }
        Check::Fails { kinit_says } => {
            if missing_says(kinit_says, c).is_empty() || c.contains("boot-marker: end") {
                let t = satisfied.get_or_insert_with(Instant::now);
                if t.elapsed() >= Duration::from_secs(3) {
                    return qemu::Verdict::Stop;
                }
            }
            qemu::Verdict::Wait
        }
    }
}

/// The `kinit_says` entries with no matching `kinit:` line.
fn missing_says(says: &[&'static str], c: &str) -> Vec<&'static str> {
    let lines = console::kinit_lines(c);
    says.iter()
        .copied()
        .filter(|alts| !alts.split('|').any(|a| lines.iter().any(|l| l.contains(a))))
        .collect()
}

/// Checks a finished boot against the scenario's console rules (rules.rs,
/// which the LAVA jobs carry too); returns (passed, what went wrong).
fn evaluate(s: &Scenario, kernel: &Kernel, out: &qemu::Outcome) -> (bool, String) {
    let rules = rules::for_scenario(s, &kernel.release);
    let mut errors = rules::check(&rules, &out.console).unwrap_or_else(|e| vec![e]);
    if let Some(e) = &out.monitor_error {
        errors.push(format!("hot-adding the disk failed: {e}"));
    }
    if out.timed_out && !errors.is_empty() {
        errors.push("(timed out)".into());
    }
    (errors.is_empty(), errors.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_and_deps() {
        assert_eq!(
            module_name("kernel/drivers/block/virtio_blk.ko"),
            "virtio_blk"
        );
        assert_eq!(module_name("kernel/fs/ext4/ext4.ko.xz"), "ext4");
        assert_eq!(module_name("kernel/x/snd-hda.ko.zst"), "snd_hda");
        let d = parse_modules_dep("a/x.ko: b/y.ko c/z.ko\nb/y.ko:\n");
        assert_eq!(d["a/x.ko"], ["b/y.ko", "c/z.ko"]);
        assert!(d["b/y.ko"].is_empty());
    }

    #[test]
    fn failure_messages_match_alternatives() {
        let c = "[ 1.0] kinit: cannot mount /dev/vda: Invalid argument\n";
        assert!(missing_says(&["vda|xfs"], c).is_empty());
        assert_eq!(missing_says(&["vdz"], c), ["vdz"]);
        assert_eq!(missing_says(&["vda"], "vda but not from kinit\n"), ["vda"]);
    }

    #[test]
    fn scenario_names_are_unique() {
        let all = scenarios::all();
        for (i, s) in all.iter().enumerate() {
            assert!(all[i + 1..].iter().all(|t| t.name != s.name), "{}", s.name);
        }
    }
}
