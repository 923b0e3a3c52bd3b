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
//! scenario asks for it on x86_64, a modular kernel built here on the other
//! architectures), BOOT_TESTS_ARCH (which architectures boot, each the whole
//! matrix or a smoke set, see arch.rs; default x86_64's whole matrix and a
//! smoke set on aarch64 and riscv64 on the first kernel), BOOT_TESTS_OPTIN
//! (scenario names, comma-separated, or "all": also run those left out of
//! the default run), BOOT_TESTS_ACCEL
//! (tcg, the default; kvm; auto = kvm if a probe boot under it succeeds),
//! BOOT_TESTS_JOBS (boots at a time, default one per core up to 2),
//! BOOT_TESTS_TIMEOUT (seconds per boot, default 60; doubled for Debian's),
//! BOOT_TESTS_BZIMAGE_6_12 / _6_1 (use that bzImage, with a kernel.release
//! file beside it, instead of building one), BOOT_TESTS_KINIT_BUILDS (which
//! kinit build a scenario boots, see below).
//! Tests on x86_64 are named "<kernel>: <scenario>", on the others
//! "<arch> <kernel>: <scenario>".
//! Kernels are cached in $EARLYUSER_CACHE/kernels; everything else goes to
//! target/boot-tests/ (cargo builds in cargo/, images and logs in run-<pid>/).
//!
//! Two builds of kinit: cargo's (this workspace, in an external initramfs)
//! and the kernel's own `make` (our kernels are built with this tree at usr/
//! and INITRAMFS_KINIT=y: booted with no initrd, the make-built kinit runs).
//! The scenarios that boot a kinit built for the kernel run on one of them
//! per kernel by default — make-built on 6.12 ("6.12 make: ..."), cargo-built
//! on 6.1 — so that each build runs every scenario within the time budget;
//! BOOT_TESTS_KINIT_BUILDS=both runs both on every kernel, =cargo or =make
//! only that one. The skewed, local-only and rescue-shell scenarios use
//! their own cargo-built initramfs on every kernel.

mod arch;
mod artifacts;
mod console;
mod dhcp_garbage;
mod engines;
mod exclusions;
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

use arch::{Arch, Matrix};
use artifacts::{Artifacts, Kernel, KernelKind};
use scenarios::{Check, Disk, Extra, Fault, KernelSel, KinitSel, Net, Scenario};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// Debian's OVMF (`ovmf`) and systemd-boot (`systemd-boot-efi`).
const OVMF_CODE: &str = "/usr/share/OVMF/OVMF_CODE_4M.fd";
const OVMF_VARS: &str = "/usr/share/OVMF/OVMF_VARS_4M.fd";
const SYSTEMD_BOOT: &str = "/usr/lib/systemd/boot/efi/systemd-bootx64.efi";

/// One test: a scenario on one arch's kernel, with one build of kinit.
struct Test {
    arch: &'static Arch,
    /// The version ("6.12"), or "debian" for Debian's x86_64 kernel.
    kernel: String,
    matrix: Matrix,
    scenario: Scenario,
    build: KinitBuild,
}

/// Which build of kinit a test boots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KinitBuild {
    /// Built by cargo, in an external initramfs.
    Cargo,
    /// Built by the kernel's make and linked into it: booted with no initrd.
    Make,
}

impl Test {
    fn name(&self) -> String {
        match self.build {
            KinitBuild::Cargo => format!("{}: {}", self.label(), self.scenario.name),
            KinitBuild::Make => format!("{} make: {}", self.label(), self.scenario.name),
        }
    }

    /// The kernel part of the name: "6.12", "aarch64 6.12".
    fn label(&self) -> String {
        self.arch.label(&self.kernel)
    }

