//! Reading on-disk fields out of untrusted byte buffers without indexing
//! that could panic (a field past the end reads as zeros), and turning raw
//! IDs and labels into the strings blkid/udev show.

use alloc::string::String;

/// `N` bytes at `off`, or zeros when the buffer is too short.
pub(crate) fn arr<const N: usize>(b: &[u8], off: usize) -> [u8; N] {
    off.checked_add(N)
        .and_then(|end| b.get(off..end))
        .and_then(|s| s.try_into().ok())
        .unwrap_or([0; N])
}

pub(crate) fn u8_at(b: &[u8], off: usize) -> u8 {
    b.get(off).copied().unwrap_or(0)
}
pub(crate) fn le16(b: &[u8], off: usize) -> u16 {
    u16::from_le_bytes(arr(b, off))
}
pub(crate) fn le32(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(arr(b, off))
}
pub(crate) fn le64(b: &[u8], off: usize) -> u64 {
    u64::from_le_bytes(arr(b, off))
}
pub(crate) fn be32(b: &[u8], off: usize) -> u32 {
    u32::from_be_bytes(arr(b, off))
}
pub(crate) fn be64(b: &[u8], off: usize) -> u64 {
    u64::from_be_bytes(arr(b, off))
}
/// A field klibc's C code reads in the CPU's own byte order.
pub(crate) fn ne16(b: &[u8], off: usize) -> u16 {
    u16::from_ne_bytes(arr(b, off))
}
pub(crate) fn ne32(b: &[u8], off: usize) -> u32 {
    u32::from_ne_bytes(arr(b, off))
}
pub(crate) fn ne64(b: &[u8], off: usize) -> u64 {
    u64::from_ne_bytes(arr(b, off))
}

/// Whether `b` holds `magic` at `off`.
pub(crate) fn has(b: &[u8], off: usize, magic: &[u8]) -> bool {
    off.checked_add(magic.len())
        .and_then(|end| b.get(off..end))
        .is_some_and(|s| s == magic)
}

/// `text` (ASCII) with a '-' before each byte index in `dashes`.
pub(crate) fn dashed(text: &[u8], dashes: &[usize]) -> String {
    let mut out = String::with_capacity(text.len() + dashes.len());
    for (i, &c) in text.iter().enumerate() {
        if dashes.contains(&i) {
            out.push('-');
        }
        out.push(char::from(c));
    }
    out
}

/// Up to 16 bytes as hex digits, with '-' before the digit indices in
/// `dashes`.
pub(crate) fn hex_string(bytes: &[u8], dashes: &[usize], upper: bool) -> String {
    let digits = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut text = [0u8; 32];
    for (pair, &b) in text.chunks_exact_mut(2).zip(bytes) {
        for (d, nibble) in pair.iter_mut().zip([b >> 4, b & 15]) {
            *d = digits.get(usize::from(nibble)).copied().unwrap_or(b'0');
        }
    }
    dashed(text.get(..bytes.len() * 2).unwrap_or(&text), dashes)
}

/// Where a UUID's dashes go in its 32 hex digits.
const UUID_DASHES: &[usize] = &[8, 12, 16, 20];

/// A 16-byte UUID stored in byte order, as `8-4-4-4-12` lower-case hex;
/// `None` when all zeros (blkid shows no UUID then).
pub(crate) fn uuid(raw: [u8; 16]) -> Option<String> {
    if raw == [0; 16] {
        return None;
    }
    Some(hex_string(&raw, UUID_DASHES, false))
}

/// A GUID as GPT stores it (first three fields little-endian), in the
/// same `8-4-4-4-12` lower-case form.
pub(crate) fn guid(raw: [u8; 16]) -> String {
    let mut b = raw;
    b.swap(0, 3);
    b.swap(1, 2);
    b.swap(4, 5);
    b.swap(6, 7);
    hex_string(&b, UUID_DASHES, false)
}

/// A FAT/exFAT volume serial as blkid shows it: `XXXX-XXXX`.
pub(crate) fn serial(serial: u32) -> String {
    hex_string(&serial.to_be_bytes(), &[4], true)
}

/// A label from a fixed-size field: up to the first NUL, trailing blanks
/// dropped; `None` when empty or not UTF-8 (which no root=LABEL= could
/// name anyway).
pub(crate) fn label(field: &[u8]) -> Option<String> {
    let text = field.split(|&b| b == 0).next()?;
    let end = text.iter().rposition(|&b| b != b' ')?;
    String::from_utf8(text.get(..=end)?.to_vec()).ok()
}

/// A label stored as UTF-16LE code units, up to the first NUL.
pub(crate) fn utf16le_label(field: &[u8]) -> Option<String> {
    let units = field
        .chunks_exact(2)
        .map(|c| {
            u16::from_le_bytes([
                c.first().copied().unwrap_or(0),
                c.get(1).copied().unwrap_or(0),
            ])
        })
        .take_while(|&u| u != 0);
    let s: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    let t = s.trim_end_matches(' ');
    if t.is_empty() {
        None
    } else {
        Some(String::from(t))
    }
}
