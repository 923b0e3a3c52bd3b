//! gzip (RFC 1952) with DEFLATE data (RFC 1951), for old-style initrd
//! images, which bootloaders and mkinitrd ship gzip-compressed (klibc's
//! kinit takes them through zlib, the kernel through its own inflate).
//! Written from the RFCs: stored, fixed and dynamic Huffman blocks, the
//! gzip header's optional fields, and the trailer's CRC-32 and length
//! checked. Every malformed input is an error; nothing panics.

use alloc::vec::Vec;

/// Why a gzip stream was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GzError {
    /// Not a gzip member with the deflate method.
    Header,
    /// The compressed data is malformed.
    Data,
    /// The data ends early.
    Truncated,
    /// The trailer's CRC-32 or length does not match.
    Check,
    /// More output than the caller allows.
    TooBig,
}

impl GzError {
    pub fn message(self) -> &'static str {
        match self {
            GzError::Header => "not a gzip file",
            GzError::Data => "corrupt compressed data",
            GzError::Truncated => "compressed data ends early",
            GzError::Check => "CRC or length mismatch",
            GzError::TooBig => "larger than the RAM disk",
        }
    }
}

/// Reads bits least-significant first, as DEFLATE packs them.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    bit: u32,
    nbits: u32,
}

impl Bits<'_> {
    fn need(&mut self, n: u32) -> Result<(), GzError> {
        while self.nbits < n {
            let b = *self.data.get(self.pos).ok_or(GzError::Truncated)?;
            self.pos += 1;
            self.bit |= u32::from(b) << self.nbits;
            self.nbits += 8;
        }
        Ok(())
    }

    fn take(&mut self, n: u32) -> Result<u32, GzError> {
        if n == 0 {
            return Ok(0);
        }
        self.need(n)?;
        let v = self.bit & ((1u32 << n) - 1);
        self.bit >>= n;
        self.nbits -= n;
        Ok(v)
    }

    /// Drops the bits up to the next byte boundary.
    fn align(&mut self) {
        self.bit = 0;
        self.nbits = 0;
    }
}

/// A canonical Huffman code: symbol counts per length, symbols by code.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Result<Huffman, GzError> {
        let mut counts = [0u16; 16];
        for &l in lengths {
            *counts.get_mut(usize::from(l)).ok_or(GzError::Data)? += 1;
        }
        counts[0] = 0;
        // Over-subscribed codes are refused; incomplete ones are allowed (a
        // code with one symbol is).
        let mut left: i32 = 1;
        for &c in counts.iter().skip(1) {
            left = left * 2 - i32::from(c);
            if left < 0 {
                return Err(GzError::Data);
            }
        }
        let mut offs = [0u16; 16];
        for len in 1..15 {
            offs[len + 1] = offs[len] + counts[len];
        }
        let mut symbols = alloc::vec![0u16; lengths.len()];
        for (sym, &l) in lengths.iter().enumerate() {
            if l != 0 {
                let o = &mut offs[usize::from(l)];
                *symbols.get_mut(usize::from(*o)).ok_or(GzError::Data)? = sym as u16;
                *o += 1;
            }
        }
        Ok(Huffman { counts, symbols })
    }

    fn decode(&self, bits: &mut Bits<'_>) -> Result<u16, GzError> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= bits.take(1)? as i32;
            let count = i32::from(self.counts[len]);
            if code - count < first {
                let i = usize::try_from(index + (code - first)).map_err(|_| GzError::Data)?;
                return self.symbols.get(i).copied().ok_or(GzError::Data);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(GzError::Data)
    }
}

const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order code length code lengths come in.
const CL_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Decodes the symbols of one compressed block into `out`.
fn codes(
    bits: &mut Bits<'_>,
    out: &mut Vec<u8>,
    lit: &Huffman,
    dist: &Huffman,
    limit: usize,
) -> Result<(), GzError> {
    loop {
        let sym = lit.decode(bits)?;
        match sym {
            0..=255 => {
                if out.len() >= limit {
                    return Err(GzError::TooBig);
                }
                out.push(sym as u8);
            }
            256 => return Ok(()),
            _ => {
                let i = usize::from(sym - 257);
                let len = usize::from(*LEN_BASE.get(i).ok_or(GzError::Data)?)
                    + bits.take(u32::from(LEN_EXTRA[i]))? as usize;
                let d = usize::from(dist.decode(bits)?);
                let back = usize::from(*DIST_BASE.get(d).ok_or(GzError::Data)?)
                    + bits.take(u32::from(DIST_EXTRA[d]))? as usize;
                if back > out.len() {
                    return Err(GzError::Data);
                }
                if out.len() + len > limit {
                    return Err(GzError::TooBig);
                }
                let start = out.len() - back;
                for k in 0..len {
                    let b = *out.get(start + k).ok_or(GzError::Data)?;
                    out.push(b);
                }
            }
        }
    }
}

/// The fixed codes of block type 1.
fn fixed() -> Result<(Huffman, Huffman), GzError> {
    let mut l = [0u8; 288];
    for (i, v) in l.iter_mut().enumerate() {
        *v = match i {
            0..=143 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 8,
        };
    }
    Ok((Huffman::new(&l)?, Huffman::new(&[5u8; 30])?))
}

