//! md RAID member disks for the md scenarios. Arrays with superblocks are
//! made by the real `mdadm --create` inside a guest on our kernel
//! ([`crate::guest`]; RAID1, 1.2 on whole disks and 0.90 on MBR partitions
//! of type 0xfd), once, as blank templates; each scenario's copy then gets
//! its root filesystem written at the members' data offset, which
//! `mdadm --examine` reads on the host. Arrays without superblocks (the
//! kernel's `md=N,0|-1,...`) are striped or concatenated here. Every
//! template's superblock is also read with kinit's own parser and compared
//! with `mdadm --examine`: a disagreement fails the image.

use crate::guest::{GuestDisk, Recipe};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The arrays' member sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MdSet {
    /// RAID1, superblock 1.2 on the whole disks, ext4 in the array.
    Raid1,
    /// RAID1, superblock 0.90 on partition 1 (type 0xfd) of each disk
    /// (autodetected), ext4 in the array.
    Auto090,
    /// RAID1, superblock 1.2, an MBR with ext4 as partition 1 in the array
    /// (md=d0: md_d0p1).
    Partitioned,
    /// RAID0 without superblocks, 64 KiB chunks (md=N,0,4,0,...).
    Raid0,
    /// Linear without superblocks (md=N,-1,0,0,...).
    Linear,
}

/// Each member's size.
const MEMBER_MIB: u64 = 16;

/// The guest's script: the two RAID1 templates, each array stopped so that
/// its superblocks are written and clean.
const SCRIPT: &str = "export MDADM_NO_UDEV=1
mdadm --create /dev/md0 --run --assume-clean --metadata=1.2 --level=1 --raid-devices=2 /dev/vda /dev/vdb
mdadm --stop /dev/md0
mdadm --create /dev/md0 --run --assume-clean --metadata=0.90 --level=1 --raid-devices=2 /dev/vdc1 /dev/vdd1
mdadm --stop /dev/md0
";

const PART_FD: &str = "label: dos\nstart=2048, type=fd\n";

pub const RECIPE: Recipe = Recipe {
    name: "md-raid1",
    script: SCRIPT,
    tools: &["/usr/sbin/mdadm", "/usr/bin/mount"],
    disks: &[
        GuestDisk {
            name: "r12a",
            mib: MEMBER_MIB,
            sfdisk: None,
        },
        GuestDisk {
            name: "r12b",
            mib: MEMBER_MIB,
            sfdisk: None,
        },
        GuestDisk {
            name: "r09a",
            mib: MEMBER_MIB,
            sfdisk: Some(PART_FD),
        },
        GuestDisk {
            name: "r09b",
            mib: MEMBER_MIB,
            sfdisk: Some(PART_FD),
        },
    ],
};

/// What `mdadm --examine` says of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Examined {
    pub version: String,
    pub uuid: String,
    pub level: String,
    pub raid_devices: u32,
    /// In sectors (0.90 keeps data at 0 and prints none).
    pub data_offset: u64,
}

/// Parses `mdadm --examine` output.
pub fn parse_examine(text: &str) -> Result<Examined, String> {
    let get = |key: &str| {
        text.lines().find_map(|l| {
            let (k, v) = l.split_once(" : ")?;
            (k.trim() == key).then(|| v.trim().to_string())
        })
    };
    let version = get("Version").ok_or("no Version")?;
    let uuid = get("Array UUID").or_else(|| get("UUID")).ok_or("no UUID")?;
    let level = get("Raid Level").ok_or("no Raid Level")?;
    let raid_devices = get("Raid Devices")
        .and_then(|v| v.parse().ok())
        .ok_or("no Raid Devices")?;
    let data_offset = match get("Data Offset") {
        Some(v) => v
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("Data Offset {v:?}"))?,
        None => 0,
    };
    Ok(Examined {
        version,
        uuid,
        level,
        raid_devices,
        data_offset,
    })
}

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

