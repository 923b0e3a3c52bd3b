//! md (software RAID) arrays, assembled before root is looked for as the
//! kernel's md_run_setup (drivers/md/md-autodetect.c) does when it mounts
//! root itself — which it skips when the initramfs has an /init, so with
//! kinit it is kinit's job: `md=` in all of its forms (`md=N,dev,...` from
//! the members' superblocks, `md=dN,...` partitionable, `md=N,0|-1,factor,
//! fault,dev,...` RAID0/linear without superblocks), `raid=noautodetect`,
//! `raid=partitionable`, and autodetection of the arrays on partitions of
//! the Linux RAID type (MBR 0xfd, GPT's Linux RAID GUID). The kernel's
//! `md=N,dev,...` and autodetection read 0.90 superblocks only, and 6.x no
//! longer has RAID_AUTORUN; beyond it, kinit reads the superblocks itself
//! and hands the array the members' version with SET_ARRAY_INFO, so arrays
//! of 1.x superblocks (mdadm's default, 1.2) assemble too. Parsers return
//! errors; a failure is said and the boot goes on (root may be elsewhere).

use crate::blockdevs::{self, BlockDev};
use crate::cmdline::{parse_prefix, Cmdline};
use crate::cpath::CPath;
use crate::modules::fields;
use crate::probe::{self, BlockRead, Device};
use crate::rootspec::RootSpec;
use crate::say;
use alloc::vec::Vec;
use core::mem::offset_of;
use klibc::fd::CWD;
use klibc::fs;
use klibc::uapi::general as g;
use klibc::uapi::md as u;

/// How an `md=` array is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// From the members' superblocks (`md=N,dev,...`).
    Superblock,
    /// RAID0 without superblocks (`md=N,0,factor,fault,dev,...`), with
    /// this chunk size in bytes.
    Raid0 { chunk: u32 },
    /// Linear without superblocks (`md=N,-1,factor,fault,dev,...`).
    Linear { chunk: u32 },
}

/// One `md=` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup<'a> {
    /// The array number: md<minor>, or md_d<minor> when partitioned.
    pub minor: u32,
    /// `md=dN,...`: the partitionable md_d<N>.
    pub partitioned: bool,
    pub layout: Layout,
    /// The member names as given (`/dev/vda1`, `vda1`, `MAJ:MIN`, hex, ...).
    pub devices: Vec<&'a [u8]>,
}

/// Why an `md=` value is not one of the forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MdError {
    /// Fewer numbers than the form needs (the kernel's "Too few arguments").
    TooFew,
    /// An array number the md driver cannot make (0 to 511).
    BadMinor,
    /// A chunk factor outside 0..=18 (chunks of 4 KiB to 1 GiB).
    BadChunk,
    /// No member devices.
    NoDevices,
}

impl MdError {
    pub fn message(self) -> &'static str {
        match self {
            MdError::TooFew => "too few arguments",
            MdError::BadMinor => "array number out of range (0-511)",
            MdError::BadChunk => "chunk factor out of range (0-18)",
            MdError::NoDevices => "no member devices",
        }
    }
}

/// The kernel's `get_option`: a number (base 0, optional `-`) at the start
/// of `s`; returns it, the text after it (after its comma, if one follows)
/// and whether a comma followed.
fn option(s: &[u8]) -> Option<(i64, &[u8], bool)> {
    let (neg, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    let (v, used) = parse_prefix(digits);
    if used == 0 {
        return None;
    }
    let v = i64::try_from(v).unwrap_or(i64::MAX);
    let v = if neg { -v } else { v };
    let rest = digits.get(used..).unwrap_or_default();
    match rest.split_first() {
        Some((b',', after)) => Some((v, after, true)),
        _ => Some((v, rest, false)),
    }
}

/// Parses an `md=` value as the kernel's md_setup does.
pub fn parse_md(v: &[u8]) -> Result<Setup<'_>, MdError> {
    let (partitioned, s) = match v.split_first() {
        Some((b'd', rest)) => (true, rest),
        _ => (false, v),
    };
    let (minor, after_minor) = match option(s) {
        Some((m, rest, true)) => (m, rest),
        _ => return Err(MdError::TooFew),
    };
    let minor = u32::try_from(minor)
        .ok()
        .filter(|&m| m < 512)
        .ok_or(MdError::BadMinor)?;
    let (layout, list) = match option(after_minor) {
        Some((level @ (0 | -1), rest, true)) => {
            let (factor, rest) = match option(rest) {
                Some((f, rest, true)) => (f, rest),
                _ => return Err(MdError::TooFew),
            };
            let rest = match option(rest) {
                Some((_fault, rest, true)) => rest,
                _ => return Err(MdError::TooFew),
            };
            let factor = u32::try_from(factor)
                .ok()
                .filter(|&f| f <= 18)
                .ok_or(MdError::BadChunk)?;
            let chunk = 1u32 << (factor + 12);
            let layout = if level == 0 {
                Layout::Raid0 { chunk }
            } else {
                Layout::Linear { chunk }
            };
            (layout, rest)
        }
        // Anything else: the first member is named by a number, or by a
        // name; the list starts after the array number.
        _ => (Layout::Superblock, after_minor),
    };
    let devices: Vec<&[u8]> = list.split(|&b| b == b',').collect();
    if devices.first().is_none_or(|d| d.is_empty()) {
        return Err(MdError::NoDevices);
    }
    Ok(Setup {
        minor,
        partitioned,
        layout,
        devices,
    })
}

