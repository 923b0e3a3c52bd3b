//! UUID and LABEL of an identified filesystem, in the form blkid (and so
//! udev's /dev/disk/by-uuid and by-label) shows them, for root=UUID= and
//! root=LABEL=. Best effort: a field that cannot be read is left out.

use super::bytes::{arr, dashed, label, le16, le32, serial, u8_at, utf16le_label, uuid};
use super::{BlockRead, FsInfo};
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
pub(crate) const NONE: u16 = u16::MAX;

fn field(b: &[u8], off: u16, len: u16) -> &[u8] {
    let off = usize::from(off);
    b.get(off..off + usize::from(len)).unwrap_or(&[])
}

// Out of line: inlined at its several call sites it cost more.
#[inline(never)]
fn uuid_at(b: &[u8], off: u16) -> Option<String> {
    uuid(field(b, off, 16).try_into().ok()?)
}

// The larger extractors below are `#[inline(never)]`: inlined into this
// match they made kinit bigger.

/// Fills `info.uuid`/`info.label` as `ids` says; `blk` is the 1 KiB block
/// (read at `base`) in which the signature was found.
pub(crate) fn fill(dev: &mut dyn BlockRead, info: &mut FsInfo, ids: Ids, base: u64, blk: &[u8]) {
    let (id, name) = match ids {
        Ids::Plain(u, l, n) => plain(blk, u, l, n),
        Ids::F2fs => (uuid_at(blk, 108), f2fs_label(dev, base)),
        Ids::Exfat => (Some(serial(le32(blk, 100))), exfat_label(dev, blk)),
        Ids::Vfat => vfat_ids(dev, blk),
        Ids::Reiserfs if !has_v1_magic(blk) => plain(blk, 84, 100, 16),
        Ids::Jfs => (uuid_at(blk, 136), jfs_label(blk)),
        Ids::Iso9660 => iso_ids(dev, base, blk),
        Ids::Luks => luks_ids(blk),
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
    super::bytes::has(blk, 52, b"ReIsErFs")
}

/// Fills `buf` from `off`, if it can be read in full.
fn read<'b>(dev: &mut dyn BlockRead, off: u64, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    super::read_exact(dev, off, buf).ok()?;
    Some(buf)
}

#[inline(never)]
fn f2fs_label(dev: &mut dyn BlockRead, base: u64) -> Option<String> {
    // volume_name: 512 UTF-16LE units at 124 in the superblock.
    let mut buf = [0; 1024];
    utf16le_label(read(dev, base.checked_add(124)?, &mut buf)?)
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
    let mut buf = [0; 4096];
    let dir = read(dev, at, buf.get_mut(..cluster.min(4096) as usize)?)?;
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
        .and_then(|at| super::read_or_short(dev, at, dir_len.min(16384) as usize).ok()?);
    let dir_label = fat_dir_label(dir.as_deref().unwrap_or_default());
    (id, dir_label.or(boot_label))
}

/// The label of a FAT directory's first volume-label entry (not deleted,
/// not a long-name part) before its end.
// Out of line: smaller so.
#[inline(never)]
fn fat_dir_label(dir: &[u8]) -> Option<String> {
    for e in dir.chunks_exact(32) {
        let attr = u8_at(e, 11);
        match u8_at(e, 0) {
            0 => break,
            0xE5 => {}
            _ if attr & 0x08 != 0 && attr & 0x0F != 0x0F => {
                return label(e.get(..11).unwrap_or_default());
            }
            _ => {}
        }
    }
    None
}

/// iso9660: LABEL is the volume identifier; UUID is the volume's
/// modification (else creation) time, as blkid forms it.
fn iso_ids(dev: &mut dyn BlockRead, base: u64, pvd: &[u8]) -> (Option<String>, Option<String>) {
    if u8_at(pvd, 0) != 1 {
        return (None, None);
    }
    let name = label(field(pvd, 40, 32));
    // The modification time, else the creation time (both in the block
    // at hand), when the 2 KiB descriptor reads in full (its last byte).
    let unset = |d: &[u8; 16]| d.iter().all(|&c| c == b'0' || c == 0);
    let id = read(dev, base.saturating_add(2047), &mut [0])
        .and_then(|_| {
            let modified = arr::<16>(pvd, 830);
            let created = arr::<16>(pvd, 813);
            let d = if !unset(&modified) { modified } else { created };
            (!unset(&d) && d.iter().all(u8::is_ascii_digit)).then_some(d)
        })
        .map(|d| dashed(&d, &[4, 6, 8, 10, 12, 14]));
    (id, name)
}

/// LUKS, from the header at the start of block 0 (the signature block).
fn luks_ids(h: &[u8]) -> (Option<String>, Option<String>) {
    let id = label(field(h, 168, 40));
    // LUKS2 (version 2) has a label at 24.
    let name = if le16(h, 6) == 0x0200 {
        label(field(h, 24, 48))
    } else {
        None
    };
    (id, name)
}

