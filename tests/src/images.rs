//! Root disk images made with the real tools — mke2fs -d, mkfs.xfs -p,
//! mkfs.btrfs --rootdir, mksquashfs, mkfs.vfat + mtools, mkswap — holding
//! boot-marker as the init, optionally inside an MBR (sfdisk) or GPT (sgdisk)
//! partition table.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the stand-in init lives on a root image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Layout {
    /// /sbin/init, plus /sbin/other-init for init=.
    Standard,
    /// Only /etc/init (the kernel's second choice).
    EtcInit,
    /// Only /bin/init.
    BinInit,
    /// Only /bin/sh (the last resort).
    BinSh,
    /// Only /sbin/init, mode 0644 (no execute permission); ext4 only.
    InitNoExec,
    /// Only /sbin/init, a symlink to a file that does not exist; ext4 only.
    InitDangling,
}

impl Layout {
    fn inits(self) -> &'static [&'static str] {
        match self {
            Layout::Standard => &["sbin/init", "sbin/other-init"],
            Layout::EtcInit => &["etc/init"],
            Layout::BinInit => &["bin/init"],
            Layout::BinSh => &["bin/sh"],
            Layout::InitNoExec | Layout::InitDangling => &[],
        }
    }
}

const DIRS: &[&str] = &["bin", "dev", "etc", "proc", "sbin", "sys", "tmp"];

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fs {
    Ext4,
    Xfs,
    Btrfs,
    Squashfs,
    Vfat,
    Swap,
    /// Zeros of this many MiB (no filesystem).
    Blank(u64),
}

#[derive(Debug, Clone)]
pub struct FsSpec {
    pub fs: Fs,
    pub layout: Layout,
    pub label: Option<&'static str>,
    pub uuid: Option<&'static str>,
}

impl FsSpec {
    pub fn new(fs: Fs) -> FsSpec {
        FsSpec {
            fs,
            layout: Layout::Standard,
            label: None,
            uuid: None,
        }
    }
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let o = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?} failed: {}{}",
            String::from_utf8_lossy(&o.stdout).trim(),
            String::from_utf8_lossy(&o.stderr).trim()
        ))
    }
}

fn sized_file(path: &Path, mib: u64) -> Result<(), String> {
    let _ = std::fs::remove_file(path);
    let f = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    f.set_len(mib << 20).map_err(|e| e.to_string())
}

/// A directory tree with the layout's init(s) as copies of `marker`.
fn staging(marker: &Path, layout: Layout, dir: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    for d in DIRS {
        std::fs::create_dir_all(dir.join(d)).map_err(|e| e.to_string())?;
    }
    for init in layout.inits() {
        std::fs::copy(marker, dir.join(init)).map_err(|e| format!("{init}: {e}"))?;
    }
    let init = dir.join("sbin/init");
    match layout {
        Layout::InitNoExec => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::copy(marker, &init).map_err(|e| format!("sbin/init: {e}"))?;
            std::fs::set_permissions(&init, std::fs::Permissions::from_mode(0o644))
                .map_err(|e| format!("sbin/init: {e}"))?;
        }
        Layout::InitDangling => std::os::unix::fs::symlink("/sbin/no-such-init", &init)
            .map_err(|e| format!("sbin/init: {e}"))?,
        _ => {}
    }
    Ok(())
}

/// An mkfs.xfs prototype file for a staging tree.
fn xfs_proto(marker: &Path, layout: Layout) -> String {
    let mut p = String::from("boot-tests\n0 0\nd--755 0 0\n");
    for d in DIRS {
        p.push_str(&format!("{d} d--755 0 0\n"));
        for init in layout.inits() {
            if let Some(name) = init.strip_prefix(&format!("{d}/")) {
                p.push_str(&format!("{name} ---755 0 0 {}\n", marker.display()));
            }
        }
        p.push_str("$\n");
    }
    p.push_str("$\n");
    p
}

