//! Partition tables as the kernel reads them, for root=PARTUUID= and
//! root=PARTLABEL=: GPT (checked the way block/partitions/efi.c checks it:
//! protective MBR, header and entry CRCs, backup header when the primary is
//! bad) and MBR (block/partitions/msdos.c: extended partitions numbered
//! from 5 along the EBR chain, PARTUUID `SSSSSSSS-PP`). Offsets are in
//! logical sectors of the size the caller gives.

use super::bytes::{arr, guid, has, hex_string, le32, le64, u8_at};
use super::{read_exact, read_or_short, BlockRead, ProbeError};
use alloc::string::String;
use alloc::vec::Vec;

/// Which kind of table [`partitions`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Gpt,
    Mbr,
}

/// One partition, numbered as the kernel numbers it (sda<number>). Its
/// identifiers stay raw until asked for: kinit wants one PARTUUID, not a
/// table of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    pub number: u32,
    /// First sector and length, in logical sectors.
    pub start: u64,
    pub sectors: u64,
    raw: Raw,
}

/// A partition's entry as the table stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Raw {
    /// GPT: unique GUID, type GUID, UTF-16LE name.
    Gpt {
        uuid: [u8; 16],
        ty: [u8; 16],
        attrs: u64,
        name: [u8; 72],
    },
    /// MBR: the disk signature and the type byte.
    Mbr { signature: u32, ty: u8 },
}

impl Partition {
    /// PARTUUID: the GPT unique partition GUID, or `SSSSSSSS-PP` for MBR.
    pub fn uuid(&self) -> String {
        match self.raw {
            Raw::Gpt { uuid, .. } => guid(uuid),
            Raw::Mbr { signature, .. } => {
                // `%08x-%02x`: numbers stop at MAX_PARTS, two digits.
                let [a, b, c, d] = signature.to_be_bytes();
                hex_string(&[a, b, c, d, self.number as u8], &[8], false)
            }
        }
    }

    /// PARTLABEL (GPT only), UTF-16LE converted to UTF-8.
    pub fn label(&self) -> Option<String> {
        match &self.raw {
            Raw::Gpt { name, .. } => utf16le(name),
            Raw::Mbr { .. } => None,
        }
    }

    /// Whether the partition is of the Linux RAID type: MBR 0xfd (the
    /// kernel's LINUX_RAID_PARTITION) or GPT's Linux RAID GUID
    /// a19d880f-05fc-4d3b-a006-743f0f84911e, which the kernel's partition
    /// code marks for md autodetection.
    pub fn is_linux_raid(&self) -> bool {
        const GPT_LINUX_RAID: [u8; 16] = [
            0x0f, 0x88, 0x9d, 0xa1, 0xfc, 0x05, 0x3b, 0x4d, 0xa0, 0x06, 0x74, 0x3f, 0x0f, 0x84,
            0x91, 0x1e,
        ];
        match self.raw {
            Raw::Gpt { ty, .. } => ty == GPT_LINUX_RAID,
            Raw::Mbr { ty, .. } => ty == 0xfd,
        }
    }

    /// GPT only: the type GUID as stored (mixed-endian) and the attribute
    /// flags.
    pub fn gpt_type_and_flags(&self) -> Option<([u8; 16], u64)> {
        match self.raw {
            Raw::Gpt { ty, attrs, .. } => Some((ty, attrs)),
            Raw::Mbr { .. } => None,
        }
    }

    /// GPT only: the unique partition GUID as stored.
    pub fn gpt_uuid(&self) -> Option<[u8; 16]> {
        match self.raw {
            Raw::Gpt { uuid, .. } => Some(uuid),
            Raw::Mbr { .. } => None,
        }
    }

    /// The GPT partition type GUID, or the MBR type byte as two hex digits.
    pub fn part_type(&self) -> String {
        match self.raw {
            Raw::Gpt { ty, .. } => guid(ty),
            Raw::Mbr { ty, .. } => hex_string(&[ty], &[], false),
        }
    }
}

/// A disk's partition table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub kind: TableKind,
    /// The GPT disk GUID as stored, or the MBR signature in its first 4
    /// bytes (big-endian).
    id: [u8; 16],
    pub partitions: Vec<Partition>,
}

impl Table {
    /// Partition `number` (as in sda<number>), if the table has it.
    pub fn partition(&self, number: u32) -> Option<&Partition> {
        self.partitions.iter().find(|p| p.number == number)
    }

    /// The GPT disk GUID, or the MBR disk signature as 8 hex digits.
    pub fn disk_id(&self) -> String {
        match self.kind {
            TableKind::Gpt => guid(self.id),
            TableKind::Mbr => hex_string(&arr::<4>(&self.id, 0), &[], false),
        }
    }
}

/// Partition numbers stop below the kernel's disk_max_parts (256).
const MAX_PARTS: u32 = 255;
/// At most this many bytes of GPT entries (the spec's minimum is 16 KiB).
const MAX_ENTRY_BYTES: u64 = 1 << 20;