    /// Which of scripts/boot-kernel-arch's kernels an arch other than
    /// x86_64 boots: the module scenario's (Debian's on x86_64) is built
    /// here with modules, the smoke set's has only what it needs.
    fn kernel_kind(&self) -> KernelKind {
        match (self.scenario.kernel, self.matrix) {
            (KernelSel::Debian, _) => KernelKind::Modular,
            (KernelSel::Own, Matrix::Smoke) => KernelKind::Smoke,
            (KernelSel::Own, Matrix::Full) => KernelKind::Full,
        }
    }
}

/// The kinit builds a scenario runs on for kernel `k` (BOOT_TESTS_KINIT_BUILDS).
/// By default the smoke set of another arch runs on both (a few boots, and
/// the only ones of that arch in the default run), a whole matrix on the
/// make-built kinit on 6.12 and on the cargo-built one elsewhere.
fn builds_for(arch: &Arch, m: Matrix, k: &str, s: &Scenario, choice: &str) -> Vec<KinitBuild> {
    // Only a kinit built for the kernel, booting from the kernel's own
    // initramfs, can be the make-built one (scripts/boot-kernel and
    // boot-kernel-arch build every kernel with this tree at usr/).
    let makeable = s.kernel == KernelSel::Own
        && s.kinit == KinitSel::Matching
        && s.initramfs == Extra::None
        && !s.efi
        && !matches!(s.check, Check::Shell { .. });
    if !makeable {
        return vec![KinitBuild::Cargo];
    }
    match choice {
        "both" => vec![KinitBuild::Cargo, KinitBuild::Make],
        "cargo" => vec![KinitBuild::Cargo],
        "make" => vec![KinitBuild::Make],
        _ if !arch.is_native() && m == Matrix::Smoke => vec![KinitBuild::Cargo, KinitBuild::Make],
        _ if k == "6.12" => vec![KinitBuild::Make],
        _ => vec![KinitBuild::Cargo],
    }
}