/// Makes a filesystem image at `out`.
pub fn make_fs(spec: &FsSpec, marker: &Path, out: &Path) -> Result<(), String> {
    let tree = out.with_extension("tree");
    staging(marker, spec.layout, &tree)?;
    let label = spec.label;
    let uuid = spec.uuid;
    match spec.fs {
        Fs::Ext4 => {
            let _ = std::fs::remove_file(out);
            let mut c = Command::new("mke2fs");
            c.args(["-q", "-F", "-t", "ext4"]);
            if let Some(l) = label {
                c.args(["-L", l]);
            }
            if let Some(u) = uuid {
                c.args(["-U", u]);
            }
            run(c.arg("-d").arg(&tree).arg(out).arg("16M"))?;
        }
        Fs::Xfs => {
            // mkfs.xfs refuses filesystems under 300 MiB; the file is sparse.
            sized_file(out, 300)?;
            let proto = out.with_extension("proto");
            std::fs::write(&proto, xfs_proto(marker, spec.layout)).map_err(|e| e.to_string())?;
            let mut c = Command::new("mkfs.xfs");
            c.args(["-q", "-f"]);
            if let Some(l) = label {
                c.args(["-L", l]);
            }
            if let Some(u) = uuid {
                c.arg("-m").arg(format!("uuid={u}"));
            }
            run(c.arg("-p").arg(&proto).arg(out))?;
        }
        Fs::Btrfs => {
            sized_file(out, 128)?;
            let mut c = Command::new("mkfs.btrfs");
            c.args(["-q", "-f"]);
            if let Some(l) = label {
                c.args(["-L", l]);
            }
            if let Some(u) = uuid {
                c.args(["-U", u]);
            }
            run(c.arg("--rootdir").arg(&tree).arg(out))?;
        }
        Fs::Squashfs => {
            let _ = std::fs::remove_file(out);
            run(Command::new("mksquashfs").arg(&tree).arg(out).args([
                "-noappend",
                "-all-root",
                "-no-progress",
            ]))?;
        }
        Fs::Vfat => {
            let _ = std::fs::remove_file(out);
            let mut c = Command::new("mkfs.vfat");
            c.arg("-C");
            if let Some(l) = label {
                c.args(["-n", l]);
            }
            if let Some(u) = uuid {
                // vfat's "UUID" is its 32-bit volume id, written XXXX-XXXX.
                c.arg("-i").arg(u.replace('-', ""));
            }
            run(c.arg(out).arg("16384"))?;
            for d in DIRS {
                run(Command::new("mmd")
                    .arg("-i")
                    .arg(out)
                    .arg(format!("::/{d}")))?;
            }
            for init in spec.layout.inits() {
                run(Command::new("mcopy")
                    .arg("-i")
                    .arg(out)
                    .arg(marker)
                    .arg(format!("::/{init}")))?;
            }
        }
        Fs::Swap => {
            sized_file(out, 16)?;
            let mut c = Command::new("mkswap");
            c.arg("-q");
            if let Some(l) = label {
                c.args(["-L", l]);
            }
            run(c.arg(out))?;
        }
        Fs::Blank(mib) => sized_file(out, mib)?,
    }
    Ok(())
}

/// A partition: its filesystem, and for GPT its unique GUID and name.
pub struct Part {
    pub fs: FsSpec,
    pub guid: Option<&'static str>,
    pub name: Option<&'static str>,
}

pub enum Table {
    /// MBR with this disk signature (PARTUUID=SSSSSSSS-PP).
    Mbr(u32),
    Gpt,
}

