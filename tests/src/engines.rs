//! The engines a selection of boot tests runs on, chosen on the command
//! line: the harness (qemu.rs), LAVA through lava-run (lava.rs), both side
//! by side to show that they agree, or only the LAVA job files for a lab;
//! and, whatever ran, a KCIDB report of it (kcidb.rs).
//!
//!     --lava-run        boot through lava-run instead of the harness
//!     --lava-compare    boot through both; a test passes when both give the
//!                       verdict it should (each runner's is a KTAP subtest),
//!                       with a scenario that must fail added (lava::probe)
//!     --lava-jobs DIR   write DIR/<test>/{job,device,dispatcher}.yaml and
//!                       the artifacts they name, boot nothing
//!     --kcidb FILE      write the run as KCIDB JSON (one test per runner's
//!                       verdict, as in the KTAP output)
//!
//! Each test's LAVA job is for its own arch (BOOT_TESTS_ARCH, tests/arches).

use crate::ktap::{self, Ktap};
use crate::nfs_server::NfsServer;
use crate::scenarios::KernelSel;
use crate::{kcidb, lava, rules, KinitBuild, Prepared, Test};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Harness,
    LavaRun,
    LavaCompare,
    LavaJobs(PathBuf),
}

pub struct Options {
    pub mode: Mode,
    pub kcidb: Option<PathBuf>,
    pub list: bool,
    pub filters: Vec<String>,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options {
            mode: Mode::Harness,
            kcidb: None,
            list: false,
            filters: Vec::new(),
        };
        let mut it = args.iter();
        let mut modes = 0;
        while let Some(a) = it.next() {
            let mut value = |flag: &str| {
                it.next()
                    .filter(|v| !v.is_empty())
                    .cloned()
                    .ok_or_else(|| format!("{flag} wants a value"))
            };
            match a.as_str() {
                "--list" => o.list = true,
                "--lava-run" => (o.mode, modes) = (Mode::LavaRun, modes + 1),
                "--lava-compare" => (o.mode, modes) = (Mode::LavaCompare, modes + 1),
                "--lava-jobs" => {
                    o.mode = Mode::LavaJobs(PathBuf::from(value(a)?));
                    modes += 1;
                }
                "--kcidb" => o.kcidb = Some(PathBuf::from(value(a)?)),
                f if f.starts_with("--") => return Err(format!("unknown option {f}")),
                f => o.filters.push(f.to_string()),
            }
        }
        if modes > 1 {
            return Err("--lava-run, --lava-compare and --lava-jobs exclude each other".into());
        }
        Ok(o)
    }

    pub fn lava(&self) -> bool {
        self.mode != Mode::Harness
    }
}

/// One runner's verdict on a test.
pub struct Run {
    pub runner: &'static str,
    pub ok: bool,
    pub diag: String,
    pub time: Duration,
    pub log: Option<PathBuf>,
}

/// A test's result: its own verdict, and each runner's.
pub struct Outcome {
    pub ok: bool,
    pub diag: String,
    pub runs: Vec<Run>,
    /// The runs are KTAP subtests (--lava-compare).
    pub nested: bool,
    pub started: SystemTime,
}

impl Outcome {
    /// The outcome of one runner's run that began at `started`.
    fn single(r: Run, started: SystemTime) -> Outcome {
        Outcome {
            ok: r.ok,
            diag: r.diag.clone(),
            runs: vec![r],
            nested: false,
            started,
        }
    }

    pub fn time(&self) -> Duration {
        self.runs.iter().map(|r| r.time).sum()
    }
}

pub fn setup_failed(e: &str) -> Outcome {
    Outcome {
        ok: false,
        diag: format!("setup failed: {e}"),
        runs: Vec::new(),
        nested: false,
        started: SystemTime::now(),
    }
}

