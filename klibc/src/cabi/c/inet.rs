//! arpa/inet.h: Internet addresses between text and network byte order.
//! inet_aton takes the BSD forms (a.b.c.d, a.b.c, a.b, a; each part decimal,
//! 0-octal or 0x-hex), inet_pton only strict dotted decimal and RFC 4291
//! IPv6 text; inet_ntop writes IPv6 the RFC 5952 way (the longest run of
//! zero groups as "::"), as glibc does.

use super::errno;
use core::ffi::{c_char, c_int, c_void};

const AF_INET: c_int = crate::uapi::net::AF_INET as c_int;
const AF_INET6: c_int = crate::uapi::net::AF_INET6 as c_int;

/// The bytes of a C string.
unsafe fn bytes<'a>(s: *const c_char) -> &'a [u8] {
    // SAFETY: a NUL-terminated string (the C caller's contract).
    unsafe { core::ffi::CStr::from_ptr(s).to_bytes() }
}

/// BSD inet_aton's parse: the address in host order.
fn aton(s: &[u8]) -> Option<u32> {
    let mut parts = [0u32; 4];
    let mut n = 0;
    let mut i = 0;
    loop {
        if n == 4 || i >= s.len() || !s[i].is_ascii_digit() {
            return None;
        }
        let (base, start) = if s[i] == b'0' && i + 1 < s.len() && (s[i + 1] | 0x20) == b'x' {
            (16, i + 2)
        } else if s[i] == b'0' {
            (8, i)
        } else {
            (10, i)
        };
        let mut v: u64 = 0;
        let mut j = start;
        while j < s.len() {
            let d = match s[j] {
                c @ b'0'..=b'9' => (c - b'0') as u64,
                c @ (b'a'..=b'f' | b'A'..=b'F') if base == 16 => ((c | 0x20) - b'a' + 10) as u64,
                _ => break,
            };
            if d >= base {
                return None;
            }
            v = v * base + d;
            if v > u32::MAX as u64 {
                return None;
            }
            j += 1;
        }
        if base == 16 && j == start {
            return None;
        }
        parts[n] = v as u32;
        n += 1;
        i = j;
        if i < s.len() && s[i] == b'.' {
            i += 1;
            continue;
        }
        // Trailing whitespace ends the address, as in the BSD function.
        if i < s.len() && !s[i].is_ascii_whitespace() {
            return None;
        }
        break;
    }
    let fits = |v: u32, bits: u32| bits == 32 || v < (1 << bits);
    let (head, last) = (&parts[..n - 1], parts[n - 1]);
    if head.iter().any(|&p| p > 255) || !fits(last, 32 - 8 * head.len() as u32) {
        return None;
    }
    Some(head.iter().fold(0u32, |a, &p| (a << 8) | p) << (32 - 8 * head.len() as u32) | last)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn inet_aton(s: *const c_char, out: *mut u32) -> c_int {
    match aton(unsafe { bytes(s) }) {
        Some(a) => {
            if !out.is_null() {
                // SAFETY: the caller's struct in_addr.
                unsafe { out.write(a.to_be()) };
            }
            1
        }
        None => 0,
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn inet_addr(s: *const c_char) -> u32 {
    aton(unsafe { bytes(s) }).map_or(u32::MAX, u32::to_be)
}

/// Writes `v` in decimal; returns the bytes written.
fn decimal(v: u32, out: &mut [u8]) -> usize {
    let mut buf = [0u8; 10];
    let mut n = 0;
    let mut v = v;
    loop {
        buf[n] = b'0' + (v % 10) as u8;
        n += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for i in 0..n {
        out[i] = buf[n - 1 - i];
    }
    n
}

/// a.b.c.d of four bytes, NUL-terminated; returns the length.
fn ntoa4(a: [u8; 4], out: &mut [u8; 16]) -> usize {
    let mut n = 0;
    for (i, b) in a.iter().enumerate() {
        if i > 0 {
            out[n] = b'.';
            n += 1;
        }
        n += decimal(*b as u32, &mut out[n..]);
    }
    out[n] = 0;
    n
}

static mut NTOA: [u8; 16] = [0; 16];

/// # Safety
/// C contract (the result is one static buffer).
#[no_mangle]
pub unsafe extern "C" fn inet_ntoa(addr: u32) -> *mut c_char {
    // SAFETY: single-threaded; the buffer is the function's own.
    let buf = unsafe { &mut *(&raw mut NTOA) };
    ntoa4(addr.to_ne_bytes(), buf);
    buf.as_mut_ptr().cast()
}

/// Strict dotted decimal (inet_pton's IPv4): four parts 0..255 without
/// leading zeros.
fn pton4(s: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = s.split(|&c| c == b'.');
    for o in out.iter_mut() {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 3 || (p.len() > 1 && p[0] == b'0') {
            return None;
        }
        let mut v = 0u32;
        for &c in p {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + (c - b'0') as u32;
        }
        *o = u8::try_from(v).ok()?;
    }
    parts.next().is_none().then_some(out)
}

/// IPv6 text: up to eight hex groups, one "::", an IPv4 tail.
fn pton6(s: &[u8]) -> Option<[u8; 16]> {
    let mut groups = [0u16; 8];
    let mut n = 0;
    let mut gap: Option<usize> = None;
    let mut i = 0;
    if s.starts_with(b"::") {
        gap = Some(0);
        i = 2;
        if i == s.len() {
            return Some([0; 16]);
        }
    } else if s.first() == Some(&b':') {
        return None;
    }
    loop {
        // An IPv4 tail takes two groups.
        let rest = &s[i..];
        if rest.contains(&b'.') && !rest.contains(&b':') {
            if n > 6 {
                return None;
            }
            let v4 = pton4(rest)?;
            groups[n] = u16::from_be_bytes([v4[0], v4[1]]);
            groups[n + 1] = u16::from_be_bytes([v4[2], v4[3]]);
            n += 2;
            break;
        }
        let mut v: u32 = 0;
        let mut len = 0;
        while i < s.len() && s[i].is_ascii_hexdigit() {
            let c = s[i];
            let d = if c.is_ascii_digit() {
                c - b'0'
            } else {
                (c | 0x20) - b'a' + 10
            };
            v = v * 16 + d as u32;
            len += 1;
            i += 1;
        }
        if len == 0 || len > 4 || n == 8 {
            return None;
        }
        groups[n] = v as u16;
        n += 1;
        if i == s.len() {
            break;
        }
        if s[i] != b':' {
            return None;
        }
        i += 1;
        if i < s.len() && s[i] == b':' {
            if gap.is_some() {
                return None;
            }
            gap = Some(n);
            i += 1;
            if i == s.len() {
                break;
            }
        } else if i == s.len() {
            return None;
        }
    }
    let mut full = [0u16; 8];
    match gap {
        Some(at) => {
            if n == 8 {
                return None;
            }
            full[..at].copy_from_slice(&groups[..at]);
            let tail = n - at;
            full[8 - tail..].copy_from_slice(&groups[at..n]);
        }
        None if n == 8 => full = groups,
        None => return None,
    }
    let mut out = [0u8; 16];
    for (k, g) in full.iter().enumerate() {
        out[2 * k..2 * k + 2].copy_from_slice(&g.to_be_bytes());
    }
    Some(out)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn inet_pton(af: c_int, s: *const c_char, dst: *mut c_void) -> c_int {
    let s = unsafe { bytes(s) };
    // SAFETY: `dst` holds a struct in_addr / in6_addr (the caller's contract).
    unsafe {
        match af {
            AF_INET => pton4(s).map_or(0, |a| {
                dst.cast::<[u8; 4]>().write_unaligned(a);
                1
            }),
            AF_INET6 => pton6(s).map_or(0, |a| {
                dst.cast::<[u8; 16]>().write_unaligned(a);
                1
            }),
            _ => {
                errno::set_raw(crate::uapi::errno::EAFNOSUPPORT as c_int);
                -1
            }
        }
    }
}

/// RFC 5952 text of an IPv6 address; returns the length (no NUL).
fn ntop6(a: [u8; 16], out: &mut [u8; 46]) -> usize {
    let g: [u16; 8] = core::array::from_fn(|k| u16::from_be_bytes([a[2 * k], a[2 * k + 1]]));
    // The longest run of two or more zero groups (the first of equals).
    let (mut best, mut best_len, mut k) = (8, 0, 0);
    while k < 8 {
        if g[k] == 0 {
            let start = k;
            while k < 8 && g[k] == 0 {
                k += 1;
            }
            if k - start > best_len && k - start >= 2 {
                best = start;
                best_len = k - start;
            }
        } else {
            k += 1;
        }
    }
    let mut n = 0;
    let hex = b"0123456789abcdef";
    let v4_tail = best == 0 && (best_len == 6 || (best_len == 5 && g[5] == 0xffff));
    let mut k = 0;
    while k < 8 {
        if k == best {
            out[n..n + 2].copy_from_slice(b"::");
            n += 2;
            k += best_len;
            continue;
        }
        if v4_tail && k == 6 {
            let mut v4 = [0u8; 16];
            let len = ntoa4([a[12], a[13], a[14], a[15]], &mut v4);
            out[n..n + len].copy_from_slice(&v4[..len]);
            n += len;
            break;
        }
        let v = g[k];
        let mut started = false;
        for shift in [12, 8, 4, 0] {
            let d = (v >> shift) & 0xf;
            if d != 0 || started || shift == 0 {
                out[n] = hex[d as usize];
                n += 1;
                started = true;
            }
        }
        k += 1;
        if k < 8 && k != best {
            out[n] = b':';
            n += 1;
        }
    }
    n
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn inet_ntop(
    af: c_int,
    src: *const c_void,
    dst: *mut c_char,
    size: u32,
) -> *const c_char {
    let mut buf = [0u8; 46];
    // SAFETY: `src` holds a struct in_addr / in6_addr (the caller's contract).
    let len = unsafe {
        match af {
            AF_INET => {
                let mut b4 = [0u8; 16];
                let l = ntoa4(src.cast::<[u8; 4]>().read_unaligned(), &mut b4);
                buf[..l].copy_from_slice(&b4[..l]);
                l
            }
            AF_INET6 => ntop6(src.cast::<[u8; 16]>().read_unaligned(), &mut buf),
            _ => {
                errno::set_raw(crate::uapi::errno::EAFNOSUPPORT as c_int);
                return core::ptr::null();
            }
        }
    };
    if len + 1 > size as usize {
        errno::set_raw(crate::uapi::errno::ENOSPC as c_int);
        return core::ptr::null();
    }
    // SAFETY: `dst` has `size` > len bytes.
    unsafe {
        crate::arch::copy_forward(dst.cast(), buf.as_ptr(), len);
        *dst.add(len) = 0;
    }
    dst
}