/// What `raid=` says: autodetection off (`noautodetect`) or on
/// (`autodetect`), and whether autodetected arrays are partitionable
/// (`partitionable` or `part`). The kernel compares the words as
/// prefixes of those names; kinit wants the whole word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RaidOpts {
    pub noautodetect: bool,
    pub partitionable: bool,
}

/// Parses a `raid=` value (a comma list).
pub fn parse_raid(v: &[u8]) -> RaidOpts {
    let mut o = RaidOpts::default();
    for w in fields(v, b',') {
        match w {
            b"noautodetect" => o.noautodetect = true,
            b"autodetect" => o.noautodetect = false,
            b"partitionable" | b"part" => o.partitionable = true,
            _ => {}
        }
    }
    o
}

/// What a member's superblock says about its array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Super {
    /// Superblock version: (0, 90) or (1, 0|1|2).
    pub major: u32,
    pub minor: u32,
    /// The array's UUID: members with the same one form an array.
    pub uuid: [u8; 16],
    /// The RAID level (-1 linear, 0, 1, 4, 5, 6, 10).
    pub level: i32,
    pub raid_disks: u32,
    /// The array number the superblock prefers: 0.90's md_minor, or a 1.x
    /// name `host:N` or `N`.
    pub preferred: Option<u32>,
}

/// Reads a little-endian u32 at `off` of `b` (0 past its end).
fn le32(b: &[u8], off: usize) -> u32 {
    let mut w = [0u8; 4];
    if let Some(s) = b.get(off..off + 4) {
        w.copy_from_slice(s);
    }
    u32::from_le_bytes(w)
}

/// A 1.x superblock (`mdp_superblock_1`) in `b`, read at `at_sector`.
pub fn parse_super1(b: &[u8], at_sector: u64) -> Option<Super> {
    type S1 = u::mdp_superblock_1;
    if le32(b, offset_of!(S1, magic)) != u::MD_SB_MAGIC
        || le32(b, offset_of!(S1, major_version)) != 1
    {
        return None;
    }
    let off = offset_of!(S1, super_offset);
    let super_offset = u64::from(le32(b, off)) | (u64::from(le32(b, off + 4)) << 32);
    if super_offset != at_sector {
        return None;
    }
    let minor = match at_sector {
        0 => 1,
        8 => 2,
        _ => 0,
    };
    let uuid_at = offset_of!(S1, set_uuid);
    let uuid: [u8; 16] = b.get(uuid_at..uuid_at + 16)?.try_into().ok()?;
    let name_at = offset_of!(S1, set_name);
    let name = b.get(name_at..name_at + 32)?;
    let name = name.split(|&c| c == 0).next().unwrap_or_default();
    let number = name.rsplit(|&c| c == b':').next().unwrap_or_default();
    let (n, used) = crate::cmdline::parse_radix(number, 10, 0);
    let preferred = (used > 0 && used == number.len())
        .then(|| u32::try_from(n).ok())
        .flatten()
        .filter(|&n| n < 512);
    Some(Super {
        major: 1,
        minor,
        uuid,
        level: le32(b, offset_of!(S1, level)) as i32,
        raid_disks: le32(b, offset_of!(S1, raid_disks)),
        preferred,
    })
}

