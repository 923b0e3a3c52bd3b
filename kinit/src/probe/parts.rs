//! Partition tables as the kernel reads them, for root=PARTUUID= and
//! root=PARTLABEL=: GPT (checked the way block/partitions/efi.c checks it:
//! protective MBR, header and entry CRCs, backup header when the primary is
//! bad) and MBR (block/partitions/msdos.c: extended partitions numbered
//! from 5 along the EBR chain, PARTUUID `SSSSSSSS-PP`). Offsets are in
//! logical sectors of the size the caller gives.

use super::bytes::{arr, guid, has, le32, le64, u8_at};
use super::{read_exact, BlockRead, ProbeError};
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// Which kind of table [`partitions`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Gpt,
    Mbr,
}

/// One partition, numbered as the kernel numbers it (sda<number>).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    pub number: u32,
    /// First sector and length, in logical sectors.
    pub start: u64,
    pub sectors: u64,
    /// PARTUUID: the GPT unique partition GUID, or `SSSSSSSS-PP` for MBR.
    pub uuid: String,
    /// PARTLABEL (GPT only), UTF-16LE converted to UTF-8.
    pub label: Option<String>,
    /// The GPT partition type GUID, or the MBR type byte as two hex digits.
    pub part_type: String,
}

/// A disk's partition table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub kind: TableKind,
    /// The GPT disk GUID, or the MBR disk signature as 8 hex digits.
    pub disk_id: String,
    pub partitions: Vec<Partition>,
}

impl Table {
    /// Partition `number` (as in sda<number>), if the table has it.
    pub fn partition(&self, number: u32) -> Option<&Partition> {
        self.partitions.iter().find(|p| p.number == number)
    }
}

/// Partition numbers stop below the kernel's disk_max_parts (256).
const MAX_PARTS: u32 = 255;
/// At most this many bytes of GPT entries (the spec's minimum is 16 KiB).
const MAX_ENTRY_BYTES: u64 = 1 << 20;

/// Reads `dev`'s partition table in `sector_size`-byte logical sectors.
/// `Ok(None)`: neither a GPT nor an MBR (or an impossible sector size).
pub fn partitions(dev: &mut dyn BlockRead, sector_size: u32) -> Result<Option<Table>, ProbeError> {
    // Logical sectors are powers of two from 512 bytes to 64 KiB.
    if !(512..=65536).contains(&sector_size) || !sector_size.is_power_of_two() {
        return Ok(None);
    }
    let ss = u64::from(sector_size);
    let mut mbr = vec![0u8; 512];
    read_exact(dev, 0, &mut mbr)?;
    if !has(&mbr, 510, b"\x55\xAA") {
        return Ok(None);
    }
    // Any 0xEE entry: a GPT disk, never read as MBR. The kernel takes the
    // GPT only if that entry is a protective one starting at LBA 1.
    let entries = |i: usize| 446 + 16 * i;
    if (0..4).any(|i| u8_at(&mbr, entries(i) + 4) == 0xEE) {
        if !(0..4).any(|i| u8_at(&mbr, entries(i) + 4) == 0xEE && le32(&mbr, entries(i) + 8) == 1) {
            return Ok(None);
        }
        return gpt(dev, ss);
    }
    mbr_table(dev, &mbr, ss)
}

fn gpt(dev: &mut dyn BlockRead, ss: u64) -> Result<Option<Table>, ProbeError> {
    if let Some(t) = gpt_at(dev, ss, 1)? {
        return Ok(Some(t));
    }
    // The backup header is in the last sector.
    let last = dev
        .size()
        .and_then(|s| s.checked_div(ss))
        .and_then(|n| n.checked_sub(1));
    match last {
        Some(lba) if lba > 1 => gpt_at(dev, ss, lba),
        _ => Ok(None),
    }
}

