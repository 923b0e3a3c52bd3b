//! Multibyte and wide characters in the C locale, the only one there is:
//! each byte is one character of the same value, and wide characters above
//! 255 have no encoding (EILSEQ).

use core::ffi::{c_char, c_int};

type WChar = i32;
const WEOF: u32 = u32::MAX;

fn eilseq() -> usize {
    super::errno::set_raw(crate::uapi::errno::EILSEQ as c_int);
    usize::MAX
}

#[no_mangle]
pub extern "C" fn btowc(c: c_int) -> u32 {
    if (0..=255).contains(&c) {
        c as u32
    } else {
        WEOF
    }
}

#[no_mangle]
pub extern "C" fn wctob(c: u32) -> c_int {
    if c <= 255 {
        c as c_int
    } else {
        -1
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mbsinit(_st: *const u32) -> c_int {
    1
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mbrtowc(
    wc: *mut WChar,
    s: *const c_char,
    n: usize,
    _st: *mut u32,
) -> usize {
    if s.is_null() {
        return 0;
    }
    if n == 0 {
        return usize::MAX - 1;
    }
    let b = unsafe { *s } as u8;
    if !wc.is_null() {
        unsafe { *wc = b as WChar };
    }
    (b != 0) as usize
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mbrlen(s: *const c_char, n: usize, st: *mut u32) -> usize {
    unsafe { mbrtowc(core::ptr::null_mut(), s, n, st) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn wcrtomb(s: *mut c_char, wc: WChar, _st: *mut u32) -> usize {
    if s.is_null() {
        return 1;
    }
    if !(0..=255).contains(&wc) {
        return eilseq();
    }
    unsafe { *s = wc as c_char };
    1
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mbtowc(wc: *mut WChar, s: *const c_char, n: usize) -> c_int {
    if s.is_null() {
        return 0;
    }
    unsafe { mbrtowc(wc, s, n, core::ptr::null_mut()) as c_int }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mblen(s: *const c_char, n: usize) -> c_int {
    unsafe { mbtowc(core::ptr::null_mut(), s, n) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn wctomb(s: *mut c_char, wc: WChar) -> c_int {
    if s.is_null() {
        return 0;
    }
    unsafe { wcrtomb(s, wc, core::ptr::null_mut()) as c_int }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn wcslen(s: *const WChar) -> usize {
    let mut n = 0;
    while unsafe { s.add(n).read_volatile() } != 0 {
        n += 1;
    }
    n
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mbstowcs(d: *mut WChar, s: *const c_char, n: usize) -> usize {
    let len = unsafe { super::string::strlen(s) };
    if d.is_null() {
        return len;
    }
    let k = len.min(n);
    for i in 0..k {
        unsafe { *d.add(i) = *s.add(i) as u8 as WChar };
    }
    if k < n {
        unsafe { *d.add(k) = 0 };
    }
    k
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn wcstombs(d: *mut c_char, s: *const WChar, n: usize) -> usize {
    let len = unsafe { wcslen(s) };
    for i in 0..len {
        if !(0..=255).contains(&unsafe { *s.add(i) }) {
            return eilseq();
        }
    }
    if d.is_null() {
        return len;
    }
    let k = len.min(n);
    for i in 0..k {
        unsafe { *d.add(i) = *s.add(i) as c_char };
    }
    if k < n {
        unsafe { *d.add(k) = 0 };
    }
    k
}