/// A 0.90 superblock (`mdp_super_t`, in the CPU's byte order) in `b`.
pub fn parse_super090(b: &[u8]) -> Option<Super> {
    type S0 = u::mdp_super_t;
    let word = |off: usize| {
        let mut w = [0u8; 4];
        if let Some(s) = b.get(off..off + 4) {
            w.copy_from_slice(s);
        }
        u32::from_ne_bytes(w)
    };
    if word(offset_of!(S0, md_magic)) != u::MD_SB_MAGIC || word(offset_of!(S0, major_version)) != 0
    {
        return None;
    }
    let mut uuid = [0u8; 16];
    let words = [
        offset_of!(S0, set_uuid0),
        offset_of!(S0, set_uuid1),
        offset_of!(S0, set_uuid2),
        offset_of!(S0, set_uuid3),
    ];
    for (chunk, off) in uuid.chunks_mut(4).zip(words) {
        chunk.copy_from_slice(&word(off).to_ne_bytes());
    }
    Some(Super {
        major: 0,
        minor: word(offset_of!(S0, minor_version)),
        uuid,
        level: word(offset_of!(S0, level)) as i32,
        raid_disks: word(offset_of!(S0, raid_disks)),
        preferred: Some(word(offset_of!(S0, md_minor))).filter(|&m| m < 512),
    })
}

/// The superblock of an md member of `size` bytes: 1.2 (4 KiB in), 1.1
/// (at 0), 1.0 (near the end), then 0.90 (the last 64 KiB-aligned 64 KiB).
pub fn read_super(dev: &mut dyn BlockRead, size: u64) -> Option<Super> {
    let sectors = size / 512;
    let reserved = u64::from(u::MD_RESERVED_SECTORS);
    let mut buf = alloc::vec![0u8; u::MD_SB_BYTES as usize];
    let mut at = |sector: u64, buf: &mut [u8]| {
        sector
            .checked_mul(512)
            .is_some_and(|off| probe::read_exact(dev, off, buf).is_ok())
    };
    let end1 = sectors.checked_sub(16).map(|s| s & !7);
    for sector in [Some(8), Some(0), end1].into_iter().flatten() {
        if at(sector, &mut buf) {
            if let Some(s) = parse_super1(&buf, sector) {
                return Some(s);
            }
        }
    }
    let end0 = (sectors & !(reserved - 1)).checked_sub(reserved)?;
    if at(end0, &mut buf) {
        return parse_super090(&buf);
    }
    None
}

/// A level's name as mdadm prints it.
fn level_name(level: i32, n: &mut say::Num) -> &[u8] {
    match level {
        -1 => b"linear",
        0 => b"raid0",
        1 => b"raid1",
        4 => b"raid4",
        5 => b"raid5",
        6 => b"raid6",
        10 => b"raid10",
        l => n.signed(l.into()),
    }
}

/// The `md=` values and `raid=` of the command line, and what the
/// assembly found: done before root is looked for.
#[inline(never)]
pub fn run(cmd: &Cmdline<'_>) {
    if !cfg!(feature = "md") {
        if cmd.params.iter().any(|p| p.name == b"md") {
            say::msg(
                b"kinit: md= ignored: built without md (INITRAMFS_KINIT_MD)",
                &[],
            );
        }
        return;
    }
    let setups: Vec<&[u8]> = cmd
        .params
        .iter()
        .filter(|p| p.name == b"md")
        .filter_map(|p| p.value)
        .collect();
    let raid = cmd.get(b"raid").map(parse_raid).unwrap_or_default();
    if setups.is_empty() && raid.noautodetect {
        return;
    }
    // No md driver: nothing to assemble (said only when md= asks for it).
    if fs::statat(CWD, c"/sys/module/md_mod", 0).is_err() {
        if !setups.is_empty() {
            say::msg(
                b"kinit: md=: the kernel has no md driver (CONFIG_BLK_DEV_MD)",
                &[],
            );
        }
        return;
    }
    let devs = blockdevs::scan(crate::rootdev::SYS_CLASS_BLOCK);
    let mut used: Vec<u32> = Vec::new();
    if !raid.noautodetect {
        autodetect(&devs, raid.partitionable, &mut used);
    }
    for v in setups {
        match parse_md(v) {
            Ok(s) => setup(&s, &devs, &mut used),
            Err(e) => say::msg(b"kinit: md={}: {}", &[v, e.message().as_bytes()]),
        }
    }
}

/// One array to start: its name, how it is made, its members.
struct Array<'d> {
    name: Vec<u8>,
    info: klibc::md::ArrayInfo,
    /// The superblock version, (0, 0) for none.
    version: (u32, u32),
    members: Vec<&'d BlockDev>,
}