/// `mdadm --examine` of the `len` bytes at `offset` in `image` (copied out
/// to `scratch`: a partition), checked against kinit's reading of the same
/// bytes.
fn examine(image: &Path, offset: u64, len: u64, scratch: &Path) -> Result<Examined, String> {
    let bytes = std::fs::read(image).map_err(|e| format!("{}: {e}", image.display()))?;
    let part = bytes
        .get(offset as usize..(offset + len) as usize)
        .ok_or_else(|| format!("{}: shorter than {}", image.display(), offset + len))?;
    std::fs::write(scratch, part).map_err(|e| e.to_string())?;
    let e = parse_examine(&run(Command::new("mdadm").arg("--examine").arg(scratch))?)?;
    let mut dev: &[u8] = part;
    let sb = kinit::md::read_super(&mut dev, len)
        .ok_or_else(|| format!("kinit finds no md superblock where mdadm --examine finds {e:?}"))?;
    let kinit_version = if sb.major == 0 {
        format!("0.{}.00", sb.minor)
    } else {
        format!("{}.{}", sb.major, sb.minor)
    };
    // mdadm prints the UUID as four 32-bit words; 0.90 stores them as words
    // in the CPU's order, 1.x as bytes.
    let words: Vec<String> = sb
        .uuid
        .chunks(4)
        .map(|w| {
            let w: [u8; 4] = w.try_into().unwrap_or_default();
            if sb.major == 0 {
                format!("{:08x}", u32::from_ne_bytes(w))
            } else {
                w.iter().map(|b| format!("{b:02x}")).collect()
            }
        })
        .collect();
    let kinit_level = match sb.level {
        -1 => "linear".to_string(),
        l => format!("raid{l}"),
    };
    let mine = (kinit_version, words.join(":"), kinit_level, sb.raid_disks);
    let theirs = (
        e.version.clone(),
        e.uuid.clone(),
        e.level.clone(),
        e.raid_devices,
    );
    if mine != theirs {
        return Err(format!(
            "kinit reads {mine:?} from {} where mdadm --examine says {theirs:?}",
            image.display()
        ));
    }
    Ok(e)
}

/// Writes `data` into `image` at byte `offset`.
fn write_at(image: &Path, offset: u64, data: &[u8]) -> Result<(), String> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(image)
        .map_err(|e| format!("{}: {e}", image.display()))?;
    f.seek(SeekFrom::Start(offset)).map_err(|e| e.to_string())?;
    f.write_all(data).map_err(|e| e.to_string())
}

/// The member disks of `set` in `dir`, with `content` (a filesystem or
/// disk image) as the array's data; `templates` are the guest's disks
/// (r12a, r12b, r09a, r09b).
pub fn members(
    set: MdSet,
    templates: &[PathBuf],
    content: &Path,
    dir: &Path,
) -> Result<Vec<PathBuf>, String> {
    let data = std::fs::read(content).map_err(|e| format!("{}: {e}", content.display()))?;
    let out: Vec<PathBuf> = (0..2)
        .map(|i| dir.join(format!("{set:?}-{i}.img")))
        .collect();
    let size = MEMBER_MIB << 20;
    match set {
        MdSet::Raid1 | MdSet::Partitioned | MdSet::Auto090 => {
            let (from, part_start) = match set {
                MdSet::Auto090 => (templates.get(2..4), 1u64 << 20),
                _ => (templates.get(0..2), 0),
            };
            let from = from.ok_or("the guest made too few md templates")?;
            for (t, o) in from.iter().zip(&out) {
                std::fs::copy(t, o)
                    .map_err(|e| format!("{} -> {}: {e}", t.display(), o.display()))?;
                let scratch = o.with_extension("member");
                let e = examine(o, part_start, size - part_start, &scratch)?;
                let _ = std::fs::remove_file(scratch);
                write_at(o, part_start + e.data_offset * 512, &data)?;
            }
        }
        MdSet::Raid0 => {
            let chunk = 64 << 10;
            let mut disks = vec![vec![0u8; size as usize]; 2];
            for (i, c) in data.chunks(chunk).enumerate() {
                let at = (i / 2) * chunk;
                disks[i % 2]
                    .get_mut(at..at + c.len())
                    .ok_or("the filesystem is larger than the array")?
                    .copy_from_slice(c);
            }
            for (d, o) in disks.iter().zip(&out) {
                std::fs::write(o, d).map_err(|e| e.to_string())?;
            }
        }
        MdSet::Linear => {
            let mut all = data.clone();
            all.resize(2 * size as usize, 0);
            for (d, o) in all.chunks(size as usize).zip(&out) {
                std::fs::write(o, d).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examine_output() {
        let v12 = "/dev/vda:\n          Magic : a92b4efc\n        Version : 1.2\n    Feature Map : 0x0\n     Array UUID : 8c2d4a1e:5b3f6a7c:8d9e0f1a:2b3c4d5e\n           Name : (none):0\n  Creation Time : Mon Dec  7 08:00:00 2026\n     Raid Level : raid1\n   Raid Devices : 2\n\n    Data Offset : 2048 sectors\n";
        let e = parse_examine(v12).unwrap();
        assert_eq!(e.version, "1.2");
        assert_eq!(e.uuid, "8c2d4a1e:5b3f6a7c:8d9e0f1a:2b3c4d5e");
        assert_eq!(
            (e.level.as_str(), e.raid_devices, e.data_offset),
            ("raid1", 2, 2048)
        );
        let v09 = "/dev/vdc1:\n          Magic : a92b4efc\n        Version : 0.90.00\n           UUID : 01234567:89abcdef:01234567:89abcdef\n     Raid Level : raid1\n   Raid Devices : 2\n";
        let e = parse_examine(v09).unwrap();
        assert_eq!((e.version.as_str(), e.data_offset), ("0.90.00", 0));
        assert!(parse_examine("nothing").is_err());
    }
}
