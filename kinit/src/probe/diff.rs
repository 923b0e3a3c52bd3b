//! Differential tests for the round-2 rewrites of the probes: the base
//! versions (UUID/LABEL extraction that re-read blocks into heap buffers;
//! PARTUUID through a whole partition table) kept here, run against the
//! current code on the fuzz corpus and on random mutations of it. The
//! number of mutated inputs is `PROBE_DIFF_ITERS` (default 2000).

use super::fs::{At, BLOCK, PROBES};
use super::ids::Ids;
use super::{read_exact, BlockRead, FsInfo, ProbeError};
use std::path::Path;
use std::vec::Vec;

extern crate std;

/// The base `identify`, with the base `fill` (below).
fn old_identify(dev: &mut dyn BlockRead, page_size: u64) -> Result<Option<FsInfo>, ProbeError> {
    let mut buf = [0u8; BLOCK as usize];
    let mut cur = None;
    for &(at, name, check, ids) in PROBES {
        let block = match at {
            At::Block(b) => u64::from(b),
            At::PageEnd => page_size.saturating_sub(BLOCK) >> 10,
        };
        if cur != Some(block) {
            cur = Some(block);
            read_exact(dev, block * BLOCK, &mut buf)?;
        }
        if let Some(size) = check(&buf) {
            let mut info = FsInfo {
                fstype: name,
                size,
                uuid: None,
                label: None,
            };
            let ids = if name == "gfs2" {
                old::Ids::Gfs2
            } else {
                old_ids(ids)
            };
            old::fill(dev, &mut info, ids, block * BLOCK, &buf);
            return Ok(Some(info));
        }
    }
    Ok(None)
}

fn old_ids(ids: Ids) -> old::Ids {
    match ids {
        Ids::Plain(u, l, n) => old::Ids::Plain(u, l, n),
        Ids::F2fs => old::Ids::F2fs,
        Ids::Exfat => old::Ids::Exfat,
        Ids::Vfat => old::Ids::Vfat,
        Ids::Reiserfs => old::Ids::Reiserfs,
        Ids::Jfs => old::Ids::Jfs,
        Ids::Iso9660 => old::Ids::Iso9660,
        Ids::Luks => old::Ids::Luks,
        Ids::Lvm2 => old::Ids::Lvm2,
        Ids::Swap => old::Ids::Swap,
        Ids::None => old::Ids::None,
    }
}