/// The array name of number `minor`: md<N>, or md_d<N>.
fn array_name(minor: u32, partitioned: bool) -> Vec<u8> {
    let mut n = say::Num::new();
    let prefix: &[u8] = if partitioned { b"md_d" } else { b"md" };
    [prefix, n.dec(minor.into())].concat()
}

/// The superblock of the device `d`, if it is an md member.
fn super_of(d: &BlockDev) -> Option<Super> {
    let mut dev = Device::open(blockdevs::dev_node(&d.name).as_cstr()).ok()?;
    read_super(&mut dev, d.sectors.saturating_mul(512))
}

/// Assembles what `md=` describes.
fn setup(s: &Setup<'_>, devs: &[BlockDev], used: &mut Vec<u32>) {
    let name = array_name(s.minor, s.partitioned);
    if used.contains(&s.minor) && !s.partitioned {
        say::msg(
            b"kinit: md: ignoring md={}, already autodetected (use raid=noautodetect)",
            &[&name],
        );
        return;
    }
    let mut members = Vec::new();
    for &d in &s.devices {
        let spec = match RootSpec::parse(d) {
            Ok(spec) => spec,
            Err(_) => RootSpec::Name(d.strip_prefix(b"/dev/".as_slice()).unwrap_or(d)),
        };
        match crate::rootdev::find(&spec, devs, &mut crate::rootid::Prober) {
            Some(dev) => members.push(dev),
            None => {
                // As the kernel: the list ends at the first unknown name.
                say::msg(b"kinit: md: {}: unknown device {}", &[&name, d]);
                break;
            }
        }
    }
    let Some(first) = members.first() else {
        return;
    };
    let mut info = klibc::md::array_info();
    let version = match s.layout {
        Layout::Superblock => match super_of(first) {
            Some(sb) => {
                info.major_version = sb.major as i32;
                info.minor_version = sb.minor as i32;
                (sb.major, sb.minor)
            }
            None => {
                say::msg(
                    b"kinit: md: {}: no md superblock on {}",
                    &[&name, &first.dev_name()],
                );
                return;
            }
        },
        Layout::Raid0 { chunk } | Layout::Linear { chunk } => {
            info.level = if matches!(s.layout, Layout::Raid0 { .. }) {
                0
            } else {
                u::LEVEL_LINEAR
            };
            info.md_minor = s.minor as i32;
            info.not_persistent = 1;
            info.state = 1 << u::MD_SB_CLEAN;
            info.chunk_size = chunk as i32;
            info.raid_disks = members.len() as i32;
            (0, 0)
        }
    };
    if !s.partitioned {
        used.push(s.minor);
    }
    start(&Array {
        name,
        info,
        version,
        members,
    });
}

/// Finds the members on Linux RAID partitions, groups them by array UUID
/// and starts each array: at the number its superblock prefers when that
/// is free, else the highest free one (as mdadm numbers named arrays).
fn autodetect(devs: &[BlockDev], partitionable: bool, used: &mut Vec<u32>) {
    let mut found: Vec<(Super, &BlockDev)> = Vec::new();
    for disk in devs.iter().filter(|d| d.partition == 0) {
        let Ok(mut d) = Device::open(blockdevs::dev_node(&disk.name).as_cstr()) else {
            continue;
        };
        let sector_size = d.sector_size();
        let mut raid_parts = Vec::new();
        let _ = probe::walk(&mut d, sector_size, &mut |p| {
            if p.is_linux_raid() {
                raid_parts.push(p.number);
            }
        });
        for n in raid_parts {
            let part = devs
                .iter()
                .find(|p| p.disk == disk.name && p.partition == n);
            if let Some(part) = part {
                if let Some(sb) = super_of(part) {
                    found.push((sb, part));
                }
            }
        }
    }
    while let Some((sb, _)) = found.first().copied() {
        let (group, rest): (Vec<_>, Vec<_>) =
            found.into_iter().partition(|(s, _)| s.uuid == sb.uuid);
        found = rest;
        let minor = match sb.preferred.filter(|m| !used.contains(m)) {
            Some(m) => m,
            None => match (0..512u32).rev().find(|m| !used.contains(m)) {
                Some(m) => m,
                None => return,
            },
        };
        used.push(minor);
        let mut info = klibc::md::array_info();
        info.major_version = sb.major as i32;
        info.minor_version = sb.minor as i32;
        start(&Array {
            name: array_name(minor, partitionable),
            info,
            version: (sb.major, sb.minor),
            members: group.into_iter().map(|(_, d)| d).collect(),
        });
    }
}