/// Adjusts the selection for the engine: the scenarios LAVA cannot run
/// are taken out (returned with the reason, to be printed), and
/// --lava-compare adds the scenario that must fail.
pub fn select(o: &Options, tests: &mut Vec<Test>) -> Vec<String> {
    let mut notes = Vec::new();
    if !o.lava() {
        return notes;
    }
    tests.retain(|t| match lava::unsupported(&t.scenario) {
        // A LAVA job boots with its ramdisk; the make-built kinit is in the
        // kernel's own initramfs and boots without one.
        None if t.build == KinitBuild::Make => {
            notes.push(format!(
                "not a LAVA job: {} (the make-built kinit boots with no initrd)",
                t.name()
            ));
            false
        }
        Some(why) => {
            notes.push(format!("not a LAVA job: {} ({why})", t.name()));
            false
        }
        None => true,
    });
    if o.mode == Mode::LavaCompare {
        // On one of our kernels (Debian's needs its modules loaded).
        let probe = match tests.iter().find(|t| t.scenario.kernel == KernelSel::Own) {
            Some(t) => Test {
                scenario: lava::probe(),
                kernel: t.kernel.clone(),
                build: KinitBuild::Cargo,
                ..*t
            },
            None => Test {
                arch: crate::arch::find("x86_64").expect("tests/arches has x86_64"),
                kernel: "6.12".into(),
                matrix: crate::arch::Matrix::Full,
                scenario: lava::probe(),
                build: KinitBuild::Cargo,
            },
        };
        tests.push(probe);
    }
    notes
}

fn job<'a>(t: &Test, p: &'a Prepared) -> Result<lava::Job<'a>, String> {
    Ok(lava::Job {
        name: t.name(),
        arch: t.arch,
        p,
        rules: rules::for_scenario(&p.scenario, &p.kernel.release),
        kernel: p.kernel.image.clone(),
        initrd: p
            .initrd
            .clone()
            .ok_or_else(|| format!("{}: no initrd to put in a LAVA job", t.name()))?,
        disks: p.disks.clone(),
    })
}

fn lava_run(i: usize, t: &Test, p: &Prepared) -> Run {
    let (ok, diag, time) = job(t, p)
        .and_then(|j| lava::run(&j, i + 1))
        .unwrap_or_else(|e| (false, format!("lava: {e}"), Duration::ZERO));
    Run {
        runner: "lava",
        ok,
        diag,
        time,
        log: Some(p.dir.join("lava/console.log")),
    }
}

fn harness_run(p: &Prepared, nfs: Option<&mut NfsServer>) -> Run {
    let (ok, diag, time) = crate::run_boot(p, nfs);
    Run {
        runner: "harness",
        ok,
        diag,
        time,
        log: Some(p.dir.join("console.log")),
    }
}

/// Runs a test that must boot alone, with an NFS server of its own
/// (`Fault::KillNfs`), on the harness: LAVA cannot kill a server mid-boot.
pub fn run_alone(p: &Prepared, nfs: &mut NfsServer) -> Outcome {
    let started = SystemTime::now();
    Outcome::single(harness_run(p, Some(nfs)), started)
}

/// Runs test `i` on the chosen engine(s).
pub fn run(o: &Options, i: usize, t: &Test, p: &Prepared) -> Outcome {
    let started = SystemTime::now();
    let single = |r: Run| Outcome::single(r, started);
    match &o.mode {
        Mode::Harness => single(harness_run(p, None)),
        Mode::LavaRun => single(lava_run(i, t, p)),
        Mode::LavaJobs(dir) => {
            let (ok, diag) = match write_job(t, p, dir) {
                Ok(d) => (true, format!("written to {}", d.display())),
                Err(e) => (false, e),
            };
            Outcome {
                ok,
                diag,
                runs: Vec::new(),
                nested: false,
                started,
            }
        }
        Mode::LavaCompare => {
            // The harness first: it clears the boot's directory.
            let h = harness_run(p, None);
            let l = lava_run(i, t, p);
            let want = t.scenario.name != lava::PROBE_NAME;
            let verdict = |ok| if ok { "ok" } else { "not ok" };
            let ok = h.ok == want && l.ok == want;
            let diag = format!(
                "harness: {}, LAVA: {}, wanted: {}{}",
                verdict(h.ok),
                verdict(l.ok),
                verdict(want),
                if h.ok == l.ok { "" } else { " (they disagree)" }
            );
            Outcome {
                ok,
                diag,
                runs: vec![h, l],
                nested: true,
                started,
            }
        }
    }
}

