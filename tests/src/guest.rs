//! Disk images that need a kernel driver to make them (mdadm --create needs
//! the md driver, which the build machines lack): made inside a QEMU guest
//! on the boot tests' own kernel, whose initramfs is dash on klibc as /init
//! running a script, and the host tools the script calls with the shared
//! libraries `ldd` names. The images are cached outside the checkout in
//! `$EARLYUSER_CACHE/guest-images/<recipe hash>/`, keyed by the script, the
//! disks, the tools' bytes and the kernel release; made under a lock.

use crate::initramfs::{self, Entry};
use crate::qemu;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// One blank disk the guest gets, as virtio-blk in this order (vda, vdb...).
pub struct GuestDisk {
    pub name: &'static str,
    pub mib: u64,
    /// An sfdisk script to partition it with before the guest runs.
    pub sfdisk: Option<&'static str>,
}

/// What the guest does: a shell script (dash) with /proc, /sys and /dev
/// mounted by the harness's prologue; it must finish with `set -e` intact.
pub struct Recipe {
    pub name: &'static str,
    pub script: &'static str,
    /// Host programs the script runs (absolute paths), copied to the same
    /// paths with their libraries.
    pub tools: &'static [&'static str],
    pub disks: &'static [GuestDisk],
}

/// What marks the script's end on the console.
const DONE: &str = "guest-image: done";

/// The prologue: what every guest needs before the recipe's script.
const PROLOGUE: &str = "set -e
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
";