/// LVM2: the PV UUID (32 characters, shown 6-4-4-4-4-4-6) from the PV
/// header the label points at.
#[inline(never)]
fn lvm2_uuid(blk: &[u8]) -> Option<String> {
    let at = |s| super::bytes::has(blk, s, b"LABELONE");
    let sector: usize = if at(0) {
        0
    } else if at(512) {
        512
    } else {
        return None;
    };
    let off = sector.checked_add(le32(blk, sector + 20) as usize)?;
    let raw: [u8; 32] = arr(blk, off);
    if !raw.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some(dashed(&raw, &[6, 10, 14, 18, 22, 26]))
}

/// Swap (and a suspend image, which keeps the swap header): version-1
/// header at 1024 with the UUID at 1036 and the label at 1052.
#[inline(never)]
fn swap_ids(dev: &mut dyn BlockRead) -> (Option<String>, Option<String>) {
    let mut buf = [0; 64];
    match read(dev, 1024, &mut buf) {
        Some(h) if le32(h, 0) == 1 => (uuid(arr(h, 12)), label(field(h, 28, 16))),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 32-byte directory entry: an 11-byte name (space padded) and
    /// its attribute byte.
    fn entry(name: &[u8], attr: u8) -> [u8; 32] {
        let mut e = [0u8; 32];
        e[..11].fill(b' ');
        e[..name.len()].copy_from_slice(name);
        e[11] = attr;
        e
    }

    fn dir(entries: &[[u8; 32]]) -> alloc::vec::Vec<u8> {
        entries.concat()
    }

    fn check(d: &[u8], want: Option<&str>) {
        assert_eq!(fat_dir_label(d).as_deref(), want, "{d:?}");
    }

    const LABEL: u8 = 0x08;
    const ARCHIVE: u8 = 0x20;
    const DIRECTORY: u8 = 0x10;
    const LFN: u8 = 0x0F;

    #[test]
    fn fat_dir_label_first_and_after_other_entries() {
        check(&dir(&[entry(b"ROOT FS", LABEL)]), Some("ROOT FS"));
        // After ordinary files and directories.
        let d = dir(&[
            entry(b"KERNEL  IMG", ARCHIVE),
            entry(b"BOOT", DIRECTORY),
            entry(b"MYLABEL", LABEL),
        ]);
        check(&d, Some("MYLABEL"));
        // After a deleted label: the live one counts.
        let d = dir(&[entry(b"\xE5OLDLABEL", LABEL), entry(b"NEW", LABEL)]);
        check(&d, Some("NEW"));
        // After long-name parts (attr 0x0F, and 0x0F with more bits).
        let d = dir(&[
            entry(b"Ak\0e\0r\0n\0e\0", LFN),
            entry(b"Bl\0o\0n\0g\0", LFN | ARCHIVE),
            entry(b"EFI", LABEL),
        ]);
        check(&d, Some("EFI"));
        // Archive + label is a label; so is directory + label.
        check(&dir(&[entry(b"ARCH", 0x28)]), Some("ARCH"));
        check(&dir(&[entry(b"DIRLBL", 0x18)]), Some("DIRLBL"));
        // The first label wins.
        let d = dir(&[entry(b"ONE", LABEL), entry(b"TWO", LABEL)]);
        check(&d, Some("ONE"));
    }

    #[test]
    fn fat_dir_label_not_found() {
        check(&[], None);
        // Only deleted labels, long-name parts, files.
        let d = dir(&[
            entry(b"\xE5GONE", LABEL),
            entry(b"Ax\0y\0", LFN),
            entry(b"FILE    TXT", ARCHIVE),
        ]);
        check(&d, None);
        // A label after the end marker (first byte 0) is not read.
        let d = dir(&[entry(b"A", ARCHIVE), entry(b"\0", 0), entry(b"LATE", LABEL)]);
        check(&d, None);
        // Nor is one whose first byte is 0.
        check(&dir(&[entry(b"\0HIDDEN", LABEL)]), None);
    }

    #[test]
    fn fat_dir_label_partial_entry() {
        // A trailing entry cut short is not an entry.
        let whole = dir(&[entry(b"FILE", ARCHIVE), entry(b"CUT", LABEL)]);
        check(&whole[..63], None);
        check(&whole[..44], None);
        check(&whole, Some("CUT"));
        // Junk after a whole label entry changes nothing.
        let mut d = dir(&[entry(b"KEPT", LABEL)]);
        d.extend_from_slice(&[0xFF; 31]);
        check(&d, Some("KEPT"));
    }

    #[test]
    fn fat_dir_label_text() {
        // All spaces: no label, and the search stops there.
        let d = dir(&[entry(b"", LABEL), entry(b"LATER", LABEL)]);
        check(&d, None);
        // Trailing spaces trimmed, inner and leading ones kept.
        check(&dir(&[entry(b" MY DISK", LABEL)]), Some(" MY DISK"));
        // All 11 bytes, no padding.
        check(&dir(&[entry(b"ABCDEFGHIJK", LABEL)]), Some("ABCDEFGHIJK"));
        // Up to a NUL.
        check(&dir(&[entry(b"AB\0CD", LABEL)]), Some("AB"));
        // Not UTF-8: no label.
        check(&dir(&[entry(b"\x80BAD", LABEL)]), None);
    }
}
