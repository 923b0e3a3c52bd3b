//! string.h and strings.h (memcpy, memset, memcmp and strlen are in
//! `cabi::mem`, shared with Rust code), plus strerror/strsignal texts.
//! Loops read through plain pointers but never form memcpy/memset idioms,
//! so the optimiser cannot turn them into calls to themselves.

use super::malloc::malloc;
use crate::cabi::mem::{memcmp, memset, strlen as mem_strlen};
use core::ffi::{c_char, c_int, c_void};
use core::ptr::null_mut;

pub use crate::cabi::mem::strlen;

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn memchr(s: *const c_void, c: c_int, n: usize) -> *mut c_void {
    let p = s as *const u8;
    let c = c as u8;
    for i in 0..n {
        if unsafe { *p.add(i) } == c {
            return unsafe { p.add(i) } as *mut c_void;
        }
    }
    null_mut()
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn memrchr(s: *const c_void, c: c_int, n: usize) -> *mut c_void {
    let p = s as *const u8;
    let c = c as u8;
    let mut i = n;
    while i > 0 {
        i -= 1;
        if unsafe { *p.add(i) } == c {
            return unsafe { p.add(i) } as *mut c_void;
        }
    }
    null_mut()
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mempcpy(d: *mut c_void, s: *const c_void, n: usize) -> *mut c_void {
    unsafe {
        crate::arch::copy_forward(d.cast(), s.cast(), n);
        (d as *mut u8).add(n).cast()
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn memccpy(
    d: *mut c_void,
    s: *const c_void,
    c: c_int,
    n: usize,
) -> *mut c_void {
    let (d, s) = (d as *mut u8, s as *const u8);
    for i in 0..n {
        unsafe {
            let b = s.add(i).read_volatile();
            *d.add(i) = b;
            if b == c as u8 {
                return d.add(i + 1).cast();
            }
        }
    }
    null_mut()
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn memmem(
    h: *const c_void,
    hn: usize,
    n: *const c_void,
    nn: usize,
) -> *mut c_void {
    if nn == 0 {
        return h as *mut c_void;
    }
    if nn > hn {
        return null_mut();
    }
    for i in 0..=hn - nn {
        let p = unsafe { (h as *const u8).add(i) };
        if unsafe { memcmp(p.cast(), n, nn) } == 0 {
            return p as *mut c_void;
        }
    }
    null_mut()
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strnlen(s: *const c_char, max: usize) -> usize {
    let mut n = 0;
    while n < max && unsafe { s.add(n).read_volatile() } != 0 {
        n += 1;
    }
    n
}

/// Copies a C string with its NUL and returns the end. Every exported copy
/// calls this rather than each other: LLVM rewrites a libc call whose result
/// is unused (stpcpy into strcpy), which inside strcpy would be a call to
/// itself.
unsafe fn copy_str(d: *mut c_char, s: *const c_char) -> *mut c_char {
    let mut i = 0;
    loop {
        let b = unsafe { s.add(i).read_volatile() };
        unsafe { *d.add(i) = b };
        if b == 0 {
            return unsafe { d.add(i) };
        }
        i += 1;
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn stpcpy(d: *mut c_char, s: *const c_char) -> *mut c_char {
    unsafe { copy_str(d, s) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strcpy(d: *mut c_char, s: *const c_char) -> *mut c_char {
    unsafe { copy_str(d, s) };
    d
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn stpncpy(d: *mut c_char, s: *const c_char, n: usize) -> *mut c_char {
    unsafe { copy_strn(d, s, n) }
}

unsafe fn copy_strn(d: *mut c_char, s: *const c_char, n: usize) -> *mut c_char {
    let len = unsafe { strnlen(s, n) };
    unsafe {
        crate::arch::copy_forward(d.cast(), s.cast(), len);
        memset(d.add(len).cast(), 0, n - len);
        d.add(len)
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strncpy(d: *mut c_char, s: *const c_char, n: usize) -> *mut c_char {
    unsafe { copy_strn(d, s, n) };
    d
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strcat(d: *mut c_char, s: *const c_char) -> *mut c_char {
    unsafe { copy_str(d.add(mem_strlen(d)), s) };
    d
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strncat(d: *mut c_char, s: *const c_char, n: usize) -> *mut c_char {
    unsafe {
        let end = d.add(mem_strlen(d));
        let len = strnlen(s, n);
        crate::arch::copy_forward(end.cast(), s.cast(), len);
        *end.add(len) = 0;
    }
    d
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strlcpy(d: *mut c_char, s: *const c_char, n: usize) -> usize {
    let len = unsafe { mem_strlen(s) };
    if n > 0 {
        let k = len.min(n - 1);
        unsafe {
            crate::arch::copy_forward(d.cast(), s.cast(), k);
            *d.add(k) = 0;
        }
    }
    len
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strlcat(d: *mut c_char, s: *const c_char, n: usize) -> usize {
    let dl = unsafe { strnlen(d, n) };
    if dl == n {
        return n + unsafe { mem_strlen(s) };
    }
    dl + unsafe { strlcpy(d.add(dl), s, n - dl) }
}

/// # Safety
/// C contract. When both strings are equally aligned, compares a word at a
/// time until a word differs or holds a NUL (an aligned word never crosses
/// a page, so reading the rest of the last one is harmless).
#[no_mangle]
pub unsafe extern "C" fn strcmp(a: *const c_char, b: *const c_char) -> c_int {
    const W: usize = core::mem::size_of::<usize>();
    const ONES: usize = usize::MAX / 255;
    const HIGHS: usize = ONES << 7;
    let (mut a, mut b) = (a as *const u8, b as *const u8);
    if (a as usize) % W == (b as usize) % W {
        while (a as usize) & (W - 1) != 0 {
            let (x, y) = unsafe { (*a, *b) };
            if x != y || x == 0 {
                return x as c_int - y as c_int;
            }
            a = unsafe { a.add(1) };
            b = unsafe { b.add(1) };
        }
        loop {
            let (x, y) = unsafe {
                (
                    (a as *const usize).read_volatile(),
                    (b as *const usize).read_volatile(),
                )
            };
            if x != y || (x.wrapping_sub(ONES) & !x & HIGHS) != 0 {
                break;
            }
            a = unsafe { a.add(W) };
            b = unsafe { b.add(W) };
        }
    }
    loop {
        let (x, y) = unsafe { (*a, *b) };
        if x != y || x == 0 {
            return x as c_int - y as c_int;
        }
        a = unsafe { a.add(1) };
        b = unsafe { b.add(1) };
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strncmp(a: *const c_char, b: *const c_char, n: usize) -> c_int {
    let (a, b) = (a as *const u8, b as *const u8);
    for i in 0..n {
        let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
        if x != y || x == 0 {
            return x as c_int - y as c_int;
        }
    }
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strcoll(a: *const c_char, b: *const c_char) -> c_int {
    unsafe { strcmp(a, b) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strxfrm(d: *mut c_char, s: *const c_char, n: usize) -> usize {
    let len = unsafe { mem_strlen(s) };
    if len < n {
        unsafe { copy_str(d, s) };
    }
    len
}

fn lower(c: u8) -> u8 {
    c.to_ascii_lowercase()
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strcasecmp(a: *const c_char, b: *const c_char) -> c_int {
    unsafe { strncasecmp(a, b, usize::MAX) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strncasecmp(a: *const c_char, b: *const c_char, n: usize) -> c_int {
    let (a, b) = (a as *const u8, b as *const u8);
    for i in 0..n {
        let (x, y) = unsafe { (lower(*a.add(i)), lower(*b.add(i))) };
        if x != y || x == 0 {
            return x as c_int - y as c_int;
        }
    }
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strchrnul(s: *const c_char, c: c_int) -> *mut c_char {
    let c = c as u8;
    let mut p = s as *const u8;
    loop {
        let b = unsafe { *p };
        if b == c || b == 0 {
            return p as *mut c_char;
        }
        p = unsafe { p.add(1) };
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strchr(s: *const c_char, c: c_int) -> *mut c_char {
    let p = unsafe { strchrnul(s, c) };
    if unsafe { *p } as u8 == c as u8 {
        p
    } else {
        null_mut()
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn index(s: *const c_char, c: c_int) -> *mut c_char {
    unsafe { strchr(s, c) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strrchr(s: *const c_char, c: c_int) -> *mut c_char {
    let n = unsafe { mem_strlen(s) };
    unsafe { memrchr(s.cast(), c, n + 1) }.cast()
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn rindex(s: *const c_char, c: c_int) -> *mut c_char {
    unsafe { strrchr(s, c) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strstr(h: *const c_char, n: *const c_char) -> *mut c_char {
    let (hn, nn) = unsafe { (mem_strlen(h), mem_strlen(n)) };
    unsafe { memmem(h.cast(), hn, n.cast(), nn) }.cast()
}

/// The bytes of a C string as a 256-bit set (the NUL is always a member,
/// so scans stop at the end of the string too).
fn byte_set(set: *const c_char) -> [u64; 4] {
    let mut bits = [1u64, 0, 0, 0];
    let mut p = set as *const u8;
    loop {
        // SAFETY: C string.
        let b = unsafe { *p };
        if b == 0 {
            return bits;
        }
        bits[(b >> 6) as usize] |= 1 << (b & 63);
        p = unsafe { p.add(1) };
    }
}

fn member(bits: &[u64; 4], b: u8) -> bool {
    bits[(b >> 6) as usize] & (1 << (b & 63)) != 0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strspn(s: *const c_char, set: *const c_char) -> usize {
    let mut bits = byte_set(set);
    bits[0] &= !1;
    let mut i = 0;
    while member(&bits, unsafe { *s.add(i) } as u8) {
        i += 1;
    }
    i
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strcspn(s: *const c_char, set: *const c_char) -> usize {
    let bits = byte_set(set);
    let mut i = 0;
    while !member(&bits, unsafe { *s.add(i) } as u8) {
        i += 1;
    }
    i
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strpbrk(s: *const c_char, set: *const c_char) -> *mut c_char {
    let i = unsafe { strcspn(s, set) };
    if unsafe { *s.add(i) } == 0 {
        null_mut()
    } else {
        unsafe { s.add(i) as *mut c_char }
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strsep(sp: *mut *mut c_char, delim: *const c_char) -> *mut c_char {
    unsafe {
        let s = *sp;
        if s.is_null() {
            return s;
        }
        let e = s.add(strcspn(s, delim));
        if *e == 0 {
            *sp = null_mut();
        } else {
            *e = 0;
            *sp = e.add(1);
        }
        s
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strtok_r(
    s: *mut c_char,
    delim: *const c_char,
    save: *mut *mut c_char,
) -> *mut c_char {
    unsafe {
        let mut s = if s.is_null() { *save } else { s };
        if s.is_null() {
            return s;
        }
        s = s.add(strspn(s, delim));
        if *s == 0 {
            *save = null_mut();
            return null_mut();
        }
        let e = s.add(strcspn(s, delim));
        if *e == 0 {
            *save = null_mut();
        } else {
            *e = 0;
            *save = e.add(1);
        }
        s
    }
}

static mut STRTOK: *mut c_char = null_mut();

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strtok(s: *mut c_char, delim: *const c_char) -> *mut c_char {
    unsafe { strtok_r(s, delim, &raw mut STRTOK) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strndup(s: *const c_char, n: usize) -> *mut c_char {
    unsafe { dup_n(s, n) }
}

unsafe fn dup_n(s: *const c_char, n: usize) -> *mut c_char {
    let len = unsafe { strnlen(s, n) };
    let d = unsafe { malloc(len + 1) } as *mut c_char;
    if !d.is_null() {
        unsafe {
            crate::arch::copy_forward(d.cast(), s.cast(), len);
            *d.add(len) = 0;
        }
    }
    d
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn strdup(s: *const c_char) -> *mut c_char {
    unsafe { dup_n(s, usize::MAX) }
}

/// # Safety
/// C contract.
/// Exchanges `n` bytes between two areas (klibc's memswap).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn memswap(a: *mut c_void, b: *mut c_void, n: usize) {
    let (a, b) = (a.cast::<u8>(), b.cast::<u8>());
    for i in 0..n {
        // SAFETY: both areas have `n` bytes (the caller's contract).
        unsafe { core::ptr::swap(a.add(i), b.add(i)) };
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn bcopy(s: *const c_void, d: *mut c_void, n: usize) {
    unsafe { crate::cabi::mem::memmove(d, s, n) };
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn bzero(d: *mut c_void, n: usize) {
    unsafe { memset(d, 0, n) };
}

#[no_mangle]
pub extern "C" fn ffs(v: c_int) -> c_int {
    if v == 0 {
        0
    } else {
        v.trailing_zeros() as c_int + 1
    }
}

/// strerror's text for an error number, as glibc words it.
pub fn message(e: c_int) -> &'static [u8] {
    if e == 0 {
        return b"Success";
    }
    super::strerror::lookup(e).map_or(b"Unknown error".as_slice(), |m| m.to_bytes())
}

static mut TEXT: [u8; 64] = [0; 64];

/// Copies `parts` into the static text buffer, NUL-terminated.
fn static_text(parts: &[&[u8]]) -> *mut c_char {
    // SAFETY: single-threaded; the buffer is only ever written here.
    let buf = unsafe { &mut *(&raw mut TEXT) };
    let mut n = 0;
    for part in parts {
        for &b in *part {
            if n < buf.len() - 1 {
                buf[n] = b;
                n += 1;
            }
        }
    }
    buf[n] = 0;
    buf.as_mut_ptr().cast()
}

/// Decimal text of `v` in `buf`, returning the used tail.
pub fn decimal(v: i64, buf: &mut [u8; 24]) -> &[u8] {
    let mut i = buf.len();
    let mut u = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if v < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    &buf[i..]
}

#[no_mangle]
pub extern "C" fn strerror(e: c_int) -> *mut c_char {
    // Known messages are constants, so two calls in one expression both hold.
    if let Some(m) = super::strerror::lookup(e) {
        return m.as_ptr() as *mut c_char;
    }
    let msg = message(e);
    let mut d = [0u8; 24];
    if msg == b"Unknown error" {
        let num = decimal(e as i64, &mut d);
        static_text(&[msg, b" ", num])
    } else {
        static_text(&[msg])
    }
}

/// # Safety
/// C contract (XSI form).
#[no_mangle]
pub unsafe extern "C" fn strerror_r(e: c_int, buf: *mut c_char, n: usize) -> c_int {
    let s = strerror(e);
    unsafe {
        if strlcpy(buf, s, n) >= n {
            return crate::uapi::errno::ERANGE as c_int;
        }
    }
    0
}

#[no_mangle]
pub extern "C" fn strsignal(sig: c_int) -> *mut c_char {
    let mut d = [0u8; 24];
    match super::signame::description(sig) {
        Some(name) => static_text(&[name]),
        _ if (32..=64).contains(&sig) => {
            static_text(&[b"Real-time signal ", decimal(sig as i64 - 32, &mut d)])
        }
        _ => static_text(&[b"Unknown signal ", decimal(sig as i64, &mut d)]),
    }
}
