//! mntent.h: mount tables (/proc/mounts, /etc/fstab) one entry at a time.
//! Fields are separated by blanks; `\040`-style octal escapes (how the
//! kernel writes a space, tab, newline or backslash in a path) are decoded
//! as glibc does, so a path read here compares equal to the real one.
//! Comment and blank lines are skipped; missing trailing fields are empty
//! or 0.

use super::stdio::{fclose, fgets, fopen, fputs, File};
use core::ffi::{c_char, c_int};
use core::ptr::null_mut;

/// struct mntent.
#[repr(C)]
pub struct Mntent {
    fsname: *mut c_char,
    dir: *mut c_char,
    ty: *mut c_char,
    opts: *mut c_char,
    freq: c_int,
    passno: c_int,
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn setmntent(path: *const c_char, mode: *const c_char) -> *mut File {
    unsafe { fopen(path, mode) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn endmntent(f: *mut File) -> c_int {
    if !f.is_null() {
        unsafe { fclose(f) };
    }
    1
}

/// Splits off the next blank-separated field of `line[*at..]` in place,
/// decoding octal escapes; NUL-terminates it. Empty when none is left.
unsafe fn field(line: *mut u8, len: usize, at: &mut usize) -> *mut c_char {
    // SAFETY: `line` has `len` bytes plus a NUL (the caller's buffer).
    unsafe {
        while *at < len && matches!(*line.add(*at), b' ' | b'\t' | b'\n') {
            *at += 1;
        }
        let start = *at;
        let mut out = start;
        while *at < len && !matches!(*line.add(*at), b' ' | b'\t' | b'\n') {
            let c = *line.add(*at);
            let oct = |k: usize| {
                let d = *line.add(*at + k);
                (b'0'..=b'7').contains(&d).then_some(d - b'0')
            };
            if c == b'\\' && *at + 3 <= len {
                if let (Some(a), Some(b), Some(d)) = (oct(1), oct(2), oct(3)) {
                    *line.add(out) = (a << 6) | (b << 3) | d;
                    out += 1;
                    *at += 4;
                    continue;
                }
            }
            *line.add(out) = c;
            out += 1;
            *at += 1;
        }
        if *at < len {
            *at += 1;
        }
        *line.add(out) = 0;
        line.add(start).cast()
    }
}

fn number(s: *const c_char) -> c_int {
    // SAFETY: a NUL-terminated field of ours.
    unsafe { super::stdlib::atoi(s) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getmntent_r(
    f: *mut File,
    m: *mut Mntent,
    buf: *mut c_char,
    size: c_int,
) -> *mut Mntent {
    if f.is_null() || m.is_null() || buf.is_null() || size < 2 {
        return null_mut();
    }
    // SAFETY: the caller's FILE, struct and buffer of `size` bytes.
    unsafe {
        loop {
            if fgets(buf, size, f).is_null() {
                return null_mut();
            }
            let line = buf.cast::<u8>();
            let len = super::string::strlen(buf);
            let mut at = 0;
            while at < len && matches!(*line.add(at), b' ' | b'\t') {
                at += 1;
            }
            if at == len || matches!(*line.add(at), b'#' | b'\n') {
                continue;
            }
            let m = &mut *m;
            m.fsname = field(line, len, &mut at);
            m.dir = field(line, len, &mut at);
            m.ty = field(line, len, &mut at);
            m.opts = field(line, len, &mut at);
            m.freq = number(field(line, len, &mut at));
            m.passno = number(field(line, len, &mut at));
            return m;
        }
    }
}

static mut ENTRY: Mntent = Mntent {
    fsname: null_mut(),
    dir: null_mut(),
    ty: null_mut(),
    opts: null_mut(),
    freq: 0,
    passno: 0,
};
static mut LINE: [u8; 4096] = [0; 4096];

/// # Safety
/// C contract (one static entry, overwritten by the next call).
#[no_mangle]
pub unsafe extern "C" fn getmntent(f: *mut File) -> *mut Mntent {
    // SAFETY: single-threaded; the statics are this function's.
    unsafe {
        let line = &mut *(&raw mut LINE);
        getmntent_r(
            f,
            &raw mut ENTRY,
            line.as_mut_ptr().cast(),
            line.len() as c_int,
        )
    }
}

/// Writes `s` with blanks and backslashes as octal escapes.
unsafe fn put_escaped(f: *mut File, s: *const c_char) -> bool {
    // SAFETY: a NUL-terminated string (the caller's).
    let bytes = unsafe { core::ffi::CStr::from_ptr(s).to_bytes() };
    for &c in bytes {
        let mut out = [c, 0, 0, 0, 0];
        if matches!(c, b' ' | b'\t' | b'\n' | b'\\') {
            out = [
                b'\\',
                b'0' + (c >> 6),
                b'0' + ((c >> 3) & 7),
                b'0' + (c & 7),
                0,
            ];
        }
        if unsafe { fputs(out.as_ptr().cast(), f) } < 0 {
            return false;
        }
    }
    true
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn addmntent(f: *mut File, m: *const Mntent) -> c_int {
    // SAFETY: the caller's FILE and entry.
    unsafe {
        let m = &*m;
        if super::stdio::fseek(f, 0, 2) < 0 {
            return 1;
        }
        let mut nums = [0u8; 32];
        let mut n = 0;
        for v in [m.freq, m.passno] {
            let mut d = [0u8; 24];
            let digits = super::string::decimal(v as i64, &mut d);
            nums[n] = b' ';
            nums[n + 1..n + 1 + digits.len()].copy_from_slice(digits);
            n += 1 + digits.len();
        }
        let ok = put_escaped(f, m.fsname)
            && fputs(c" ".as_ptr(), f) >= 0
            && put_escaped(f, m.dir)
            && fputs(c" ".as_ptr(), f) >= 0
            && put_escaped(f, m.ty)
            && fputs(c" ".as_ptr(), f) >= 0
            && put_escaped(f, m.opts)
            && super::stdio::fwrite(nums.as_ptr().cast(), 1, n, f) == n
            && fputs(c"\n".as_ptr(), f) >= 0;
        if ok {
            0
        } else {
            1
        }
    }
}

/// The option `opt` in `m`'s comma-separated options (alone or as
/// `opt=value`), or NULL.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn hasmntopt(m: *const Mntent, opt: *const c_char) -> *mut c_char {
    // SAFETY: the caller's entry and option name.
    unsafe {
        let opts = (*m).opts;
        if opts.is_null() {
            return null_mut();
        }
        let all = core::ffi::CStr::from_ptr(opts).to_bytes();
        let want = core::ffi::CStr::from_ptr(opt).to_bytes();
        let mut start = 0;
        for part in all.split(|&c| c == b',') {
            if part.starts_with(want) && matches!(part.get(want.len()), None | Some(b'=')) {
                return opts.add(start);
            }
            start += part.len() + 1;
        }
        null_mut()
    }
}
