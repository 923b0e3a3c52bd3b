//! The "newc" cpio header (`070701`, or `070702` with checksums) and its padding.
//!
//! A header is the magic and thirteen 8-digit upper-case hex fields, 110 bytes
//! in all; the name follows with its NUL, then zero padding. Everything here
//! is pure arithmetic on the running archive offset, kept as a `u32` that
//! wraps exactly like the kernel tool's `unsigned int offset`.

/// Bytes in a newc header.
pub const HEADER_LEN: usize = 110;
/// The kernel's PATH_MAX: a name (with its NUL) may not be longer.
pub const PATH_MAX: usize = 4096;
/// The name of the last entry.
pub const TRAILER_NAME: &[u8] = b"TRAILER!!!";

/// File type bits of `st_mode`.
pub const S_IFMT: u32 = 0o170000;
pub const S_IFSOCK: u32 = 0o140000;
pub const S_IFLNK: u32 = 0o120000;
pub const S_IFREG: u32 = 0o100000;
pub const S_IFBLK: u32 = 0o060000;
pub const S_IFDIR: u32 = 0o040000;
pub const S_IFCHR: u32 = 0o020000;
pub const S_IFIFO: u32 = 0o010000;

/// The fields of one header, in on-disk order after the magic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Header {
    pub ino: u32,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub nlink: u32,
    pub mtime: u32,
    pub filesize: u32,
    pub devmajor: u32,
    pub devminor: u32,
    pub rdevmajor: u32,
    pub rdevminor: u32,
    pub namesize: u32,
    pub check: u32,
}

impl Header {
    /// Appends the 110 header bytes to `out`.
    pub fn encode(&self, checksums: bool, out: &mut Vec<u8>) {
        out.extend_from_slice(if checksums { b"070702" } else { b"070701" });
        for v in [
            self.ino,
            self.mode,
            self.uid,
            self.gid,
            self.nlink,
            self.mtime,
            self.filesize,
            self.devmajor,
            self.devminor,
            self.rdevmajor,
            self.rdevminor,
            self.namesize,
            self.check,
        ] {
            push_hex8(v, out);
        }
    }

    /// The trailer's header.
    pub fn trailer() -> Self {
        Header {
            nlink: 1,
            namesize: TRAILER_NAME.len() as u32 + 1,
            ..Header::default()
        }
    }
}

fn push_hex8(v: u32, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut buf = [0u8; 8];
    for (i, b) in buf.iter_mut().enumerate() {
        *b = HEX[((v >> (28 - 4 * i)) & 0xf) as usize];
    }
    out.extend_from_slice(&buf);
}

/// Zero bytes needed after `offset` to reach a multiple of `align`, computed
/// the way the kernel's tool does (exact for powers of two, which is all the
/// format needs; other `-a` values get the same odd answer as the C tool).
pub fn padlen(offset: u32, align: u32) -> u32 {
    if align == 0 {
        return 0;
    }
    align.wrapping_sub(offset & align.wrapping_sub(1)) % align
}

/// The newc checksum: the sum of all data bytes, modulo 2^32.
pub fn checksum_add(mut sum: u32, data: &[u8]) -> u32 {
    let mut chunks = data.chunks_exact(8);
    let mut wide: u64 = 0;
    for c in &mut chunks {
        let mut s = 0u64;
        for &b in c {
            s += u64::from(b);
        }
        wide += s;
    }
    for &b in chunks.remainder() {
        wide += u64::from(b);
    }
    sum = sum.wrapping_add(wide as u32);
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailer_bytes() {
        let mut v = Vec::new();
        Header::trailer().encode(false, &mut v);
        assert_eq!(v.len(), HEADER_LEN);
        assert_eq!(
            &v[..],
            &b"07070100000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000B00000000"[..]
        );
    }

    #[test]
    fn pads() {
        assert_eq!(padlen(0, 4), 0);
        assert_eq!(padlen(1, 4), 3);
        assert_eq!(padlen(113, 4), 3);
        assert_eq!(padlen(u32::MAX, 512), 1);
        assert_eq!(padlen(5, 0), 0);
    }

    #[test]
    fn checksum_wraps() {
        assert_eq!(checksum_add(0, &[1, 2, 3]), 6);
        assert_eq!(checksum_add(u32::MAX, &[2]), 1);
        let big = vec![0xffu8; 1000];
        assert_eq!(checksum_add(0, &big), 255_000);
    }
}
