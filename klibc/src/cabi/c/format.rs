//! The printf engine shared by the whole printf family: parses a C format
//! string (flags `-+ #0'`, width and precision with `*`, lengths
//! hh/h/l/ll/q/j/z/t/L, conversions d i u o x X c s p n m % f F e E g G a A)
//! and writes through a [`Sink`]. Floating point goes through core's exact
//! decimal conversion, reshaped into C's forms.

use super::valist::Args;
use core::ffi::c_char;
use core::fmt::Write;

/// Where formatted bytes go.
pub trait Sink {
    fn put(&mut self, b: &[u8]);
}

#[derive(Default, Clone, Copy)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    prec: Option<usize>,
}

struct Counter<'a> {
    sink: &'a mut dyn Sink,
    n: usize,
}

impl Counter<'_> {
    fn put(&mut self, b: &[u8]) {
        self.n += b.len();
        self.sink.put(b);
    }
    fn pad(&mut self, c: u8, n: usize) {
        let chunk = [c; 32];
        let mut left = n;
        while left > 0 {
            let k = left.min(32);
            self.put(&chunk[..k]);
            left -= k;
        }
    }
    /// Writes `prefix`, zero padding, `body`, with the field's width.
    fn field(&mut self, s: &Spec, prefix: &[u8], zeros: usize, body: &[u8]) {
        let len = prefix.len() + zeros + body.len();
        let fill = s.width.saturating_sub(len);
        if s.left {
            self.put(prefix);
            self.pad(b'0', zeros);
            self.put(body);
            self.pad(b' ', fill);
        } else if s.zero {
            self.put(prefix);
            self.pad(b'0', zeros + fill);
            self.put(body);
        } else {
            self.pad(b' ', fill);
            self.put(prefix);
            self.pad(b'0', zeros);
            self.put(body);
        }
    }
}

/// A fixed buffer that core::fmt writes into (floats).
struct Buf {
    b: [u8; 1100],
    n: usize,
}

impl Write for Buf {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let room = self.b.len() - self.n;
        let k = s.len().min(room);
        self.b[self.n..self.n + k].copy_from_slice(&s.as_bytes()[..k]);
        self.n += k;
        Ok(())
    }
}