/// Makes the array's device (the md driver's `new_array` parameter), adds
/// the members and runs it; says what came of it.
#[inline(never)]
fn start(a: &Array<'_>) {
    let name = &a.name;
    let _ = crate::attr::write(c"/sys/module/md_mod/parameters/new_array", name);
    let node = CPath::new(&[b"/dev/", name]);
    let opened = node_for(name, &node)
        .and_then(|()| fs::openat(CWD, node.as_cstr(), g::O_RDWR | g::O_CLOEXEC, 0));
    let fd = match opened {
        Ok(fd) => fd,
        Err(e) => return say::msg_fail(b"kinit: md: {}: opening {}", &[name, node.to_bytes()], e),
    };
    if let Err(e) = klibc::md::set_array_info(&fd, &a.info) {
        return say::msg_fail(b"kinit: md: {}: setting up the array", &[name], e);
    }
    let persistent = a.info.not_persistent == 0;
    for (i, m) in a.members.iter().enumerate() {
        let mut disk = klibc::md::disk_info();
        disk.major = m.major as i32;
        disk.minor = m.minor as i32;
        if !persistent {
            disk.number = i as i32;
            disk.raid_disk = i as i32;
            disk.state = (1 << u::MD_DISK_ACTIVE) | (1 << u::MD_DISK_SYNC);
        }
        if let Err(e) = klibc::md::add_new_disk(&fd, &disk) {
            say::msg_fail(b"kinit: md: {}: adding {}", &[name, &m.dev_name()], e);
        }
    }
    if let Err(e) = klibc::md::run_array(&fd) {
        return say::msg_fail(b"kinit: md: {}: starting the array", &[name], e);
    }
    // A partitionable array's partitions: read its table now that it runs.
    if name.starts_with(b"md_d") {
        let _ = klibc::io::block_reread_partitions(&fd);
    }
    let Ok(info) = klibc::md::get_array_info(&fd) else {
        return;
    };
    let (mut a1, mut a2, mut a3, mut a4, mut lv) = (
        say::Num::new(),
        say::Num::new(),
        say::Num::new(),
        say::Num::new(),
        say::Num::new(),
    );
    let active = a1.dec(info.active_disks.max(0) as u64);
    let total = a2.dec(info.raid_disks.max(0) as u64);
    let degraded: &[u8] = if info.active_disks < info.raid_disks {
        b" degraded"
    } else {
        b""
    };
    let level = level_name(info.level, &mut lv);
    let version: Vec<u8> = match a.version {
        _ if !persistent => b"no superblock".to_vec(),
        (major, minor) => [
            &b"superblock "[..],
            a3.dec(major.into()),
            b".",
            a4.dec(minor.into()),
        ]
        .concat(),
    };
    say::msg(
        b"kinit: md: {} started{} ({}, {} of {} disks, {})",
        &[name, degraded, level, active, total, &version],
    );
}

/// Makes sure `/dev/<name>` is the array's node (devtmpfs makes it; without
/// devtmpfs kinit does, from sysfs).
fn node_for(name: &[u8], node: &CPath) -> Result<(), klibc::Errno> {
    let sys = CPath::new(&[b"/sys/class/block/", name, b"/dev"]);
    let text = fs::read_file(CWD, sys.as_cstr())?;
    let (major, minor) = blockdevs::parse_dev(text.trim_ascii()).ok_or(klibc::Errno::INVAL)?;
    let want = fs::makedev(major, minor);
    if let Ok(st) = fs::statat(CWD, node.as_cstr(), 0) {
        if st.st_mode & g::S_IFMT == g::S_IFBLK && st.st_rdev == want {
            return Ok(());
        }
    }
    let _ = fs::unlinkat(CWD, node.as_cstr(), 0);
    fs::mknodat(CWD, node.as_cstr(), g::S_IFBLK | 0o600, want)
}

/// The `md` fuzz target and its corpus replay: `data` as an `md=` and a
/// `raid=` value, and as a superblock of each version at each place.
/// Returns the number of members of a valid `md=`, or the raid disks of a
/// superblock found at its start (1.2's place given as sector 8).
pub fn fuzz_entry(data: &[u8]) -> usize {
    let _ = parse_raid(data);
    let _ = parse_super1(data, 0);
    let mut d = data;
    let _ = read_super(&mut d, data.len() as u64);
    let sb = parse_super1(data, 8).or_else(|| parse_super090(data));
    let members = parse_md(data).map_or(0, |s| s.devices.len());
    members.max(sb.map_or(0, |s| s.raid_disks as usize))
}