fn gpt_at(dev: &mut dyn BlockRead, ss: u64, lba: u64) -> Result<Option<Table>, ProbeError> {
    let Some(at) = lba.checked_mul(ss) else {
        return Ok(None);
    };
    let mut hdr = vec![0u8; ss as usize];
    match read_exact(dev, at, &mut hdr) {
        Ok(()) => {}
        Err(ProbeError::Short { .. }) => return Ok(None),
        Err(e) => return Err(e),
    }
    let hsize = le32(&hdr, 12) as usize;
    if !has(&hdr, 0, b"EFI PART") || hsize < 92 || hsize > hdr.len() || le64(&hdr, 24) != lba {
        return Ok(None);
    }
    let want = le32(&hdr, 16);
    let mut copy = hdr.get(..hsize).unwrap_or(&[]).to_vec();
    if let Some(c) = copy.get_mut(16..20) {
        c.fill(0);
    }
    if crc32(&copy) != want {
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
    let mut ents = vec![0u8; total as usize];
    match read_exact(dev, eat, &mut ents) {
        Ok(()) => {}
        Err(ProbeError::Short { .. }) => return Ok(None),
        Err(e) => return Err(e),
    }
    if crc32(&ents) != le32(&hdr, 88) {
        return Ok(None);
    }
    // The disk's last LBA bounds the header's usable range and every
    // entry, as the kernel checks (when the size is known).
    let disk_last = dev
        .size()
        .and_then(|s| s.checked_div(ss))
        .and_then(|n| n.checked_sub(1))
        .unwrap_or(u64::MAX);
    let (first_usable, last_usable) = (le64(&hdr, 40), le64(&hdr, 48));
    if first_usable > last_usable || last_usable > disk_last {
        return Ok(None);
    }
    let mut parts = Vec::new();
    for (i, e) in ents.chunks_exact(128).enumerate() {
        let ty: [u8; 16] = arr(e, 0);
        let (first, last) = (le64(e, 32), le64(e, 40));
        if ty == [0; 16] || first > last || last > disk_last {
            continue;
        }
        let number = i as u32 + 1;
        if number > MAX_PARTS {
            break;
        }
        parts.push(Partition {
            number,
            start: first,
            sectors: (last - first).saturating_add(1),
            uuid: guid(arr(e, 16)),
            label: utf16le(e.get(56..128).unwrap_or(&[])),
            part_type: guid(ty),
        });
    }
    Ok(Some(Table {
        kind: TableKind::Gpt,
        disk_id: guid(arr(&hdr, 56)),
        partitions: parts,
    }))
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

fn mbr_table(dev: &mut dyn BlockRead, mbr: &[u8], ss: u64) -> Result<Option<Table>, ProbeError> {
    // Boot indicators other than 0 and 0x80: not a partition table (a FAT
    // boot sector, say), as the kernel decides.
    if (0..4).any(|i| !matches!(u8_at(mbr, 446 + 16 * i), 0 | 0x80)) {
        return Ok(None);
    }
    let sig = le32(mbr, 440);
    let mut parts = Vec::new();
    let mut push = |parts: &mut Vec<Partition>, number: u32, start: u64, sectors: u64, ty: u8| {
        let mut uuid = super::bytes::hex_string(&sig.to_be_bytes(), &[], false);
        uuid.push('-');
        uuid.push_str(&two_hex(number));
        parts.push(Partition {
            number,
            start,
            sectors,
            uuid,
            label: None,
            part_type: super::bytes::hex_string(&[ty], &[], false),
        });
    };
    for slot in 0..4u32 {
        let e = 446 + 16 * slot as usize;
        let ty = u8_at(mbr, e + 4);
        let start = u64::from(le32(mbr, e + 8));
        let size = u64::from(le32(mbr, e + 12));
        if size == 0 {
            continue;
        }
        push(&mut parts, slot + 1, start, size, ty);
        if is_extended(ty) {
            extended(dev, ss, start, size, &mut parts, &mut push)?;
        }
    }
    // By number, logical ones after the primaries; an insertion sort, as a
    // table has at most a few dozen entries and no sort routine is linked.
    for i in 1..parts.len() {
        let mut j = i;
        while j > 0 && parts.get(j - 1).map(|p| p.number) > parts.get(j).map(|p| p.number) {
            parts.swap(j - 1, j);
            j -= 1;
        }
    }
    Ok(Some(Table {
        kind: TableKind::Mbr,
        disk_id: super::bytes::hex_string(&sig.to_be_bytes(), &[], false),
        partitions: parts,
    }))
}

/// Partition numbers as `%02x` (more digits when needed).
fn two_hex(n: u32) -> String {
    let full = super::bytes::hex_string(&n.to_be_bytes(), &[], false);
    let skip = full.bytes().take(6).take_while(|&c| c == b'0').count();
    String::from(full.get(skip..).unwrap_or("00"))
}

/// Walks the chain of extended boot records: logical partitions get the
/// numbers from 5 on, in chain order.
fn extended(
    dev: &mut dyn BlockRead,
    ss: u64,
    first: u64,
    first_size: u64,
    parts: &mut Vec<Partition>,
    push: &mut impl FnMut(&mut Vec<Partition>, u32, u64, u64, u8),
) -> Result<(), ProbeError> {
    let mut next_number = 5u32 + parts.iter().filter(|p| p.number >= 5).count() as u32;
    let (mut this, mut this_size) = (first, first_size);
    let mut idle = 0;
    let mut ebr = vec![0u8; 512];
    for _ in 0..(MAX_PARTS * 4) {
        idle += 1;
        if idle > 100 || next_number > MAX_PARTS {
            break;
        }
        let Some(at) = this.checked_mul(ss) else {
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
        for i in 0..4usize {
            let e = 446 + 16 * i;
            let (ty, offs, size) = (
                u8_at(&ebr, e + 4),
                u64::from(le32(&ebr, e + 8)),
                u64::from(le32(&ebr, e + 12)),
            );
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
            push(parts, next_number, start, size, ty);
            idle = 0;
            next_number += 1;
            if next_number > MAX_PARTS {
                return Ok(());
            }
        }
        let link = (0..4usize)
            .map(|i| 446 + 16 * i)
            .find(|&e| le32(&ebr, e + 12) != 0 && is_extended(u8_at(&ebr, e + 4)));
        let Some(e) = link else {
            break;
        };
        this = first.saturating_add(u64::from(le32(&ebr, e + 8)));
        this_size = u64::from(le32(&ebr, e + 12));
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

    #[test]
    fn partuuid_numbers() {
        assert_eq!(two_hex(1), "01");
        assert_eq!(two_hex(5), "05");
        assert_eq!(two_hex(255), "ff");
        assert_eq!(two_hex(256), "100");
    }
}