/// A job for a lab: its files, and the artifacts copied beside them (the
/// run's own directory goes when the run ends).
fn write_job(t: &Test, p: &Prepared, dir: &Path) -> Result<PathBuf, String> {
    let out = dir.join(slug(&t.name()));
    let art = dir.join("artifacts");
    std::fs::create_dir_all(&art).map_err(|e| format!("{}: {e}", art.display()))?;
    let copy = |src: &Path, name: String| -> Result<PathBuf, String> {
        let dst = art.join(&name);
        if !dst.exists() {
            // Jobs are written side by side: each copy has its own name
            // until it is renamed into place.
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let tmp = art.join(format!(
                "{name}.part{}",
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            let st = std::process::Command::new("cp")
                .arg("--sparse=always")
                .arg(src)
                .arg(&tmp)
                .status()
                .map_err(|e| format!("cp: {e}"))?;
            if !st.success() {
                return Err(format!("cp {} {} failed", src.display(), tmp.display()));
            }
            std::fs::rename(&tmp, &dst).map_err(|e| format!("{}: {e}", dst.display()))?;
        }
        Ok(dst)
    };
    let file_name = |path: &Path| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut j = job(t, p)?;
    j.kernel = copy(
        &p.kernel.image,
        format!("{}-{}", t.kernel, file_name(&p.kernel.image)),
    )?;
    j.initrd = copy(&j.initrd, file_name(&j.initrd))?;
    j.disks = p
        .disks
        .iter()
        .map(|d| copy(d, file_name(d)))
        .collect::<Result<_, _>>()?;
    lava::write(&j, &out)?;
    Ok(out)
}

/// Prints a test's result, its runners' verdicts first as KTAP subtests
/// when it has them.
pub fn report(k: &mut Ktap, name: &str, o: &Outcome) {
    if o.nested {
        let mut sub = ktap::header(o.runs.len());
        for (n, r) in o.runs.iter().enumerate() {
            sub.push_str(&ktap::result_lines(n + 1, r.runner, r.ok, &r.diag));
        }
        let mut text = String::new();
        for line in sub.lines() {
            text.push_str("    ");
            text.push_str(line);
            text.push('\n');
        }
        ktap::raw(&text);
    }
    k.report(name, o.ok, &o.diag);
}

/// After the run: the KCIDB report, if asked for.
pub fn finish(
    o: &Options,
    root: &Path,
    tests: &[Test],
    prepared: &[Result<Prepared, String>],
    outcomes: &[Outcome],
) -> Result<(), String> {
    let Some(path) = &o.kcidb else {
        return Ok(());
    };
    let report = kcidb::report(root, tests, prepared, outcomes)?;
    kcidb::write(path, &report)?;
    ktap::diag(&format!("KCIDB report: {}", path.display()));
    Ok(())
}

/// A name safe as a directory and as a KCIDB path element.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options() {
        let o = Options::parse(&args(&["--lava-run", "--kcidb", "k.json", "vda"])).unwrap();
        assert_eq!(o.mode, Mode::LavaRun);
        assert_eq!(o.kcidb, Some(PathBuf::from("k.json")));
        assert_eq!(o.filters, ["vda"]);
        let bad = |a: &[&str]| Options::parse(&args(a)).err().unwrap();
        assert_eq!(bad(&["--kcidb"]), "--kcidb wants a value");
        assert_eq!(bad(&["--frob"]), "unknown option --frob");
        assert_eq!(
            bad(&["--lava-run", "--lava-compare"]),
            "--lava-run, --lava-compare and --lava-jobs exclude each other"
        );
        // the arch is each test's own (BOOT_TESTS_ARCH)
        assert_eq!(bad(&["--arch", "aarch64"]), "unknown option --arch");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("6.12: root=/dev/vda"), "6_12_root_dev_vda");
        assert_eq!(
            slug("rdinit=/bin/sh (dash on klibc)"),
            "rdinit_bin_sh_dash_on_klibc"
        );
    }
}