/// The tests of the arches and matrices selected, on `kernels` (the smoke
/// set on the first of them only), in run order; `builds` is
/// BOOT_TESTS_KINIT_BUILDS.
fn tests_for(selection: &[(&'static Arch, Matrix)], kernels: &[String], builds: &str) -> Vec<Test> {
    let all = scenarios::all();
    let mut tests = Vec::new();
    for &(arch, matrix) in selection {
        let test = |kernel: &str, s: &Scenario| Test {
            arch,
            kernel: kernel.to_string(),
            matrix,
            scenario: s.clone(),
            build: KinitBuild::Cargo,
        };
        match matrix {
            Matrix::Smoke => {
                for k in kernels.iter().take(1) {
                    for s in all.iter().filter(|s| arch::SMOKE.contains(&s.name)) {
                        tests.push(test(k, s));
                    }
                }
            }
            Matrix::Full => {
                for k in kernels {
                    for s in all.iter().filter(|s| s.kernel == KernelSel::Own) {
                        tests.push(test(k, s));
                    }
                }
                let debian: Vec<&Scenario> = all
                    .iter()
                    .filter(|s| s.kernel == KernelSel::Debian)
                    .collect();
                if arch.is_native() {
                    tests.extend(debian.iter().map(|s| test("debian", s)));
                } else {
                    for k in kernels {
                        tests.extend(debian.iter().map(|s| test(k, s)));
                    }
                }
            }
        }
    }
    tests
        .into_iter()
        .flat_map(|t| {
            builds_for(t.arch, t.matrix, &t.kernel, &t.scenario, builds)
                .into_iter()
                .map(move |build| Test {
                    kernel: t.kernel.clone(),
                    scenario: t.scenario.clone(),
                    build,
                    ..t
                })
        })
        .collect()
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

    // The one list of exclusions, with reasons; every scenario left out of
    // the default run must have its entry there.
    let excluded = match exclusions::load(&root) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("boot-tests: {e}");
            return ExitCode::FAILURE;
        }
    };
    let all = scenarios::all();
    let names: Vec<&str> = all.iter().map(|s| s.name).collect();
    let stale = exclusions::unknown_scenarios(&excluded, &names);
    let unexplained: Vec<&str> = all
        .iter()
        .filter(|s| {
            !s.default
                && !excluded
                    .iter()
                    .any(|e| e.suite == "boot" && e.test.ends_with(&format!(": {}", s.name)))
        })
        .map(|s| s.name)
        .collect();
    if !stale.is_empty() || !unexplained.is_empty() {
        eprintln!(
            "boot-tests: tests/exclusions names no scenario: {:?}; scenarios left out with no reason there: {:?}",
            stale, unexplained
        );
        return ExitCode::FAILURE;
    }
    let selection = match arch::select(std::env::var("BOOT_TESTS_ARCH").ok().as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("boot-tests: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut builds = std::env::var("BOOT_TESTS_KINIT_BUILDS").unwrap_or_default();
    // LAVA jobs boot with an initrd: by default the cargo-built kinit there.
    if opts.lava() && ["", "default"].contains(&builds.as_str()) {
        builds = "cargo".into();
    }
    if !["", "default", "both", "cargo", "make"].contains(&builds.as_str()) {
        eprintln!(
            "boot-tests: BOOT_TESTS_KINIT_BUILDS={builds}: want default, both, cargo or make"
        );
        return ExitCode::FAILURE;
    }
    let mut tests = tests_for(&selection, &kernels, &builds);
    let mut left_out = Vec::new();
    tests.retain(|t| {
        let entry = exclusions::boot_entry(&excluded, &t.label(), t.scenario.name);
        let keep = opted(&t.scenario) || (t.scenario.default && entry.is_none());
        if !keep {
            let why = entry.map_or("(no reason)", |e| e.reason.as_str());
            left_out.push(format!("{} -- {why}", t.name()));
        }
        keep
    });
    if !filters.is_empty() {
        tests.retain(|t| filters.iter().any(|f| t.name().contains(f.as_str())));
    }
    let engine_notes = engines::select(&opts, &mut tests);
    // The boots that kill the NFS server run last, one at a time, each with
    // a server of its own (there is one nfs-ganesha per machine).
    tests.sort_by_key(|t| alone(&t.scenario));
    let shared = tests.iter().filter(|t| !alone(&t.scenario)).count();
    if list_only {
        for t in &tests {
            println!("{}", t.name());
        }
        return ExitCode::SUCCESS;
    }

    let started = Instant::now();
    let mut k = ktap::Ktap::start(tests.len());
    ktap::diag(&format!(
        "excluded (tests/exclusions; BOOT_TESTS_OPTIN runs them): {}",
        if left_out.is_empty() { "none" } else { "" }
    ));
    for l in &left_out {
        ktap::diag(&format!("  {l}"));
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
                let Some(p) = prepared.get(i).filter(|_| i < shared) else {
                    break;
                };
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
    // The shared NFS server goes; each boot that kills one gets its own.
    ctx.nfs = None;
    for (t, p) in tests.iter().zip(&prepared).skip(shared) {
        let o = match p {
            Ok(p) => {
                let server = ctx.art.boot_marker(p.arch).and_then(|m| {
                    let s = nfs_server::NfsServer::start(&ctx.art.work.join("nfs"))?;
                    s.tree(p.arch.name, &m)?;
                    Ok(s)
                });
                match server {
                    Ok(mut server) => engines::run_alone(p, &mut server),
                    Err(e) => engines::setup_failed(&format!("NFS server: {e}")),
                }
            }
            Err(e) => engines::setup_failed(e),
        };
        qemu_time += o.time();
        engines::report(&mut k, &t.name(), &o);
        outcomes.push(o);
    }
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
    /// By arch (their init is boot-marker built for it) and disk.
    disks: HashMap<(&'static str, Disk), Result<PathBuf, String>>,
    initrds: HashMap<(String, KinitSel, Extra), Result<PathBuf, String>>,
    accel: Option<qemu::Accel>,
    /// Started by the first NFS scenario, stopped when the run ends.
    nfs: Option<Result<nfs_server::NfsServer, String>>,
    /// The export's tree for each arch, made on first use.
    nfs_trees: HashMap<&'static str, Result<PathBuf, String>>,
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
            nfs_trees: HashMap::new(),
            verity: None,
        }
    }

    /// Builds everything a test's boot needs.
    fn prepare(&mut self, t: &Test) -> Result<Prepared, String> {
        let s = &t.scenario;
        let arch = t.arch;
        let label = t.label();
        if let Some(why) = host_only(s).filter(|_| !arch.is_native()) {
            return Err(format!("{} runs on x86_64 only: {why}", s.name));
        }
        let kernel = if arch.is_native() {
            self.art.kernel(&t.kernel)?
        } else {
            self.art.arch_kernel(arch, &t.kernel, t.kernel_kind())?
        };
        let initrd = match (t.build, &s.check) {
            (KinitBuild::Make, _) => {
                if kernel.make_kinit.is_none() {
                    return Err(format!(
                        "{} has no make-built kinit beside it (not built with this tree at usr/)",
                        kernel.image.display()
                    ));
                }
                None
            }
            (KinitBuild::Cargo, Check::Shell { .. }) => {
                Some(self.rescue_initrd(arch, &label, &kernel)?)
            }
            (KinitBuild::Cargo, _) => {
                Some(self.initrd(arch, &label, &kernel, s.kinit, s.initramfs)?)
            }
        };
        let mut disks = Vec::new();
        for d in s.disks {
            disks.push(self.disk(arch, *d)?);
        }
        let late = match s.late {
            Some(d) => Some(self.disk(arch, d)?),
            None => None,
        };
        let debian = t.kernel == "debian";
        let timeout: u64 = std::env::var("BOOT_TESTS_TIMEOUT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(60);
        let dir = self.art.work.join("boots").join(format!(
            "{}{}-{}",
            slug(&label),
            if t.build == KinitBuild::Make {
                "-make"
            } else {
                ""
            },
            slug(s.name)
        ));
        // KVM runs the host's own arch only.
        let accel = if arch.is_native() {
            self.accel(&kernel)?
        } else {
            qemu::Accel::Tcg
        };
        let mut append = format!("{} {}", arch.base_append(), s.append);
        if s.net == Net::Nfs {
            append = append.replace(nfs_server::EXPORT_PLACEHOLDER, &self.nfs_export(arch)?);
        }
        let timeout = s.timeout_s.unwrap_or(timeout);
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
            let initrd = initrd
                .as_deref()
                .ok_or("an EFI boot takes its initramfs from the ESP: cargo-built kinit only")?;
            disks.push(self.esp_disk(&label, &kernel, initrd, &append)?);
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
            arch,
            smb,
            efi,
            share,
            scenario: s.clone(),
            panic: scenarios::panic_of(&append),
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

    /// The path of `arch`'s tree in the NFS server's export, starting the
    /// server and making the tree on first use.
    fn nfs_export(&mut self, arch: &'static Arch) -> Result<String, String> {
        if self.nfs.is_none() {
            let dir = self.art.work.join("nfs");
            self.nfs = Some(nfs_server::NfsServer::start(&dir));
        }
        let server = match &self.nfs {
            Some(Ok(s)) => s,
            Some(Err(e)) => return Err(e.clone()),
            None => return Err("no NFS server".into()),
        };
        if !self.nfs_trees.contains_key(arch.name) {
            let tree = self
                .art
                .boot_marker(arch)
                .and_then(|marker| server.tree(arch.name, &marker));
            self.nfs_trees.insert(arch.name, tree);
        }
        match &self.nfs_trees[arch.name] {
            Ok(p) => Ok(p.display().to_string()),
            Err(e) => Err(e.clone()),
        }
    }

    /// The accelerator: TCG unless asked otherwise; "auto" tries KVM once with
    /// a probe boot (init = boot-marker straight from the initramfs).
    fn accel(&mut self, kernel: &Kernel) -> Result<qemu::Accel, String> {
        if let Some(a) = self.accel {
            return Ok(a);
        }
        let host = arch::find("x86_64")?;
        let marker = self.art.boot_marker(host)?;
        let gen = self.art.gen_init_cpio()?;
        let probe_initrd = self.art.work.join("probe.cpio");
        initramfs::build(&gen, &marker, &[], "none", &probe_initrd)?;
        let dir = self.art.work.join("boots/kvm-probe");
        let boot = qemu::Boot {
            arch: host,
            kernel: &kernel.image,
            initrd: Some(&probe_initrd),
            append: host.base_append(),
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

    fn disk(&mut self, arch: &'static Arch, d: Disk) -> Result<PathBuf, String> {
        if let Some(r) = self.disks.get(&(arch.name, d)) {
            return r.clone();
        }
        let r = self.make_disk(arch, d);
        self.disks.insert((arch.name, d), r.clone());
        r
    }

    fn make_disk(&mut self, arch: &'static Arch, d: Disk) -> Result<PathBuf, String> {
        use images::{Fs, FsSpec, Layout, Part, Table};
        use scenarios::*;
        let marker = self.art.boot_marker(arch)?;
        let dir = self.art.work.join("images");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let out = if arch.is_native() {
            dir.join(format!("{d:?}.img"))
        } else {
            dir.join(format!("{}-{d:?}.img", arch.name))
        };
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
            Disk::InitNoExec => images::make_fs(&ext4(Layout::InitNoExec), &marker, &out)?,
            Disk::InitDangling => images::make_fs(&ext4(Layout::InitDangling), &marker, &out)?,
            Disk::Ext4Unreplayed => {
                images::make_fs(&ext4(Layout::Standard), &marker, &out)?;
                images::unreplayed_journal(&out)?
            }
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
                self.disks.insert(
                    (arch.name, other),
                    Ok(members[1 - member.min(1) as usize].clone()),
                );
                return Ok(members[member.min(1) as usize].clone());
            }
        }
        Ok(out)
    }

    /// An old-style initrd image (ext2): tests/src/linuxrc.c built static as
    /// /linuxrc, or boot-marker as /sbin/init.
    fn initrd_image(&mut self, kind: scenarios::InitrdImage) -> Result<PathBuf, String> {
        use images::{Fs, FsSpec};
        let marker = self.art.boot_marker(arch::find("x86_64")?)?;
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
            let marker = self.art.boot_marker(arch::find("x86_64")?)?;
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
            let marker = self.art.boot_marker(arch::find("x86_64")?)?;
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
        let marker = self.art.boot_marker(arch::find("x86_64")?)?;
        let dir = self.art.work.join("images");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let out = dir.join(format!("esp-{name}-{}.img", slug(append)));
        images::make_esp_disk(&marker, &kernel.image, initrd, append, SYSTEMD_BOOT, &out)?;
        Ok(out)
    }

    /// dash built on klibc (scripts/klibc-dash), cached by the script.
    /// dash on klibc for `arch` (scripts/klibc-dash).
    fn dash(&self, arch: &Arch) -> Result<PathBuf, String> {
        let mut cmd = Command::new(self.art.root.join("scripts/klibc-dash"));
        if !arch.is_native() {
            cmd.arg(arch.name);
        }
        let o = cmd
            .output()
            .map_err(|e| format!("scripts/klibc-dash: {e}"))?;
        if !o.status.success() {
            return Err(format!(
                "scripts/klibc-dash {}: {}",
                arch.name,
                String::from_utf8_lossy(&o.stderr).trim()
            ));
        }
        Ok(PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
    }

    /// Both members of an md set, with the root filesystem in the array.
    fn md_members(&mut self, set: md_images::MdSet) -> Result<Vec<PathBuf>, String> {
        use md_images::MdSet;
        let marker = self.art.boot_marker(arch::find("x86_64")?)?;
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
                let dash = self.dash(arch::find("x86_64")?)?;
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

    /// The initramfs for a kernel: kinit for its arch built for its release
    /// (or a skewed one, or one without network boot), xz-compressed for
    /// 6.12 and gzip for the others; a kernel with modules (Debian's, the
    /// modular ones built here) also gets those for virtio_blk and ext4
    /// with modules.dep. `label` names the kernel ("6.12", "aarch64 6.1").
    fn initrd(
        &mut self,
        arch: &'static Arch,
        label: &str,
        kernel: &Arc<Kernel>,
        sel: KinitSel,
        extra: Extra,
    ) -> Result<PathBuf, String> {
        let key = (format!("{label} {}", kernel.image.display()), sel, extra);
        if let Some(r) = self.initrds.get(&key) {
            return r.clone();
        }
        let r = self.make_initrd(arch, label, kernel, sel, extra);
        self.initrds.insert(key, r.clone());
        r
    }

    /// The rescue-shell initramfs: dash built on klibc (scripts/klibc-dash)
    /// as /init and /bin/sh, and the scenario's script.
    fn rescue_initrd(
        &mut self,
        arch: &'static Arch,
        label: &str,
        kernel: &Kernel,
    ) -> Result<PathBuf, String> {
        let dash = self.dash(arch)?;
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
        let out = dir.join(format!("{}-{}-rescue.cpio.gz", slug(label), kernel.release));
        initramfs::build(&gen, &dash, &extra, "gzip", &out)?;
        Ok(out)
    }

    fn make_initrd(
        &mut self,
        arch: &'static Arch,
        label: &str,
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
        let kinit = if sel == KinitSel::Faults {
            self.art.kinit_faults(arch, release)?
        } else {
            self.art.kinit(arch, release, net)?
        };
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
                let dash = self.dash(arch)?;
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
                        "kernel {label} has no modules (CONFIG_MODULES in tests/kernel/boot.config)"
                    )
                })?;
                let scratch = dir.join(format!("{}-own-modules", slug(label)));
                extra.extend(own_module_entries(moddir, &kernel.release, &scratch)?);
                "-own-modules"
            }
        };
        let (compress, ext) = if kernel.release.starts_with("6.12.") {
            ("xz", "xz")
        } else {
            ("gzip", "gz")
        };
        let local = match sel {
            KinitSel::Local => "-local",
            KinitSel::Faults => "-faults",
            _ => "",
        };
        let modular = if kernel.package_root.is_some() {
            "-modules"
        } else {
            ""
        };
        let out = dir.join(format!(
            "{}-{release}{local}{modular}{tag}.cpio.{ext}",
            slug(label)
        ));
        initramfs::build(&gen, &kinit, &extra, compress, &out)?;
        Ok(out)
    }
}

/// Why a scenario runs on the host's arch (x86_64) only, if it does: its
/// images or firmware are made for that arch alone.
fn host_only(s: &Scenario) -> Option<&'static str> {
    use scenarios::Disk::*;
    if s.efi {
        return Some("OVMF and systemd-boot are x86_64's");
    }
    if s.share.is_some() || s.net == Net::Smb {
        return Some("the shared root tree holds x86_64's boot-marker");
    }
    if matches!(s.initramfs, Extra::Initrd(_)) {
        return Some("the initrd images hold x86_64's /linuxrc and boot-marker");
    }
    let host_disk = |d: &Disk| {
        matches!(
            d,
            Md(..)
                | VerityData
                | VerityHash
                | VerityDataCorrupt
                | VerityGpt
                | DpsGpt
                | DpsGptReadOnly
                | DpsGptNoAuto
        )
    };
    if s.disks.iter().chain(s.late.iter()).any(host_disk) {
        return Some("its md, verity and DPS images are made once, with x86_64's boot-marker");
    }
    None
}

