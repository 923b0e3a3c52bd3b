//! stdlib.h's conversions (strto*, ato*, strtod through core's exact float
//! parser), arithmetic helpers, qsort/bsearch, rand, temporary files and
//! system().

use super::errno::{self, csys};
use crate::uapi::general as g;
use core::ffi::{c_char, c_int, c_long, c_longlong, c_uint, c_ulong, c_void};
use core::ptr::null_mut;

fn space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn digit(b: u8) -> Option<u64> {
    match b {
        b'0'..=b'9' => Some((b - b'0') as u64),
        b'a'..=b'z' => Some((b - b'a') as u64 + 10),
        b'A'..=b'Z' => Some((b - b'A') as u64 + 10),
        _ => None,
    }
}

/// Parses C's integer syntax in at most `n` bytes of `s`; returns
/// (negative, magnitude, overflowed, end). `end` is `s` itself when there
/// are no digits.
unsafe fn parse_int(s: *const c_char, base: c_int, n: usize) -> (bool, u64, bool, *const c_char) {
    let at = |i: usize| {
        if i < n {
            (unsafe { *s.add(i) }) as u8
        } else {
            0
        }
    };
    let mut i = 0;
    while space(at(i)) {
        i += 1;
    }
    let mut neg = false;
    if at(i) == b'+' || at(i) == b'-' {
        neg = at(i) == b'-';
        i += 1;
    }
    let mut base = base as u64;
    if (base == 0 || base == 16)
        && at(i) == b'0'
        && (at(i + 1) | 0x20) == b'x'
        && digit(at(i + 2)).is_some_and(|d| d < 16)
    {
        i += 2;
        base = 16;
    } else if base == 0 {
        base = if at(i) == b'0' { 8 } else { 10 };
    }
    if !(2..=36).contains(&base) {
        errno::set(crate::Errno::INVAL);
        return (false, 0, false, s);
    }
    let start = i;
    let mut v: u64 = 0;
    let mut over = false;
    while let Some(d) = digit(at(i)).filter(|&d| d < base) {
        match v.checked_mul(base).and_then(|x| x.checked_add(d)) {
            Some(x) => v = x,
            None => over = true,
        }
        i += 1;
    }
    if i == start {
        return (false, 0, false, s);
    }
    (neg, v, over, unsafe { s.add(i) })
}

unsafe fn set_end(end: *mut *mut c_char, p: *const c_char) {
    if !end.is_null() {
        unsafe { *end = p as *mut c_char };
    }
}

unsafe fn to_signed(
    s: *const c_char,
    end: *mut *mut c_char,
    base: c_int,
    min: i64,
    max: i64,
) -> i64 {
    unsafe { to_signed_n(s, end, base, min, max, usize::MAX) }
}

unsafe fn to_signed_n(
    s: *const c_char,
    end: *mut *mut c_char,
    base: c_int,
    min: i64,
    max: i64,
    n: usize,
) -> i64 {
    let (neg, v, over, e) = unsafe { parse_int(s, base, n) };
    unsafe { set_end(end, e) };
    if neg {
        if over || v > min.unsigned_abs() {
            errno::set(crate::Errno::RANGE);
            min
        } else {
            (v as i64).wrapping_neg()
        }
    } else if over || v > max as u64 {
        errno::set(crate::Errno::RANGE);
        max
    } else {
        v as i64
    }
}

unsafe fn to_unsigned(s: *const c_char, end: *mut *mut c_char, base: c_int, max: u64) -> u64 {
    unsafe { to_unsigned_n(s, end, base, max, usize::MAX) }
}