/// Reads `dev`'s partition table in `sector_size`-byte logical sectors.
/// `Ok(None)`: neither a GPT nor an MBR (or an impossible sector size).
pub fn partitions(dev: &mut dyn BlockRead, sector_size: u32) -> Result<Option<Table>, ProbeError> {
    let mut parts = Vec::new();
    let head = walk(dev, sector_size, &mut |p| parts.push(p))?;
    Ok(head.map(|(kind, id)| Table {
        kind,
        id,
        partitions: parts,
    }))
}

/// The table's kind and disk id ([`Table`]'s `id`).
pub(crate) type Head = (TableKind, [u8; 16]);

/// Reads `dev`'s partition table as [`partitions`] does, handing each
/// partition to `each` (in the order [`partitions`] lists them) instead of
/// collecting them; what `each` was given counts only when the result is
/// `Ok(Some(..))`.
pub(crate) fn walk(
    dev: &mut dyn BlockRead,
    sector_size: u32,
    each: &mut dyn FnMut(Partition),
) -> Result<Option<Head>, ProbeError> {
    // Logical sectors are powers of two from 512 bytes to 64 KiB.
    if !(512..=65536).contains(&sector_size) || !sector_size.is_power_of_two() {
        return Ok(None);
    }
    let ss = u64::from(sector_size);
    let mut mbr = [0u8; 512];
    read_exact(dev, 0, &mut mbr)?;
    if !has(&mbr, 510, b"\x55\xAA") {
        return Ok(None);
    }
    // Any 0xEE entry: a GPT disk, never read as MBR. The kernel takes the
    // GPT only if that entry is a protective one starting at LBA 1.
    let mut gpt_disk = false;
    let mut protective = false;
    for e in mbr_entries(&mbr) {
        if u8_at(e, 4) == 0xEE {
            gpt_disk = true;
            protective |= le32(e, 8) == 1;
        }
    }
    if gpt_disk {
        if !protective {
            return Ok(None);
        }
        return gpt(dev, ss, each);
    }
    mbr_table(dev, &mbr, ss, each)
}

/// The four 16-byte entries of an MBR or EBR.
fn mbr_entries(sector: &[u8]) -> core::slice::ChunksExact<'_, u8> {
    sector.get(446..510).unwrap_or(&[]).chunks_exact(16)
}

/// The last logical sector of `dev`, when its size is known.
fn last_lba(dev: &mut dyn BlockRead, ss: u64) -> Option<u64> {
    dev.size()?.checked_div(ss)?.checked_sub(1)
}

fn gpt(
    dev: &mut dyn BlockRead,
    ss: u64,
    each: &mut dyn FnMut(Partition),
) -> Result<Option<Head>, ProbeError> {
    if let Some(t) = gpt_at(dev, ss, 1, each)? {
        return Ok(Some(t));
    }
    // The backup header is in the last sector.
    match last_lba(dev, ss) {
        Some(lba) if lba > 1 => gpt_at(dev, ss, lba, each),
        _ => Ok(None),
    }
}

/// The GPT whose header is at `lba`; partitions go to `each` only once
/// the header and the entries have passed every check.
fn gpt_at(
    dev: &mut dyn BlockRead,
    ss: u64,
    lba: u64,
    each: &mut dyn FnMut(Partition),
) -> Result<Option<Head>, ProbeError> {
    let Some(at) = lba.checked_mul(ss) else {
        return Ok(None);
    };
    let Some(mut hdr) = read_or_short(dev, at, ss as usize)? else {
        return Ok(None);
    };
    let hsize = le32(&hdr, 12) as usize;
    if !has(&hdr, 0, b"EFI PART") || hsize < 92 || hsize > hdr.len() || le64(&hdr, 24) != lba {
        return Ok(None);
    }
    // The header CRC is taken with its own field zeroed (nothing below
    // reads that field again).
    let want = le32(&hdr, 16);
    if let Some(c) = hdr.get_mut(16..20) {
        c.fill(0);
    }
    if crc32(hdr.get(..hsize).unwrap_or(&[])) != want {
        return Ok(None);
    }
    let count = u64::from(le32(&hdr, 80));
    let esize = u64::from(le32(&hdr, 84));
    let total = count.saturating_mul(esize);
    if esize != 128 || total > MAX_ENTRY_BYTES {
        return Ok(None);
    }
    let Some(eat) = le64(&hdr, 72).checked_mul(ss) else {
        return Ok(None);
    };
    let Some(ents) = read_or_short(dev, eat, total as usize)? else {
        return Ok(None);
    };
    if crc32(&ents) != le32(&hdr, 88) {
        return Ok(None);
    }
    // The disk's last LBA bounds the header's usable range and every
    // entry, as the kernel checks (when the size is known).
    let disk_last = last_lba(dev, ss).unwrap_or(u64::MAX);
    let (first_usable, last_usable) = (le64(&hdr, 40), le64(&hdr, 48));
    if first_usable > last_usable || last_usable > disk_last {
        return Ok(None);
    }
    for (number, e) in (1..=MAX_PARTS).zip(ents.chunks_exact(128)) {
        let ty: [u8; 16] = arr(e, 0);
        let (first, last) = (le64(e, 32), le64(e, 40));
        if ty == [0; 16] || first > last || last > disk_last {
            continue;
        }
        each(Partition {
            number,
            start: first,
            sectors: (last - first).saturating_add(1),
            raw: Raw::Gpt {
                uuid: arr(e, 16),
                ty,
                attrs: le64(e, 48),
                name: arr(e, 56),
            },
        });
    }
    Ok(Some((TableKind::Gpt, arr(&hdr, 56))))
}