/// A test with everything built, ready to boot (on any thread).
struct Prepared {
    arch: &'static Arch,
    /// The directory QEMU serves over SMB, if any.
    smb: Option<PathBuf>,
    /// UEFI firmware to boot through (the kernel is then on an ESP disk).
    efi: Option<qemu::Efi>,
    /// The root directory exported to the guest, if any.
    share: Option<qemu::Share>,
    scenario: Scenario,
    /// The boot's `panic=` (see [`scenarios::panic_of`]).
    panic: i64,
    /// The kernel command line (the scenario's, NFS export path filled in).
    append: String,
    kernel: Arc<Kernel>,
    /// None: the kernel's built-in initramfs (the make-built kinit).
    initrd: Option<PathBuf>,
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
fn run_boot(p: &Prepared, nfs: Option<&mut nfs_server::NfsServer>) -> (bool, String, Duration) {
    match try_run_boot(p, nfs) {
        Ok(r) => r,
        Err(e) => (false, format!("setup failed: {e}"), Duration::ZERO),
    }
}

/// Whether a scenario's boot must run alone, after the others.
fn alone(s: &Scenario) -> bool {
    s.fault == Fault::KillNfs
}

/// `nfs`: the NFS server of a boot that runs alone, killed when kinit
/// pauses (Fault::KillNfs).
fn try_run_boot(
    p: &Prepared,
    mut nfs: Option<&mut nfs_server::NfsServer>,
) -> Result<(bool, String, Duration), String> {
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
        arch: p.arch,
        kernel: &p.kernel.image,
        initrd: p.initrd.as_deref(),
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
    let mut extra = qemu::Extra {
        readonly: s.readonly,
        ..qemu::Extra::default()
    };
    if s.fault == Fault::DriveDel {
        extra
            .monitor
            .push((scenarios::PAUSE_LINE.into(), "drive_del virtio0".into()));
    }
    let dhcp = match s.net {
        Net::GarbageDhcp => Some(dhcp_garbage::GarbageDhcp::start()?),
        _ => None,
    };
    extra.netdev = dhcp.as_ref().map(|d| d.netdev());
    let mut satisfied: Option<Instant> = None;
    let mut killed = false;
    let check = s.check.clone();
    let out = qemu::run_with(&boot, &extra, |c| {
        if s.fault == Fault::KillNfs && !killed && c.contains(scenarios::PAUSE_LINE) {
            if let Some(server) = nfs.as_deref_mut() {
                server.kill();
                killed = true;
            }
        }
        judge(&check, p.panic, c, &mut satisfied)
    })
    .map_err(|e| format!("running {}: {e}", p.arch.qemu))?;
    let dhcp = dhcp.map(|d| d.finish());
    // The disk copies are not needed once the console is read.
    for i in 0..10 {
        let _ = std::fs::remove_file(p.dir.join(format!("disk{i}.img")));
    }
    let (mut ok, mut diag) = evaluate(s, &p.kernel, &out, p.panic);
    let mut fault_errors = Vec::new();
    if s.fault == Fault::KillNfs && !killed {
        fault_errors.push("kinit never paused: the NFS server was not killed".to_string());
    }
    if let Some(d) = &dhcp {
        diag.push_str(&format!(
            "\nDHCP garbage: {} requests, {} broken replies sent",
            d.requests, d.garbage_sent
        ));
        // every kind of garbage, and then requests nobody answered
        if d.garbage_sent < dhcp_garbage::KINDS.len() || d.requests <= dhcp_garbage::ROUNDS {
            fault_errors.push(format!(
                "want {} rounds of garbage and then unanswered requests",
                dhcp_garbage::ROUNDS
            ));
        }
    }
    if !fault_errors.is_empty() {
        ok = false;
        diag = format!("{}\n{diag}", fault_errors.join("\n"));
    }
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
/// failure scenario) kinit's messages and its halt line (`panic=0`) followed
/// by 3 quiet seconds; a failure with `panic=` other than 0 ends in a reboot,
/// which ends QEMU (-no-reboot).
fn judge(check: &Check, panic: i64, c: &str, satisfied: &mut Option<Instant>) -> qemu::Verdict {
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
            let halted = panic == 0
                && missing_says(kinit_says, c).is_empty()
                && missing_says(&[rules::GAVE_UP], c).is_empty();
            if halted || c.contains("boot-marker: end") {
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
/// which the LAVA jobs carry too) and, for a boot that must fail, how the
/// machine ended against its `panic=` (only the harness sees QEMU exit);
/// returns (passed, what went wrong).
fn evaluate(s: &Scenario, kernel: &Kernel, out: &qemu::Outcome, panic: i64) -> (bool, String) {
    let c = &out.console;
    let rules = rules::for_scenario(s, &kernel.release);
    let mut errors = rules::check(&rules, c).unwrap_or_else(|e| vec![e]);
    if let Some(e) = &out.monitor_error {
        errors.push(format!("hot-adding the disk failed: {e}"));
    }
    if matches!(s.check, Check::Fails { .. }) {
        let reboot = console::reboot_time(c);
        match (panic, out.exited, reboot) {
            (0, false, None) => {}
            (0, _, _) => errors.push("panic=0: the VM rebooted instead of halting".into()),
            (_, true, Some(at)) if panic > 0 => {
                // kinit gives up within seconds of /init, then sleeps
                // panic= seconds of guest time
                let from = console::run_init_time(c).unwrap_or(f64::MAX);
                let waited = at - from;
                if !(panic as f64..panic as f64 + 10.0).contains(&waited) {
                    errors.push(format!(
                        "panic={panic}: rebooted {waited:.1} s after /init started, want {panic} to {} s",
                        panic + 10
                    ));
                }
            }
            (_, true, Some(_)) => {}
            _ => errors.push(format!(
                "panic={panic}: no reboot (QEMU {}, kernel's reboot line {})",
                if out.exited {
                    "exited"
                } else {
                    "still running"
                },
                if reboot.is_some() { "seen" } else { "missing" }
            )),
        }
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
    fn arch_tests_are_named_and_selected() {
        let all = scenarios::all();
        for name in arch::SMOKE {
            assert!(all.iter().any(|s| s.name == *name), "{name}");
        }
        let kernels = ["6.12".to_string(), "6.1".to_string()];
        let names = |sel: &str| -> Vec<String> {
            tests_for(&arch::select(Some(sel)).unwrap(), &kernels, "cargo")
                .iter()
                .map(Test::name)
                .collect()
        };
        let smoke = names("aarch64:smoke");
        assert_eq!(smoke.len(), arch::SMOKE.len());
        assert!(smoke.iter().all(|n| n.starts_with("aarch64 6.12: ")));
        // the whole matrix: every scenario on both kernels, the module
        // scenario on a modular kernel of each version
        let own = all.iter().filter(|s| s.kernel == KernelSel::Own).count();
        let full = names("riscv64");
        assert_eq!(full.len(), 2 * all.len());
        assert!(full.contains(&"riscv64 6.1: modules".to_string()));
        assert!(full.contains(&"riscv64 6.12: root=/dev/vda".to_string()));
        // x86_64 keeps its names; Debian's kernel runs its module scenario
        let x86 = names("x86_64");
        assert_eq!(x86.len(), 2 * own + all.len() - own);
        assert!(x86.contains(&"6.1: root=/dev/vda".to_string()));
        assert!(x86.contains(&"debian: modules".to_string()));
    }

    #[test]
    fn scenario_names_are_unique() {
        let all = scenarios::all();
        for (i, s) in all.iter().enumerate() {
            assert!(all[i + 1..].iter().all(|t| t.name != s.name), "{}", s.name);
        }
    }
}