/// The codes a dynamic block (type 2) describes.
fn dynamic(bits: &mut Bits<'_>) -> Result<(Huffman, Huffman), GzError> {
    let nlen = bits.take(5)? as usize + 257;
    let ndist = bits.take(5)? as usize + 1;
    let ncode = bits.take(4)? as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(GzError::Data);
    }
    let mut cl = [0u8; 19];
    for &i in CL_ORDER.iter().take(ncode) {
        cl[i] = bits.take(3)? as u8;
    }
    let clh = Huffman::new(&cl)?;
    let mut lengths = alloc::vec![0u8; nlen + ndist];
    let mut i = 0;
    while i < nlen + ndist {
        let sym = clh.decode(bits)?;
        let (value, repeat) = match sym {
            0..=15 => (sym as u8, 1),
            16 => (
                *lengths.get(i.wrapping_sub(1)).ok_or(GzError::Data)?,
                3 + bits.take(2)? as usize,
            ),
            17 => (0, 3 + bits.take(3)? as usize),
            _ => (0, 11 + bits.take(7)? as usize),
        };
        for _ in 0..repeat {
            *lengths.get_mut(i).ok_or(GzError::Data)? = value;
            i += 1;
        }
    }
    // The end-of-block symbol must have a code.
    if lengths.get(256) == Some(&0) {
        return Err(GzError::Data);
    }
    let (l, d) = lengths.split_at(nlen);
    Ok((Huffman::new(l)?, Huffman::new(d)?))
}

/// Inflates raw DEFLATE data; returns the output and where the data ended.
pub fn inflate(data: &[u8], limit: usize) -> Result<(Vec<u8>, usize), GzError> {
    let mut bits = Bits {
        data,
        pos: 0,
        bit: 0,
        nbits: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = bits.take(1)? == 1;
        match bits.take(2)? {
            0 => {
                bits.align();
                let p = bits.pos;
                let hdr = data.get(p..p + 4).ok_or(GzError::Truncated)?;
                let len = usize::from(u16::from_le_bytes([hdr[0], hdr[1]]));
                let nlen = u16::from_le_bytes([hdr[2], hdr[3]]);
                if len as u16 != !nlen {
                    return Err(GzError::Data);
                }
                let block = data.get(p + 4..p + 4 + len).ok_or(GzError::Truncated)?;
                if out.len() + len > limit {
                    return Err(GzError::TooBig);
                }
                out.extend_from_slice(block);
                bits.pos = p + 4 + len;
            }
            1 => {
                let (l, d) = fixed()?;
                codes(&mut bits, &mut out, &l, &d, limit)?;
            }
            2 => {
                let (l, d) = dynamic(&mut bits)?;
                codes(&mut bits, &mut out, &l, &d, limit)?;
            }
            _ => return Err(GzError::Data),
        }
        if last {
            return Ok((out, bits.pos));
        }
    }
}

/// CRC-32 (IEEE, reflected), as gzip's trailer has it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *t = c;
    }
    let mut crc = !0u32;
    for &b in data {
        crc = table[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

/// Decompresses one gzip member of at most `limit` bytes of output,
/// checking its CRC-32 and length.
pub fn gunzip(data: &[u8], limit: usize) -> Result<Vec<u8>, GzError> {
    let hdr = data.get(..10).ok_or(GzError::Header)?;
    if hdr[0] != 0x1f || hdr[1] != 0x8b || hdr[2] != 8 || hdr[3] & 0xe0 != 0 {
        return Err(GzError::Header);
    }
    let flags = hdr[3];
    let mut p = 10;
    if flags & 4 != 0 {
        let x = data.get(p..p + 2).ok_or(GzError::Truncated)?;
        p += 2 + usize::from(u16::from_le_bytes([x[0], x[1]]));
    }
    for bit in [8u8, 16] {
        // FNAME, FCOMMENT: NUL-terminated.
        if flags & bit != 0 {
            let rest = data.get(p..).ok_or(GzError::Truncated)?;
            p += rest
                .iter()
                .position(|&b| b == 0)
                .ok_or(GzError::Truncated)?
                + 1;
        }
    }
    if flags & 2 != 0 {
        p += 2;
    }
    let body = data.get(p..).ok_or(GzError::Truncated)?;
    let (out, used) = inflate(body, limit)?;
    let t = body.get(used..used + 8).ok_or(GzError::Truncated)?;
    let crc = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
    let len = u32::from_le_bytes([t[4], t[5], t[6], t[7]]);
    if crc != crc32(&out) || len != out.len() as u32 {
        return Err(GzError::Check);
    }
    Ok(out)
}

/// The `inflate` fuzz target and its corpus replay: `data` as a gzip file
/// (at most 1 MiB out) and as raw DEFLATE. Returns the gzip output's size,
/// or 0 when refused.
pub fn fuzz_entry(data: &[u8]) -> usize {
    let _ = inflate(data, 1 << 20);
    gunzip(data, 1 << 20).map_or(0, |o| o.len())
}