fn run(cmd: &mut Command) -> Result<String, String> {
    let o = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if !o.status.success() {
        return Err(format!(
            "{cmd:?} failed: {}{}",
            String::from_utf8_lossy(&o.stdout).trim(),
            String::from_utf8_lossy(&o.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&o.stdout).into_owned())
}

/// The files a dynamically linked program needs: itself and what `ldd`
/// lists with a path.
fn with_libraries(tool: &str) -> Result<Vec<String>, String> {
    let mut out = vec![tool.to_string()];
    let text = run(Command::new("ldd").arg(tool))?;
    for line in text.lines() {
        let path = match line.split_once("=>") {
            Some((_, rest)) => rest.split_whitespace().next(),
            None => line.split_whitespace().next(),
        };
        if let Some(p) = path.filter(|p| p.starts_with('/')) {
            out.push(p.to_string());
        }
    }
    Ok(out)
}

/// The cache key of `recipe` for the kernel `release`: a hash of its text,
/// its disks and the bytes of its tools and their libraries.
fn key(recipe: &Recipe, release: &str, files: &[String]) -> Result<String, String> {
    let mut text = format!("{release}\n{PROLOGUE}{}\n", recipe.script);
    for d in recipe.disks {
        text.push_str(&format!("{} {} {:?}\n", d.name, d.mib, d.sfdisk));
    }
    let mut sha = Command::new("sha256sum");
    sha.args(files);
    text.push_str(&run(&mut sha)?);
    let dir = std::env::temp_dir().join(format!("guest-key-{}", std::process::id()));
    std::fs::write(&dir, text).map_err(|e| e.to_string())?;
    let sum = run(Command::new("sha256sum").arg(&dir));
    let _ = std::fs::remove_file(&dir);
    Ok(sum?.chars().take(16).collect())
}

/// The recipe's disks, made (or taken from the cache): one path per disk.
pub fn make(
    recipe: &Recipe,
    kernel: &Path,
    release: &str,
    gen_init_cpio: &Path,
    dash: &Path,
    work: &Path,
) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for t in recipe.tools {
        for f in with_libraries(t)? {
            if !files.contains(&f) {
                files.push(f);
            }
        }
    }
    let cache = std::env::var_os("EARLYUSER_CACHE")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/rust-early-userspace"))
        })
        .ok_or("neither EARLYUSER_CACHE nor HOME is set")?;
    let dir = cache.join("guest-images").join(format!(
        "{}-{}",
        recipe.name,
        key(recipe, release, &files)?
    ));
    let paths: Vec<PathBuf> = recipe
        .disks
        .iter()
        .map(|d| dir.join(format!("{}.img", d.name)))
        .collect();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let Some(_making) = Making::take(&dir)? else {
        return Ok(paths);
    };
    let scratch = work.join(format!("guest-{}", recipe.name));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let mut disks = Vec::new();
    for d in recipe.disks {
        let p = scratch.join(format!("{}.img", d.name));
        let f = std::fs::File::create(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        f.set_len(d.mib << 20).map_err(|e| e.to_string())?;
        if let Some(script) = d.sfdisk {
            let sf = scratch.join(format!("{}.sfdisk", d.name));
            std::fs::write(&sf, script).map_err(|e| e.to_string())?;
            let stdin = std::fs::File::open(&sf).map_err(|e| e.to_string())?;
            run(Command::new("sfdisk").arg("-q").arg(&p).stdin(stdin))?;
        }
        disks.push(p);
    }
    // The initramfs: dash as /bin/sh, the script, the tools.
    let mut entries = vec![
        Entry::Dir("/bin".into()),
        Entry::Dir("/proc".into()),
        Entry::Dir("/sys".into()),
        Entry::Dir("/run".into()),
        Entry::Dir("/tmp".into()),
        Entry::Exec {
            dst: "/bin/sh".into(),
            src: dash.to_path_buf(),
        },
        Entry::Text {
            dst: "/guest.sh".into(),
            text: format!("{PROLOGUE}{}\necho {DONE}\n", recipe.script),
        },
    ];
    let mut dirs: Vec<String> = vec!["/bin".into()];
    for f in &files {
        let mut prefix = String::new();
        let parts: Vec<&str> = f.trim_start_matches('/').split('/').collect();
        for p in &parts[..parts.len() - 1] {
            prefix = format!("{prefix}/{p}");
            if !dirs.contains(&prefix) {
                dirs.push(prefix.clone());
                entries.push(Entry::Dir(prefix.clone()));
            }
        }
        // Through symlinks (ld-linux is one): the file's bytes.
        let src = std::fs::canonicalize(f).map_err(|e| format!("{f}: {e}"))?;
        entries.push(Entry::Exec {
            dst: f.clone(),
            src,
        });
    }
    let initrd = scratch.join("initrd.cpio.gz");
    initramfs::build(gen_init_cpio, dash, &entries, "gzip", &initrd)?;
    let boot = qemu::Boot {
        arch: crate::arch::find("x86_64")?,
        kernel,
        initrd: Some(&initrd),
        append: "console=ttyS0 panic=-1 no_timer_check rdinit=/bin/sh -- /guest.sh".into(),
        disks: disks.clone(),
        late_disk: None,
        memory_mb: 256,
        timeout: Duration::from_secs(120),
        accel: qemu::Accel::Tcg,
        net: false,
        smb: None,
        share: None,
        efi: None,
        dir: &scratch,
    };
    let out = qemu::run(&boot, |c| {
        if c.contains(DONE) {
            qemu::Verdict::Stop
        } else {
            qemu::Verdict::Wait
        }
    })
    .map_err(|e| format!("running qemu-system-x86_64: {e}"))?;
    if !out.console.contains(DONE) {
        return Err(format!(
            "the guest making {} did not finish; console {}:\n{}",
            recipe.name,
            scratch.join("console.log").display(),
            crate::console::tail(&out.console, 20)
        ));
    }
    for (from, to) in disks.iter().zip(&paths) {
        std::fs::rename(from, to)
            .or_else(|_| std::fs::copy(from, to).map(drop))
            .map_err(|e| format!("{} -> {}: {e}", from.display(), to.display()))?;
    }
    std::fs::write(dir.join(".done"), b"").map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(paths)
}

/// The right to make a cache entry: `.making` holds the maker's pid; a
/// second run waits until the entry is `.done` (or its maker is gone).
struct Making(PathBuf);

impl Making {
    /// `None` when the entry is done already.
    fn take(dir: &Path) -> Result<Option<Making>, String> {
        let path = dir.join(".making");
        loop {
            if dir.join(".done").is_file() {
                return Ok(None);
            }
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(_) => {
                    std::fs::write(&path, std::process::id().to_string())
                        .map_err(|e| format!("{}: {e}", path.display()))?;
                    return Ok(Some(Making(path)));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let pid = std::fs::read_to_string(&path).unwrap_or_default();
                    // Empty: just made, its pid not written yet.
                    let alive =
                        pid.trim().is_empty() || Path::new("/proc").join(pid.trim()).exists();
                    if !alive {
                        let _ = std::fs::remove_file(&path);
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
                Err(e) => return Err(format!("{}: {e}", path.display())),
            }
        }
    }
}

impl Drop for Making {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