/// UTF-16LE up to the first NUL, as blkid converts PARTLABEL.
fn utf16le(b: &[u8]) -> Option<String> {
    let units = b
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes(arr(c, 0)))
        .take_while(|&u| u != 0);
    let s: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    (!s.is_empty()).then_some(s)
}

fn is_extended(ty: u8) -> bool {
    matches!(ty, 0x05 | 0x0F | 0x85)
}

/// An MBR partition entry: type byte, start and size (in sectors).
fn mbr_entry(e: &[u8]) -> (u8, u64, u64) {
    (u8_at(e, 4), u64::from(le32(e, 8)), u64::from(le32(e, 12)))
}

// Out of line: smaller than inlined into `walk`.
#[inline(never)]
fn mbr_table(
    dev: &mut dyn BlockRead,
    mbr: &[u8],
    ss: u64,
    each: &mut dyn FnMut(Partition),
) -> Result<Option<Head>, ProbeError> {
    // Boot indicators other than 0 and 0x80: not a partition table (a FAT
    // boot sector, say), as the kernel decides.
    if mbr_entries(mbr).any(|e| !matches!(u8_at(e, 0), 0 | 0x80)) {
        return Ok(None);
    }
    let signature = le32(mbr, 440);
    // By number: the primaries first, then the logical partitions of each
    // extended one in slot order (numbered on from 5).
    for (slot, e) in (1..).zip(mbr_entries(mbr)) {
        let (ty, start, size) = mbr_entry(e);
        if size != 0 {
            each(mbr_partition(signature, slot, start, size, ty));
        }
    }
    let mut next_number = 5;
    for e in mbr_entries(mbr) {
        let (ty, start, size) = mbr_entry(e);
        if size != 0 && is_extended(ty) {
            let chain = Chain {
                ss,
                signature,
                first: start,
                first_size: size,
            };
            extended(dev, &chain, &mut next_number, each)?;
        }
    }
    let mut id = [0u8; 16];
    if let Some(head) = id.get_mut(..4) {
        head.copy_from_slice(&signature.to_be_bytes());
    }
    Ok(Some((TableKind::Mbr, id)))
}

fn mbr_partition(signature: u32, number: u32, start: u64, sectors: u64, ty: u8) -> Partition {
    Partition {
        number,
        start,
        sectors,
        raw: Raw::Mbr { signature, ty },
    }
}

/// An extended partition: where its chain of boot records starts.
struct Chain {
    ss: u64,
    signature: u32,
    first: u64,
    first_size: u64,
}

/// Walks the chain of extended boot records: logical partitions get the
/// numbers from `next_number` (5 for the first chain) on, in chain order.
fn extended(
    dev: &mut dyn BlockRead,
    c: &Chain,
    next_number: &mut u32,
    each: &mut dyn FnMut(Partition),
) -> Result<(), ProbeError> {
    let (first, first_size) = (c.first, c.first_size);
    let (mut this, mut this_size) = (first, first_size);
    let mut idle = 0;
    let mut ebr = [0u8; 512];
    for _ in 0..(MAX_PARTS * 4) {
        idle += 1;
        if idle > 100 || *next_number > MAX_PARTS {
            break;
        }
        let Some(at) = this.checked_mul(c.ss) else {
            break;
        };
        match read_exact(dev, at, &mut ebr) {
            Ok(()) => {}
            Err(ProbeError::Short { .. }) => break,
            Err(e) => return Err(e),
        }
        if !has(&ebr, 510, b"\x55\xAA") {
            break;
        }
        for (i, e) in mbr_entries(&ebr).enumerate() {
            let (ty, offs, size) = mbr_entry(e);
            if size == 0 || is_extended(ty) {
                continue;
            }
            let start = this.saturating_add(offs);
            if i >= 2
                && (offs.saturating_add(size) > this_size
                    || start < first
                    || start.saturating_add(size) > first.saturating_add(first_size))
            {
                continue;
            }
            each(mbr_partition(c.signature, *next_number, start, size, ty));
            idle = 0;
            *next_number += 1;
            if *next_number > MAX_PARTS {
                return Ok(());
            }
        }
        let link = mbr_entries(&ebr)
            .map(mbr_entry)
            .find(|&(ty, _, size)| size != 0 && is_extended(ty));
        let Some((_, offs, size)) = link else {
            break;
        };
        this = first.saturating_add(offs);
        this_size = size;
    }
    Ok(())
}

/// CRC-32 (IEEE, reflected), as GPT uses; bitwise to stay small.
pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_known_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