/// A partitioned disk: each partition's filesystem is made separately and
/// copied in at its offset (1 MiB aligned).
pub fn make_disk(table: Table, parts: &[Part], marker: &Path, out: &Path) -> Result<(), String> {
    let mut images: Vec<(PathBuf, u64)> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let img = out.with_extension(format!("p{}", i + 1));
        make_fs(&p.fs, marker, &img)?;
        let len = std::fs::metadata(&img).map_err(|e| e.to_string())?.len();
        images.push((img, len.div_ceil(1 << 20)));
    }
    let total: u64 = 2 + images.iter().map(|(_, mib)| mib).sum::<u64>();
    sized_file(out, total)?;
    let mut starts = Vec::new();
    let mut next = 1u64; // MiB
    for (_, mib) in &images {
        starts.push(next);
        next += mib;
    }
    match table {
        Table::Mbr(id) => {
            let mut script = format!("label: dos\nlabel-id: 0x{id:08x}\n");
            for (start, (_, mib)) in starts.iter().zip(&images) {
                script.push_str(&format!(
                    "start={}, size={}, type=83\n",
                    start * 2048,
                    mib * 2048
                ));
            }
            let script_path = out.with_extension("sfdisk");
            std::fs::write(&script_path, script).map_err(|e| e.to_string())?;
            let stdin = File::open(&script_path).map_err(|e| e.to_string())?;
            run(Command::new("sfdisk").arg("-q").arg(out).stdin(stdin))?;
        }
        Table::Gpt => {
            let mut c = Command::new("sgdisk");
            c.arg("-o");
            for (i, (start, (_, mib))) in starts.iter().zip(&images).enumerate() {
                let n = i + 1;
                c.arg(format!(
                    "-n{n}:{}:{}",
                    start * 2048,
                    (start + mib) * 2048 - 1
                ));
                c.arg(format!("-t{n}:8300"));
                if let Some(g) = parts[i].guid {
                    c.arg(format!("-u{n}:{g}"));
                }
                if let Some(name) = parts[i].name {
                    c.arg(format!("-c{n}:{name}"));
                }
            }
            run(c.arg(out))?;
        }
    }
    let mut disk = std::fs::OpenOptions::new()
        .write(true)
        .open(out)
        .map_err(|e| e.to_string())?;
    for (start, (img, _)) in starts.iter().zip(&images) {
        let data = std::fs::read(img).map_err(|e| e.to_string())?;
        disk.seek(SeekFrom::Start(start << 20))
            .map_err(|e| e.to_string())?;
        disk.write_all(&data).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Keeps ext4's magic but makes the superblock unmountable: an absurd
/// block size (s_log_block_size at byte 24 of the superblock, at 1024).
pub fn corrupt_ext4_superblock(path: &Path) -> Result<(), String> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| e.to_string())?;
    f.seek(SeekFrom::Start(1024 + 24))
        .map_err(|e| e.to_string())?;
    f.write_all(&40u32.to_le_bytes()).map_err(|e| e.to_string())
}

/// Leaves a committed, unreplayed transaction in an ext4 image's journal
/// (debugfs' journal writer: two free blocks' worth of data), so that the
/// filesystem has needs_recovery set, as after a crash.
pub fn unreplayed_journal(path: &Path) -> Result<(), String> {
    let data = path.with_extension("jdata");
    std::fs::write(&data, vec![0x5a; 8192]).map_err(|e| format!("{}: {e}", data.display()))?;
    let script = path.with_extension("jcmd");
    std::fs::write(
        &script,
        format!("jo\njw -b 12000,12001 {}\njc\n", data.display()),
    )
    .map_err(|e| format!("{}: {e}", script.display()))?;
    run(Command::new("debugfs")
        .arg("-w")
        .arg("-f")
        .arg(&script)
        .arg(path))?;
    let o = Command::new("dumpe2fs")
        .arg("-h")
        .arg(path)
        .output()
        .map_err(|e| format!("dumpe2fs: {e}"))?;
    let text = String::from_utf8_lossy(&o.stdout);
    if text
        .lines()
        .any(|l| l.starts_with("Filesystem features:") && l.contains("needs_recovery"))
    {
        Ok(())
    } else {
        Err(format!(
            "{}: debugfs left no journal to replay",
            path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xfs_prototype() {
        let p = xfs_proto(Path::new("/m"), Layout::EtcInit);
        assert!(p.starts_with("boot-tests\n0 0\nd--755 0 0\nbin d--755 0 0\n$\n"));
        assert!(p.contains("etc d--755 0 0\ninit ---755 0 0 /m\n$\n"));
        assert!(p.ends_with("tmp d--755 0 0\n$\n$\n"));
    }
}