/// Formats `fmt` with `args` into `sink`; returns the number of bytes.
///
/// # Safety
/// `fmt` is a C string and `args` match it, as printf's caller promises.
pub unsafe fn format(sink: &mut dyn Sink, fmt: *const c_char, args: &mut dyn Args) -> usize {
    let mut out = Counter { sink, n: 0 };
    let mut p = fmt as *const u8;
    loop {
        // Copy the literal run up to the next '%'.
        let start = p;
        // SAFETY: within the C string.
        unsafe {
            while *p != 0 && *p != b'%' {
                p = p.add(1);
            }
            let run = core::slice::from_raw_parts(start, p.offset_from(start) as usize);
            out.put(run);
            if *p == 0 {
                return out.n;
            }
            p = p.add(1);
        }
        let mut s = Spec::default();
        // SAFETY: each step reads one byte of the C string, stopping at NUL.
        let next = |p: &mut *const u8| unsafe {
            let c = **p;
            if c != 0 {
                *p = p.add(1);
            }
            c
        };
        let mut c = next(&mut p);
        loop {
            match c {
                b'-' => s.left = true,
                b'+' => s.plus = true,
                b' ' => s.space = true,
                b'#' => s.alt = true,
                b'0' => s.zero = true,
                b'\'' | b'I' => {}
                _ => break,
            }
            c = next(&mut p);
        }
        if c == b'*' {
            let w = args.word() as i32;
            if w < 0 {
                s.left = true;
            }
            s.width = w.unsigned_abs() as usize;
            c = next(&mut p);
        } else {
            while c.is_ascii_digit() {
                s.width = s
                    .width
                    .saturating_mul(10)
                    .saturating_add((c - b'0') as usize);
                c = next(&mut p);
            }
        }
        if c == b'.' {
            c = next(&mut p);
            if c == b'*' {
                let v = args.word() as i32;
                s.prec = (v >= 0).then_some(v as usize);
                c = next(&mut p);
            } else {
                let mut v = 0usize;
                while c.is_ascii_digit() {
                    v = v.saturating_mul(10).saturating_add((c - b'0') as usize);
                    c = next(&mut p);
                }
                s.prec = Some(v);
            }
        }
        // Length: bits of the integer argument.
        let mut bits = 32u32;
        let mut long_double = false;
        loop {
            match c {
                b'h' => bits = if bits == 16 { 8 } else { 16 },
                b'l' | b'q' | b'j' | b'z' | b't' => bits = 64,
                b'L' => {
                    bits = 64;
                    long_double = true;
                }
                _ => break,
            }
            c = next(&mut p);
        }
        if s.left {
            s.zero = false;
        }
        match c {
            0 => return out.n,
            b'%' => out.put(b"%"),
            b'd' | b'i' => {
                let raw = args.word();
                let v: i64 = match bits {
                    8 => raw as i8 as i64,
                    16 => raw as i16 as i64,
                    32 => raw as i32 as i64,
                    _ => raw as i64,
                };
                let sign: &[u8] = if v < 0 {
                    b"-"
                } else if s.plus {
                    b"+"
                } else if s.space {
                    b" "
                } else {
                    b""
                };
                integer(&mut out, &s, sign, v.unsigned_abs(), 10, false);
            }
            b'u' | b'o' | b'x' | b'X' => {
                let raw = args.word();
                let v = match bits {
                    8 => raw as u8 as u64,
                    16 => raw as u16 as u64,
                    32 => raw as u32 as u64,
                    _ => raw,
                };
                let (base, upper) = match c {
                    b'u' => (10, false),
                    b'o' => (8, false),
                    b'x' => (16, false),
                    _ => (16, true),
                };
                let prefix: &[u8] = match (s.alt && v != 0, c) {
                    (true, b'x') => b"0x",
                    (true, b'X') => b"0X",
                    _ => b"",
                };
                integer(&mut out, &s, prefix, v, base, upper);
            }
            b'p' => {
                let v = args.word();
                if v == 0 {
                    let mut t = s;
                    t.zero = false;
                    out.field(&t, b"", 0, b"(nil)");
                } else {
                    integer(&mut out, &s, b"0x", v, 16, false);
                }
            }
            b'c' => {
                let b = [args.word() as u8];
                let mut t = s;
                t.zero = false;
                out.field(&t, b"", 0, &b);
            }
            b's' => {
                let ptr = args.word() as usize as *const u8;
                let bytes: &[u8] = if ptr.is_null() {
                    b"(null)"
                } else {
                    // SAFETY: a C string, read no further than the precision.
                    unsafe {
                        let max = s.prec.unwrap_or(usize::MAX);
                        let len = super::string::strnlen(ptr.cast(), max);
                        core::slice::from_raw_parts(ptr, len)
                    }
                };
                let mut t = s;
                t.zero = false;
                out.field(&t, b"", 0, bytes);
            }
            b'm' => {
                let msg = super::string::message(super::errno::get());
                let mut t = s;
                t.zero = false;
                out.field(&t, b"", 0, msg);
            }
            b'n' => {
                let ptr = args.word() as usize;
                // SAFETY: the caller passed a pointer of the stated width.
                unsafe {
                    match bits {
                        8 => (ptr as *mut i8).write(out.n as i8),
                        16 => (ptr as *mut i16).write(out.n as i16),
                        32 => (ptr as *mut i32).write(out.n as i32),
                        _ => (ptr as *mut i64).write(out.n as i64),
                    }
                }
            }
            b'f' | b'F' | b'e' | b'E' | b'g' | b'G' | b'a' | b'A' => {
                let v = if long_double {
                    args.long_double()
                } else {
                    args.double()
                };
                float(&mut out, &s, v, c);
            }
            other => {
                out.put(b"%");
                out.put(&[other]);
            }
        }
    }
}

fn integer(out: &mut Counter<'_>, s: &Spec, prefix: &[u8], mut v: u64, base: u64, upper: bool) {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut buf = [0u8; 24];
    let mut i = buf.len();
    while v != 0 {
        i -= 1;
        buf[i] = digits[(v % base) as usize];
        v /= base;
    }
    let mut body = &buf[i..];
    let mut zeros = 0;
    match s.prec {
        Some(0) if body.is_empty() => {}
        Some(pr) => zeros = pr.saturating_sub(body.len()),
        None if body.is_empty() => body = b"0",
        None => {}
    }
    if base == 8 && s.alt && zeros == 0 && body.first() != Some(&b'0') {
        zeros = 1;
    }
    let mut t = *s;
    if s.prec.is_some() {
        t.zero = false;
    }
    out.field(&t, prefix, zeros, body);
}

