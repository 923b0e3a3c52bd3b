//! Root disk images made with the real tools — mke2fs -d, mkfs.xfs -p,
//! mkfs.btrfs --rootdir, mksquashfs, mkfs.vfat + mtools, mkswap, xorriso,
//! mkfs.jffs2, mkfs.ubifs + ubinize — holding
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
    /// Standard, and an /initrd directory (an old-style initrd is moved
    /// there).
    WithInitrdDir,
}

impl Layout {
    fn inits(self) -> &'static [&'static str] {
        match self {
            Layout::Standard | Layout::WithInitrdDir => &["sbin/init", "sbin/other-init"],
            Layout::EtcInit => &["etc/init"],
            Layout::BinInit => &["bin/init"],
            Layout::BinSh => &["bin/sh"],
            Layout::InitNoExec | Layout::InitDangling => &[],
        }
    }
}

const DIRS: &[&str] = &["bin", "dev", "etc", "proc", "sbin", "sys", "tmp", "usr"];

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fs {
    Ext4,
    Xfs,
    Btrfs,
    Squashfs,
    Vfat,
    Swap,
    /// iso9660 with Rock Ridge (xorriso -as mkisofs -R).
    Iso9660,
    /// jffs2 (mkfs.jffs2) for 64 KiB erase blocks, padded with 0xff to
    /// 8 MiB: an MTD image for block2mtd.
    Jffs2,
    /// UBI (ubinize) with one ubifs volume `rootfs` (mkfs.ubifs) for NOR-like
    /// flash (64 KiB erase blocks, 1-byte writes, as block2mtd has), padded
    /// with 0xff to 8 MiB.
    Ubi,
    /// ext2 of 4 MiB (the kernel's default RAM disk size): an old-style
    /// initrd image.
    Ext2Small,
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
    if layout == Layout::WithInitrdDir {
        std::fs::create_dir_all(dir.join("initrd")).map_err(|e| e.to_string())?;
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

/// An ext4 image of `size` (mke2fs's size syntax, e.g. `12M`) at `out`
/// holding the standard layout: for roots inside md arrays, which have
/// less room than a disk.
pub fn make_ext4_sized(marker: &Path, out: &Path, size: &str) -> Result<(), String> {
    let tree = out.with_extension("tree");
    staging(marker, Layout::Standard, &tree)?;
    let _ = std::fs::remove_file(out);
    run(Command::new("mke2fs")
        .args(["-q", "-F", "-t", "ext4", "-d"])
        .arg(&tree)
        .arg(out)
        .arg(size))
}

/// `fs` (an image file) as partition 1, at 1 MiB, of an MBR disk image
/// just large enough, at `out`.
pub fn mbr_around(fs: &Path, out: &Path) -> Result<(), String> {
    let len = std::fs::metadata(fs).map_err(|e| e.to_string())?.len();
    let mib = len.div_ceil(1 << 20);
    sized_file(out, mib + 1)?;
    let script = out.with_extension("sfdisk");
    std::fs::write(
        &script,
        format!("label: dos\nstart=2048, size={}, type=83\n", mib * 2048),
    )
    .map_err(|e| e.to_string())?;
    let stdin = File::open(&script).map_err(|e| e.to_string())?;
    run(Command::new("sfdisk").arg("-q").arg(out).stdin(stdin))?;
    let data = std::fs::read(fs).map_err(|e| e.to_string())?;
    let mut disk = std::fs::OpenOptions::new()
        .write(true)
        .open(out)
        .map_err(|e| e.to_string())?;
    disk.seek(SeekFrom::Start(1 << 20))
        .map_err(|e| e.to_string())?;
    disk.write_all(&data).map_err(|e| e.to_string())
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
        Fs::Iso9660 => {
            let _ = std::fs::remove_file(out);
            let mut c = Command::new("xorriso");
            c.args(["-as", "mkisofs", "-quiet", "-R"]);
            if let Some(l) = label {
                c.args(["-V", l]);
            }
            run(c.arg("-o").arg(out).arg(&tree))?;
        }
        Fs::Jffs2 => {
            let _ = std::fs::remove_file(out);
            run(Command::new("mkfs.jffs2")
                .arg("-r")
                .arg(&tree)
                .arg("-o")
                .arg(out)
                .args(["-e", "0x10000", "--pad=0x800000", "-q"]))?;
        }
        Fs::Ubi => {
            let ubifs = out.with_extension("ubifs");
            let _ = std::fs::remove_file(&ubifs);
            // NOR: min I/O 1, LEB = PEB minus the two 64-byte UBI headers.
            run(Command::new("mkfs.ubifs")
                .arg("-r")
                .arg(&tree)
                .args(["-m", "1", "-e", "65408", "-c", "120", "-o"])
                .arg(&ubifs))?;
            let cfg = out.with_extension("ubinize.cfg");
            std::fs::write(
                &cfg,
                format!(
                    "[rootfs]\nmode=ubi\nimage={}\nvol_id=0\nvol_type=dynamic\nvol_name=rootfs\nvol_flags=autoresize\n",
                    ubifs.display()
                ),
            )
            .map_err(|e| e.to_string())?;
            let _ = std::fs::remove_file(out);
            run(Command::new("ubinize")
                .arg("-o")
                .arg(out)
                .args(["-m", "1", "-p", "65536"])
                .arg(&cfg))?;
            pad_ff(out, 8 << 20)?;
        }
        Fs::Ext2Small => {
            let _ = std::fs::remove_file(out);
            run(Command::new("mke2fs")
                .args(["-q", "-F", "-t", "ext2", "-d"])
                .arg(&tree)
                .arg(out)
                .arg("4M"))?;
        }
        Fs::Blank(mib) => sized_file(out, mib)?,
    }
    Ok(())
}

/// Pads `path` with 0xff (erased flash) up to `len` bytes.
fn pad_ff(path: &Path, len: u64) -> Result<(), String> {
    let have = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if have < len {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| e.to_string())?;
        f.write_all(&vec![0xff; (len - have) as usize])
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The staging tree of `layout` in `dir`: a root to export as a directory
/// (virtiofs, 9p) or to put into an image.
pub fn tree(marker: &Path, layout: Layout, dir: &Path) -> Result<(), String> {
    staging(marker, layout, dir)
}

/// The dm-verity images (see [`make_verity`]).
#[derive(Debug, Clone)]
pub struct Verity {
    pub data: PathBuf,
    pub hash: PathBuf,
    pub root_hash: String,
    pub corrupt: PathBuf,
    pub gpt: PathBuf,
}

/// An ext4 root (16 MiB, 4 KiB blocks) as dm-verity data and its hash device, made by
/// `veritysetup format` in `dir`; the same data with the ext4 superblock's
/// magic changed (a block every mount reads); and a GPT disk holding the
/// data as a root partition (8304) and the hash as a root-verity
/// partition (830c) whose PARTUUIDs are the first and last 128 bits of
/// the root hash, as systemd's rule wants.
pub fn make_verity(marker: &Path, dir: &Path) -> Result<Verity, String> {
    let data = dir.join("verity-data.img");
    let hash = dir.join("verity-hash.img");
    // 4 KiB blocks: a verity device's logical blocks are its data blocks.
    let tree = data.with_extension("tree");
    staging(marker, Layout::Standard, &tree)?;
    let _ = std::fs::remove_file(&data);
    run(Command::new("mke2fs")
        .args(["-q", "-F", "-t", "ext4", "-b", "4096", "-d"])
        .arg(&tree)
        .arg(&data)
        .arg("16M"))?;
    let _ = std::fs::remove_file(&hash);
    let out = Command::new("veritysetup")
        .arg("format")
        .arg(&data)
        .arg(&hash)
        .output()
        .map_err(|e| format!("veritysetup: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "veritysetup format: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let root_hash = text
        .lines()
        .find_map(|l| l.strip_prefix("Root hash:"))
        .map(|h| h.trim().to_string())
        .ok_or_else(|| format!("no root hash from veritysetup format: {text}"))?;
    let corrupt = dir.join("verity-data-corrupt.img");
    std::fs::copy(&data, &corrupt).map_err(|e| e.to_string())?;
    {
        // s_magic (0xEF53) at byte 56 of the superblock at 1024.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&corrupt)
            .map_err(|e| e.to_string())?;
        f.seek(SeekFrom::Start(1024 + 56))
            .map_err(|e| e.to_string())?;
        f.write_all(&[0x54]).map_err(|e| e.to_string())?;
    }
    let dashed = |h: &str| {
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    };
    let (u1, u2) = (
        dashed(&root_hash[..32]),
        dashed(&root_hash[root_hash.len() - 32..]),
    );
    let gpt = dir.join("verity-gpt.img");
    gpt_with(&gpt, &[(&data, "8304", &u1, ""), (&hash, "830c", &u2, "")])?;
    Ok(Verity {
        data,
        hash,
        root_hash,
        corrupt,
        gpt,
    })
}

/// A GPT disk at `out` holding each image as a partition (1 MiB aligned)
/// with its sgdisk type code, unique GUID (or random when empty) and
/// attribute bits (comma list, e.g. `60`).
fn gpt_with(out: &Path, parts: &[(&Path, &str, &str, &str)]) -> Result<(), String> {
    let mut starts = Vec::new();
    let mut next = 1u64;
    for (img, ..) in parts {
        let mib = std::fs::metadata(img)
            .map_err(|e| e.to_string())?
            .len()
            .div_ceil(1 << 20);
        starts.push((next, mib));
        next += mib;
    }
    sized_file(out, next + 1)?;
    let mut c = Command::new("sgdisk");
    c.arg("-o");
    for (i, ((_, ty, guid, flags), (start, mib))) in parts.iter().zip(&starts).enumerate() {
        let n = i + 1;
        c.arg(format!(
            "-n{n}:{}:{}",
            start * 2048,
            (start + mib) * 2048 - 1
        ));
        c.arg(format!("-t{n}:{ty}"));
        if !guid.is_empty() {
            c.arg(format!("-u{n}:{guid}"));
        }
        for bit in flags.split(',').filter(|b| !b.is_empty()) {
            c.arg(format!("-A{n}:set:{bit}"));
        }
    }
    run(c.arg(out))?;
    let mut disk = std::fs::OpenOptions::new()
        .write(true)
        .open(out)
        .map_err(|e| e.to_string())?;
    for ((img, ..), (start, _)) in parts.iter().zip(&starts) {
        let data = std::fs::read(img).map_err(|e| e.to_string())?;
        disk.seek(SeekFrom::Start(start << 20))
            .map_err(|e| e.to_string())?;
        disk.write_all(&data).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A GPT disk for the Discoverable Partitions (sgdisk --typecode): a blank
/// partition, the root (8304, ext4, with `root_flags`) and /usr (8314,
/// ext4); with `no_auto_first`, a root with no-auto (63) comes before the
/// real one (which is then partition 3).
pub fn make_dps_disk(
    marker: &Path,
    out: &Path,
    root_flags: &str,
    no_auto_first: bool,
) -> Result<(), String> {
    let root = out.with_extension("root");
    make_fs(&FsSpec::new(Fs::Ext4), marker, &root)?;
    let usr = out.with_extension("usr");
    make_ext4_sized(marker, &usr, "4M")?;
    let blank = out.with_extension("blank");
    sized_file(&blank, 1)?;
    let mut parts: Vec<(&Path, &str, &str, &str)> = vec![(&blank, "8300", "", "")];
    if no_auto_first {
        parts.push((&root, "8304", "", "63"));
    }
    parts.push((&root, "8304", "", root_flags));
    parts.push((&usr, "8314", "", ""));
    gpt_with(out, &parts)
}

/// A GPT disk booting through systemd-boot at `out`: an ESP (ef00, FAT)
/// with `boot_efi` as the removable-media loader, the kernel, the
/// initramfs and a loader entry with `cmdline`; and a root partition
/// (8304, ext4, the standard layout).
pub fn make_esp_disk(
    marker: &Path,
    kernel: &Path,
    initrd: &Path,
    cmdline: &str,
    boot_efi: &str,
    out: &Path,
) -> Result<(), String> {
    let esp = out.with_extension("esp");
    let _ = std::fs::remove_file(&esp);
    let size = std::fs::metadata(kernel).map_err(|e| e.to_string())?.len()
        + std::fs::metadata(initrd).map_err(|e| e.to_string())?.len();
    let kib = (size / 1024 + 8192).next_multiple_of(1024);
    run(Command::new("mkfs.vfat")
        .arg("-C")
        .arg(&esp)
        .arg(kib.to_string()))?;
    for d in ["EFI", "EFI/BOOT", "loader", "loader/entries"] {
        run(Command::new("mmd")
            .arg("-i")
            .arg(&esp)
            .arg(format!("::/{d}")))?;
    }
    let conf = out.with_extension("loader.conf");
    std::fs::write(&conf, "default kinit.conf\ntimeout 0\n").map_err(|e| e.to_string())?;
    let entry = out.with_extension("entry.conf");
    std::fs::write(
        &entry,
        format!("title kinit boot test\nlinux /vmlinuz\ninitrd /initrd\noptions {cmdline}\n"),
    )
    .map_err(|e| e.to_string())?;
    let copies: [(&Path, &str); 5] = [
        (Path::new(boot_efi), "EFI/BOOT/BOOTX64.EFI"),
        (kernel, "vmlinuz"),
        (initrd, "initrd"),
        (&conf, "loader/loader.conf"),
        (&entry, "loader/entries/kinit.conf"),
    ];
    for (from, to) in copies {
        run(Command::new("mcopy")
            .arg("-i")
            .arg(&esp)
            .arg(from)
            .arg(format!("::/{to}")))?;
    }
    let root = out.with_extension("root");
    make_fs(&FsSpec::new(Fs::Ext4), marker, &root)?;
    gpt_with(out, &[(&esp, "ef00", "", ""), (&root, "8304", "", "")])
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
        assert!(p.ends_with("tmp d--755 0 0\n$\nusr d--755 0 0\n$\n$\n"));
    }
}