/// The base PARTUUID lookup: the whole table (read once by the caller),
/// then the partition.
fn old_part_uuid(table: &super::Table, n: u32) -> Option<Vec<u8>> {
    table.partition(n).map(|p| p.uuid().into_bytes())
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn iters() -> usize {
    std::env::var("PROBE_DIFF_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

/// xorshift64: reproducible random numbers without a crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Runs `check` on every seed, then on `iters()` mutations: a few bytes
/// changed, mostly near the offsets `hot` (where signatures and the
/// fields read after them live), the seed cut short now and then.
fn mutate_and_check(seeds: &[Vec<u8>], hot: &[usize], check: &mut dyn FnMut(&[u8])) {
    for s in seeds {
        check(s);
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut work: Vec<Vec<u8>> = seeds.to_vec();
    for _ in 0..iters() {
        let i = rng.below(work.len());
        let data = &mut work[i];
        let mut undo = Vec::new();
        for _ in 0..1 + rng.below(4) {
            let at = if rng.below(4) == 0 {
                rng.below(data.len())
            } else {
                hot[rng.below(hot.len())] + rng.below(1024)
            };
            if let Some(b) = data.get_mut(at) {
                undo.push((at, *b));
                *b = match rng.below(3) {
                    0 => rng.next() as u8,
                    1 => 0,
                    _ => *b ^ (1 << rng.below(8)),
                };
            }
        }
        let len = if rng.below(8) == 0 {
            rng.below(data.len() + 1)
        } else {
            data.len()
        };
        check(&data[..len]);
        for (at, b) in undo.into_iter().rev() {
            data[at] = b;
        }
    }
}

#[test]
fn identify_same_as_base() {
    let hot = [
        0, 1024, 2048, 8192, 32768, 65536, 3072, 15360, 64512, 3584, 67584,
    ];
    let mut n = 0;
    mutate_and_check(&corpus("probe_fs"), &hot, &mut |d| {
        for page in [4096, 2048, 16384] {
            let new = super::identify(&mut &d[..], page);
            let old = old_identify(&mut &d[..], page);
            assert_eq!(new, old, "page {page}, {} bytes", d.len());
        }
        n += 1;
    });
    std::println!("identify: {n} inputs, old == new");
}

#[test]
fn part_uuid_same_as_base() {
    let hot = [0, 512, 1024, 4096, 8192, 16384];
    let mut n = 0;
    mutate_and_check(&corpus("probe_parts"), &hot, &mut |d| {
        for ss in [512, 4096] {
            let table = super::partitions(&mut &d[..], ss).ok().flatten();
            for part in 0..8 {
                let new = crate::rootid::part_uuid_of(&mut &d[..], ss, part);
                let old = table.as_ref().and_then(|t| old_part_uuid(t, part));
                assert_eq!(new, old, "sector {ss}, partition {part}");
            }
        }
        n += 1;
    });
    std::println!("part_uuid: {n} inputs, old == new");
}

/// The base `probe::ids` (as of round 2's start), for the comparison.
#[allow(dead_code)]
mod old {

    use crate::probe::bytes::{arr, dashed, label, le16, le32, serial, u8_at, utf16le_label, uuid};
    use crate::probe::{BlockRead, FsInfo};
    use alloc::string::String;

    /// Where a format keeps its UUID and LABEL.
    #[derive(Clone, Copy)]
    pub(crate) enum Ids {
        /// Both in the signature block: UUID offset (or `NONE`), label offset
        /// and length.
        Plain(u16, u16, u16),
        F2fs,
        Exfat,
        Vfat,
        Reiserfs,
        Gfs2,
        Jfs,
        Iso9660,
        Luks,
        Lvm2,
        /// Swap and suspend (which keeps the swap header).
        Swap,
        /// Neither (gzip).
        None,
    }

    /// `Ids::Plain`'s UUID offset for formats without one.
    pub const NONE: u16 = u16::MAX;

    fn field(b: &[u8], off: u16, len: u16) -> &[u8] {
        let off = usize::from(off);
        b.get(off..off + usize::from(len)).unwrap_or(&[])
    }

    fn uuid_at(b: &[u8], off: u16) -> Option<String> {
        uuid(field(b, off, 16).try_into().ok()?)
    }

    // The larger extractors below are `#[inline(never)]`: inlined into this
    // match they made kinit bigger.

    /// Fills `info.uuid`/`info.label` as `ids` says; `blk` is the 1 KiB block
    /// (read at `base`) in which the signature was found.
    pub(crate) fn fill(
        dev: &mut dyn BlockRead,
        info: &mut FsInfo,
        ids: Ids,
        base: u64,
        blk: &[u8],
    ) {
        let (id, name) = match ids {
            Ids::Plain(u, l, n) => plain(blk, u, l, n),
            Ids::F2fs => (uuid_at(blk, 108), f2fs_label(dev, base)),
            Ids::Exfat => (Some(serial(le32(blk, 100))), exfat_label(dev, blk)),
            Ids::Vfat => vfat_ids(dev, blk),
            Ids::Reiserfs if !has_v1_magic(blk) => plain(blk, 84, 100, 16),
            Ids::Gfs2 => gfs2_ids(dev, base),
            Ids::Jfs => (uuid_at(blk, 136), jfs_label(blk)),
            Ids::Iso9660 => iso_ids(dev, base, blk),
            Ids::Luks => luks_ids(dev),
            Ids::Lvm2 => (lvm2_uuid(blk), None),
            Ids::Swap => swap_ids(dev),
            Ids::Reiserfs | Ids::None => (None, None),
        };
        info.uuid = id;
        info.label = name;
    }

    /// UUID at `u` and a label of `n` bytes at `l` in the signature block.
    fn plain(blk: &[u8], u: u16, l: u16, n: u16) -> (Option<String>, Option<String>) {
        (uuid_at(blk, u), label(field(blk, l, n)))
    }

    fn has_v1_magic(blk: &[u8]) -> bool {
        crate::probe::bytes::has(blk, 52, b"ReIsErFs")
    }

    /// `len` bytes at `off`, if they can be read.
    fn read(dev: &mut dyn BlockRead, off: u64, len: usize) -> Option<alloc::vec::Vec<u8>> {
        crate::probe::read_or_short(dev, off, len).ok().flatten()
    }

    #[inline(never)]
    fn f2fs_label(dev: &mut dyn BlockRead, base: u64) -> Option<String> {
        // volume_name: 512 UTF-16LE units at 124 in the superblock.
        let b = read(dev, base.checked_add(124)?, 1024)?;
        utf16le_label(&b)
    }

    #[inline(never)]
    fn jfs_label(blk: &[u8]) -> Option<String> {
        // Newer mkfs.jfs keep the label in s_label; older ones in s_fpack.
        label(field(blk, 152, 16)).or_else(|| label(field(blk, 101, 11)))
    }

    /// exFAT keeps its label in a root directory entry of type 0x83.
    #[inline(never)]
    fn exfat_label(dev: &mut dyn BlockRead, boot: &[u8]) -> Option<String> {
        let sector_shift = u32::from(u8_at(boot, 108));
        let cluster_shift = u32::from(u8_at(boot, 109));
        if sector_shift > 12 || cluster_shift > 25 {
            return None;
        }
        let heap = u64::from(le32(boot, 88)) << sector_shift;
        let root = u64::from(le32(boot, 96)).checked_sub(2)?;
        let cluster = 1u64 << (sector_shift + cluster_shift);
        let at = heap.checked_add(root.checked_mul(cluster)?)?;
        let dir = read(dev, at, cluster.min(4096) as usize)?;
        for e in dir.chunks_exact(32) {
            match e.first().copied().unwrap_or(0) {
                0 => break,
                0x83 => {
                    let n = usize::from(u8_at(e, 1)).min(11);
                    return utf16le_label(e.get(2..2 + 2 * n).unwrap_or(&[]));
                }
                _ => {}
            }
        }
        None
    }

    /// vfat: UUID from the volume serial; LABEL from the root directory's
    /// volume-label entry, else the boot sector's unless it is "NO NAME".
    #[inline(never)]
    fn vfat_ids(dev: &mut dyn BlockRead, boot: &[u8]) -> (Option<String>, Option<String>) {
        let sector = u64::from(le16(boot, 11));
        let reserved = u64::from(le16(boot, 14));
        let fats = u64::from(u8_at(boot, 16));
        let root_entries = u64::from(le16(boot, 17));
        let fat16_len = u64::from(le16(boot, 22));
        let fat32 = fat16_len == 0;
        let (ser_off, label_off) = if fat32 { (67, 71) } else { (39, 43) };
        let id = Some(serial(le32(boot, ser_off)));
        let boot_label = label(field(boot, label_off, 11)).filter(|l| l != "NO NAME");
        let fat_len = if fat32 {
            u64::from(le32(boot, 36))
        } else {
            fat16_len
        };
        let first_data = reserved + fats * fat_len;
        let (dir_sector, dir_len) = if fat32 {
            let cluster = u64::from(u8_at(boot, 13));
            let root = u64::from(le32(boot, 44)).saturating_sub(2);
            (first_data + root * cluster, cluster * sector)
        } else {
            (first_data, root_entries * 32)
        };
        let dir = dir_sector
            .checked_mul(sector)
            .and_then(|at| read(dev, at, dir_len.min(16384) as usize));
        let dir_label = dir.and_then(|d| {
            d.chunks_exact(32)
                .take_while(|e| e.first().copied().unwrap_or(0) != 0)
                .find(|e| {
                    let attr = u8_at(e, 11);
                    e.first().copied() != Some(0xE5) && attr & 0x08 != 0 && attr & 0x0F != 0x0F
                })
                .and_then(|e| label(e.get(..11).unwrap_or(&[])))
        });
        (id, dir_label.or(boot_label))
    }

    fn gfs2_ids(dev: &mut dyn BlockRead, base: u64) -> (Option<String>, Option<String>) {
        match read(dev, base, 512) {
            Some(sb) => (uuid(arr(&sb, 256)), label(field(&sb, 160, 64))),
            None => (None, None),
        }
    }

    /// iso9660: LABEL is the volume identifier; UUID is the volume's
    /// modification (else creation) time, as blkid forms it.
    fn iso_ids(dev: &mut dyn BlockRead, base: u64, pvd: &[u8]) -> (Option<String>, Option<String>) {
        if u8_at(pvd, 0) != 1 {
            return (None, None);
        }
        let name = label(field(pvd, 40, 32));
        // The modification time, else the creation time, when the 2 KiB
        // descriptor reads in full.
        let id = read(dev, base, 2048)
            .and_then(|sb| {
                [830, 813]
                    .into_iter()
                    .map(|o| arr::<16>(&sb, o))
                    .find(|d| d.iter().any(|&c| c != b'0' && c != 0))
            })
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| dashed(&d, &[4, 6, 8, 10, 12, 14]));
        (id, name)
    }

    fn luks_ids(dev: &mut dyn BlockRead) -> (Option<String>, Option<String>) {
        let Some(h) = read(dev, 0, 256) else {
            return (None, None);
        };
        let id = label(field(&h, 168, 40));
        // LUKS2 (version 2) has a label at 24.
        let name = if le16(&h, 6) == 0x0200 {
            label(field(&h, 24, 48))
        } else {
            None
        };
        (id, name)
    }

    /// LVM2: the PV UUID (32 characters, shown 6-4-4-4-4-4-6) from the PV
    /// header the label points at.
    #[inline(never)]
    fn lvm2_uuid(blk: &[u8]) -> Option<String> {
        let sector = [0usize, 512]
            .into_iter()
            .find(|&s| crate::probe::bytes::has(blk, s, b"LABELONE"))?;
        let off = sector.checked_add(le32(blk, sector + 20) as usize)?;
        let raw: [u8; 32] = arr(blk, off);
        if !raw.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
        Some(dashed(&raw, &[6, 10, 14, 18, 22, 26]))
    }

    /// Swap (and a suspend image, which keeps the swap header): version-1
    /// header at 1024 with the UUID at 1036 and the label at 1052.
    fn swap_ids(dev: &mut dyn BlockRead) -> (Option<String>, Option<String>) {
        match read(dev, 1024, 64) {
            Some(h) if le32(&h, 0) == 1 => (uuid(arr(&h, 12)), label(field(&h, 28, 16))),
            _ => (None, None),
        }
    }
}