fn float(out: &mut Counter<'_>, s: &Spec, v: f64, conv: u8) {
    let upper = conv.is_ascii_uppercase();
    let sign: &[u8] = if v.is_sign_negative() {
        b"-"
    } else if s.plus {
        b"+"
    } else if s.space {
        b" "
    } else {
        b""
    };
    let a = v.abs();
    let mut t = *s;
    if !a.is_finite() {
        t.zero = false;
        let word: &[u8] = match (a.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        out.field(&t, sign, 0, word);
        return;
    }
    let mut buf = Buf { b: [0; 1100], n: 0 };
    let prec = s.prec.unwrap_or(6).min(1000);
    match conv | 0x20 {
        b'f' => {
            let _ = write!(buf, "{:.*}", prec, a);
            if s.alt && prec == 0 {
                let _ = buf.write_str(".");
            }
        }
        b'e' => exp_form(&mut buf, a, prec, s.alt, upper),
        b'g' => {
            let p = if prec == 0 { 1 } else { prec };
            // The exponent after rounding to p significant digits.
            let mut probe = Buf { b: [0; 1100], n: 0 };
            let _ = write!(probe, "{:.*e}", p - 1, a);
            let text = &probe.b[..probe.n];
            let x = text
                .iter()
                .position(|&c| c == b'e')
                .and_then(|i| core::str::from_utf8(&text[i + 1..]).ok())
                .and_then(|e| e.parse::<i32>().ok())
                .unwrap_or(0);
            if x < -4 || x >= p as i32 {
                exp_form(&mut buf, a, p - 1, s.alt, upper);
            } else {
                let _ = write!(buf, "{:.*}", (p as i32 - 1 - x) as usize, a);
                if s.alt && !buf.b[..buf.n].contains(&b'.') {
                    let _ = buf.write_str(".");
                }
            }
            if !s.alt {
                strip_zeros(&mut buf);
            }
        }
        _ => {
            hex_form(&mut buf, a, s.prec, s.alt, upper);
            let mut prefix = [0u8; 3];
            prefix[..sign.len()].copy_from_slice(sign);
            prefix[sign.len()] = b'0';
            prefix[sign.len() + 1] = if upper { b'X' } else { b'x' };
            out.field(&t, &prefix[..sign.len() + 2], 0, &buf.b[..buf.n]);
            return;
        }
    }
    let body = &buf.b[..buf.n];
    out.field(&t, sign, 0, body);
}

/// Removes trailing fraction zeros (and a bare point) before any exponent.
fn strip_zeros(buf: &mut Buf) {
    let text = &buf.b[..buf.n];
    let Some(dot) = text.iter().position(|&c| c == b'.') else {
        return;
    };
    let exp_at = text
        .iter()
        .position(|&c| c == b'e' || c == b'E')
        .unwrap_or(buf.n);
    let mut end = exp_at;
    while end > dot + 1 && text[end - 1] == b'0' {
        end -= 1;
    }
    if end == dot + 1 {
        end = dot;
    }
    let tail_len = buf.n - exp_at;
    buf.b.copy_within(exp_at..buf.n, end);
    buf.n = end + tail_len;
}

/// C's `d.ddde±xx` from core's `d.ddde<x>`.
fn exp_form(buf: &mut Buf, a: f64, prec: usize, alt: bool, upper: bool) {
    let mut tmp = Buf { b: [0; 1100], n: 0 };
    let _ = write!(tmp, "{:.*e}", prec, a);
    let text = &tmp.b[..tmp.n];
    let epos = text.iter().position(|&c| c == b'e').unwrap_or(text.len());
    let _ = buf.write_str(core::str::from_utf8(&text[..epos]).unwrap_or("0"));
    if alt && prec == 0 {
        let _ = buf.write_str(".");
    }
    let x: i32 = text
        .get(epos + 1..)
        .and_then(|e| core::str::from_utf8(e).ok())
        .and_then(|e| e.parse().ok())
        .unwrap_or(0);
    let _ = write!(
        buf,
        "{}{}{:02}",
        if upper { 'E' } else { 'e' },
        if x < 0 { '-' } else { '+' },
        x.unsigned_abs()
    );
}

/// C's `%a` without its `0x`: h.hhhp±d, rounded to nearest-even at the
/// precision (a carry shows in the leading digit, as glibc prints it).
fn hex_form(buf: &mut Buf, a: f64, prec: Option<usize>, alt: bool, upper: bool) {
    let bits = a.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (lead, mut exp) = match (biased, frac) {
        (0, 0) => (0u64, 0),
        (0, _) => (0, -1022),
        _ => (1, biased - 1023),
    };
    if a == 0.0 {
        exp = 0;
    }
    // The value as a fixed-point number with 52 fraction bits.
    let full = (lead << 52) | frac;
    let (digits, value) = match prec {
        Some(p) if p < 13 => {
            let shift = 4 * (13 - p) as u32;
            let mut v = full >> shift;
            let rem = full & ((1u64 << shift) - 1);
            let half = 1u64 << (shift - 1);
            if rem > half || (rem == half && v & 1 == 1) {
                v += 1;
            }
            (p, v)
        }
        Some(p) => (p, full),
        None => {
            let mut d = 13usize;
            let mut v = full;
            while d > 0 && v & 0xf == 0 {
                v >>= 4;
                d -= 1;
            }
            (d, v)
        }
    };
    let hex = |d: u64| -> char {
        let d = d as u8;
        (if d < 10 {
            b'0' + d
        } else if upper {
            b'A' + d - 10
        } else {
            b'a' + d - 10
        }) as char
    };
    let kept = digits.min(13);
    let lead_digit = value >> (4 * kept);
    let _ = write!(buf, "{}", lead_digit);
    if digits > 0 || alt {
        let _ = buf.write_str(".");
    }
    for i in (0..kept).rev() {
        let _ = buf.write_char(hex((value >> (4 * i)) & 0xf));
    }
    for _ in kept..digits {
        let _ = buf.write_str("0");
    }
    let _ = write!(
        buf,
        "{}{}{}",
        if upper { 'P' } else { 'p' },
        if exp < 0 { '-' } else { '+' },
        exp.unsigned_abs()
    );
}