unsafe fn to_unsigned_n(
    s: *const c_char,
    end: *mut *mut c_char,
    base: c_int,
    max: u64,
    n: usize,
) -> u64 {
    let (neg, v, over, e) = unsafe { parse_int(s, base, n) };
    unsafe { set_end(end, e) };
    if over || v > max {
        errno::set(crate::Errno::RANGE);
        max
    } else if neg {
        v.wrapping_neg() & max
    } else {
        v
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strtol(s: *const c_char, end: *mut *mut c_char, base: c_int) -> c_long {
    unsafe { to_signed(s, end, base, i64::MIN, i64::MAX) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strtoll(
    s: *const c_char,
    end: *mut *mut c_char,
    base: c_int,
) -> c_longlong {
    unsafe { to_signed(s, end, base, i64::MIN, i64::MAX) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strtoimax(s: *const c_char, end: *mut *mut c_char, base: c_int) -> i64 {
    unsafe { to_signed(s, end, base, i64::MIN, i64::MAX) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strtoul(s: *const c_char, end: *mut *mut c_char, base: c_int) -> c_ulong {
    unsafe { to_unsigned(s, end, base, u64::MAX) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strtoull(s: *const c_char, end: *mut *mut c_char, base: c_int) -> u64 {
    unsafe { to_unsigned(s, end, base, u64::MAX) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strtoumax(s: *const c_char, end: *mut *mut c_char, base: c_int) -> u64 {
    unsafe { to_unsigned(s, end, base, u64::MAX) }
}

/// strtoimax over at most `n` bytes (klibc's).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strntoimax(
    s: *const c_char,
    end: *mut *mut c_char,
    base: c_int,
    n: usize,
) -> i64 {
    unsafe { to_signed_n(s, end, base, i64::MIN, i64::MAX, n) }
}

/// strtoumax over at most `n` bytes (klibc's).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strntoumax(
    s: *const c_char,
    end: *mut *mut c_char,
    base: c_int,
    n: usize,
) -> u64 {
    unsafe { to_unsigned_n(s, end, base, u64::MAX, n) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn atoi(s: *const c_char) -> c_int {
    unsafe { strtol(s, null_mut(), 10) as c_int }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn atol(s: *const c_char) -> c_long {
    unsafe { strtol(s, null_mut(), 10) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn atoll(s: *const c_char) -> c_longlong {
    unsafe { strtol(s, null_mut(), 10) }
}

/// # Safety
/// C contract. Decimal and inf/nan forms; hexadecimal floats read as their
/// integer part.
#[no_mangle]
pub unsafe extern "C" fn strtod(s: *const c_char, end: *mut *mut c_char) -> f64 {
    let at = |i: usize| unsafe { *s.add(i) } as u8;
    let mut i = 0;
    while space(at(i)) {
        i += 1;
    }
    let start = i;
    if at(i) == b'+' || at(i) == b'-' {
        i += 1;
    }
    let word = |i: usize, w: &[u8]| w.iter().enumerate().all(|(k, &c)| at(i + k) | 0x20 == c);
    let mut text = [0u8; 400];
    let mut n = 0;
    let mut push = |b: u8| {
        if n < text.len() {
            text[n] = b;
            n += 1;
        }
    };
    if at(start) == b'-' {
        push(b'-');
    }
    let value: f64;
    if word(i, b"inf") {
        i += if word(i, b"infinity") { 8 } else { 3 };
        value = f64::INFINITY;
    } else if word(i, b"nan") {
        i += 3;
        value = f64::NAN;
    } else if at(i) == b'0'
        && at(i + 1) | 0x20 == b'x'
        && (at(i + 2).is_ascii_hexdigit() || (at(i + 2) == b'.' && at(i + 3).is_ascii_hexdigit()))
    {
        // Hexadecimal: 0x<hex>[.<hex>][p<exp>], exact up to 60 bits.
        i += 2;
        let mut mant: u64 = 0;
        let mut exp: i64 = 0;
        let mut seen_dot = false;
        loop {
            let c = at(i);
            if c == b'.' && !seen_dot {
                seen_dot = true;
            } else if let Some(d) = (c as char).to_digit(16) {
                if mant >> 60 == 0 {
                    mant = mant << 4 | d as u64;
                    if seen_dot {
                        exp -= 4;
                    }
                } else if !seen_dot {
                    exp += 4;
                }
            } else {
                break;
            }
            i += 1;
        }
        if at(i) | 0x20 == b'p' {
            let mut j = i + 1;
            let neg = at(j) == b'-';
            if at(j) == b'+' || at(j) == b'-' {
                j += 1;
            }
            if at(j).is_ascii_digit() {
                let mut e: i64 = 0;
                while at(j).is_ascii_digit() {
                    e = (e * 10 + (at(j) - b'0') as i64).min(100_000);
                    j += 1;
                }
                exp += if neg { -e } else { e };
                i = j;
            }
        }
        value = super::valist::scale(mant as f64, exp.clamp(-100_000, 100_000) as i32);
    } else {
        let mut digits = 0;
        while at(i).is_ascii_digit() {
            push(at(i));
            i += 1;
            digits += 1;
        }
        if at(i) == b'.' {
            push(b'.');
            i += 1;
            while at(i).is_ascii_digit() {
                push(at(i));
                i += 1;
                digits += 1;
            }
        }
        if digits == 0 {
            unsafe { set_end(end, s) };
            return 0.0;
        }
        if at(i) | 0x20 == b'e' {
            let mut j = i + 1;
            if at(j) == b'+' || at(j) == b'-' {
                j += 1;
            }
            if at(j).is_ascii_digit() {
                push(b'e');
                for k in i + 1..j {
                    push(at(k));
                }
                while at(j).is_ascii_digit() {
                    push(at(j));
                    j += 1;
                }
                i = j;
            }
        }
        let t = core::str::from_utf8(&text[..n]).unwrap_or("0");
        value = t.parse::<f64>().unwrap_or(0.0);
        // Overflow to infinity, or underflow: a non-zero number that came out
        // zero or subnormal.
        let mantissa = t.split(['e', 'E']).next().unwrap_or("");
        let nonzero = mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b));
        if value.is_infinite() || (nonzero && value.abs() < f64::MIN_POSITIVE) {
            errno::set(crate::Errno::RANGE);
        }
        unsafe { set_end(end, s.add(i)) };
        return value;
    }
    unsafe { set_end(end, s.add(i)) };
    if at(start) == b'-' {
        -value
    } else {
        value
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn atof(s: *const c_char) -> f64 {
    unsafe { strtod(s, null_mut()) }
}

#[no_mangle]
pub extern "C" fn abs(v: c_int) -> c_int {
    v.wrapping_abs()
}

#[no_mangle]
pub extern "C" fn labs(v: c_long) -> c_long {
    v.wrapping_abs()
}

#[no_mangle]
pub extern "C" fn llabs(v: c_longlong) -> c_longlong {
    v.wrapping_abs()
}

#[no_mangle]
pub extern "C" fn imaxabs(v: i64) -> i64 {
    v.wrapping_abs()
}

#[repr(C)]
pub struct DivT {
    quot: c_int,
    rem: c_int,
}

#[repr(C)]
pub struct LdivT {
    quot: c_long,
    rem: c_long,
}

#[no_mangle]
pub extern "C" fn div(a: c_int, b: c_int) -> DivT {
    DivT {
        quot: a.wrapping_div(b),
        rem: a.wrapping_rem(b),
    }
}

#[no_mangle]
pub extern "C" fn ldiv(a: c_long, b: c_long) -> LdivT {
    LdivT {
        quot: a.wrapping_div(b),
        rem: a.wrapping_rem(b),
    }
}

#[repr(C)]
pub struct ImaxdivT {
    quot: i64,
    rem: i64,
}

#[no_mangle]
pub extern "C" fn imaxdiv(a: i64, b: i64) -> ImaxdivT {
    ImaxdivT {
        quot: a.wrapping_div(b),
        rem: a.wrapping_rem(b),
    }
}

type Cmp = unsafe extern "C" fn(*const c_void, *const c_void) -> c_int;

unsafe fn swap(a: *mut u8, b: *mut u8, size: usize) {
    for i in 0..size {
        unsafe { core::ptr::swap(a.add(i), b.add(i)) };
    }
}

/// # Safety
/// C contract. Heapsort: no allocation, O(n log n) always.
#[no_mangle]
pub unsafe extern "C" fn qsort(base: *mut c_void, n: usize, size: usize, cmp: Cmp) {
    let b = base as *mut u8;
    let el = |i: usize| unsafe { b.add(i * size) };
    let sift = |mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && unsafe { cmp(el(child).cast(), el(child + 1).cast()) } < 0 {
            child += 1;
        }
        if unsafe { cmp(el(root).cast(), el(child).cast()) } >= 0 {
            break;
        }
        unsafe { swap(el(root), el(child), size) };
        root = child;
    };
    if n < 2 || size == 0 {
        return;
    }
    for i in (0..n / 2).rev() {
        sift(i, n);
    }
    for end in (1..n).rev() {
        unsafe { swap(el(0), el(end), size) };
        sift(0, end);
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn bsearch(
    key: *const c_void,
    base: *const c_void,
    n: usize,
    size: usize,
    cmp: Cmp,
) -> *mut c_void {
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let p = unsafe { (base as *const u8).add(mid * size) };
        match unsafe { cmp(key, p.cast()) } {
            0 => return p as *mut c_void,
            r if r < 0 => hi = mid,
            _ => lo = mid + 1,
        }
    }
    null_mut()
}

static mut SEED: u64 = 1;

#[no_mangle]
pub extern "C" fn srand(seed: c_uint) {
    // SAFETY: single-threaded.
    unsafe { SEED = seed as u64 };
}

#[no_mangle]
pub extern "C" fn rand() -> c_int {
    // SAFETY: single-threaded.
    unsafe {
        SEED = SEED
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (SEED >> 33) as c_int & 0x7fff_ffff
    }
}

#[no_mangle]
pub extern "C" fn srandom(seed: c_uint) {
    srand(seed)
}

#[no_mangle]
pub extern "C" fn random() -> c_long {
    rand() as c_long
}

/// Fills the trailing XXXXXX of `template` and calls `try_it` until it
/// stops failing with EEXIST.
unsafe fn fill_template(template: *mut c_char, mut try_it: impl FnMut() -> c_int) -> c_int {
    let len = unsafe { super::string::strlen(template) };
    if len < 6 || unsafe { super::string::strcmp(template.add(len - 6), c"XXXXXX".as_ptr()) } != 0 {
        errno::set(crate::Errno::INVAL);
        return -1;
    }
    let t = crate::syscall::time::clock_gettime(g::CLOCK_MONOTONIC).map_or(0, |t| t.tv_nsec as u64);
    let mut x = t ^ ((crate::syscall::process::getpid() as u64) << 32);
    for _ in 0..100 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut v = x >> 16;
        for i in 0..6 {
            let c = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                [(v % 62) as usize];
            v /= 62;
            unsafe { *template.add(len - 6 + i) = c as c_char };
        }
        let r = try_it();
        if r >= 0 || errno::get() != crate::uapi::errno::EEXIST as c_int {
            return r;
        }
    }
    -1
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mkstemp(template: *mut c_char) -> c_int {
    unsafe {
        fill_template(template, || {
            csys!(
                __NR_openat,
                g::AT_FDCWD,
                template,
                g::O_RDWR | g::O_CREAT | g::O_EXCL,
                0o600
            ) as c_int
        })
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mkdtemp(template: *mut c_char) -> *mut c_char {
    let r = unsafe {
        fill_template(template, || {
            csys!(__NR_mkdirat, g::AT_FDCWD, template, 0o700) as c_int
        })
    };
    if r < 0 {
        null_mut()
    } else {
        template
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mktemp(template: *mut c_char) -> *mut c_char {
    let r = unsafe {
        fill_template(template, || {
            let mut st = core::mem::MaybeUninit::<g::stat>::uninit();
            if csys!(
                __NR_newfstatat,
                g::AT_FDCWD,
                template,
                st.as_mut_ptr(),
                g::AT_SYMLINK_NOFOLLOW
            ) == 0
            {
                errno::set(crate::Errno::EXIST);
                -1
            } else {
                0
            }
        })
    };
    if r < 0 {
        unsafe { *template = 0 };
    }
    template
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn system(cmd: *const c_char) -> c_int {
    if cmd.is_null() {
        return 1;
    }
    let pid = super::unistd::fork();
    if pid < 0 {
        return -1;
    }
    if pid == 0 {
        let argv = [c"sh".as_ptr(), c"-c".as_ptr(), cmd, core::ptr::null()];
        unsafe {
            super::unistd::execve(
                c"/bin/sh".as_ptr(),
                argv.as_ptr(),
                super::start::environ as _,
            );
        }
        super::start::_exit(127);
    }
    let mut status = 0;
    if unsafe { super::unistd::waitpid(pid, &mut status, 0) } < 0 {
        return -1;
    }
    status
}

// ---- the few math.h functions (bit-level, no libm) ----

#[no_mangle]
pub extern "C" fn fabs(x: f64) -> f64 {
    f64::from_bits(x.to_bits() & !(1 << 63))
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn frexp(x: f64, exp: *mut c_int) -> f64 {
    let (m, e) = split_exp(x);
    unsafe { *exp = e };
    m
}

/// `x` as `m * 2^e` with 0.5 <= |m| < 1 (zero, inf and nan as they are).
fn split_exp(x: f64) -> (f64, c_int) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let mut bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as c_int;
    let mut bias = 0;
    if e == 0 {
        // Subnormal: scale into the normal range first.
        bits = (x * f64::from_bits(0x4350_0000_0000_0000)).to_bits(); // 2^54
        e = ((bits >> 52) & 0x7ff) as c_int;
        bias = 54;
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e - 1022 - bias)
}

#[no_mangle]
pub extern "C" fn ldexp(x: f64, e: c_int) -> f64 {
    super::valist::scale(x, e)
}

fn trunc(x: f64) -> f64 {
    let e = ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    if e >= 52 || !x.is_finite() {
        return x;
    }
    if e < 0 {
        return f64::from_bits(x.to_bits() & (1 << 63));
    }
    f64::from_bits(x.to_bits() & !((1u64 << (52 - e)) - 1))
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn modf(x: f64, ip: *mut f64) -> f64 {
    let i = trunc(x);
    unsafe { *ip = i };
    if x.is_infinite() {
        return f64::from_bits(x.to_bits() & (1 << 63));
    }
    x - i
}

#[no_mangle]
pub extern "C" fn floor(x: f64) -> f64 {
    let t = trunc(x);
    if t > x {
        t - 1.0
    } else {
        t
    }
}

#[no_mangle]
pub extern "C" fn ceil(x: f64) -> f64 {
    let t = trunc(x);
    if t < x {
        t + 1.0
    } else {
        t
    }
}
