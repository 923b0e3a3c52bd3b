//! pwd.h and grp.h from /etc/passwd and /etc/group: each lookup reads the
//! file and returns a static entry pointing into a static copy of the
//! matching line, as the traditional interfaces do.

use super::errno::csys;
use crate::uapi::general as g;
use core::ffi::{c_char, c_uint};
use core::ptr::null_mut;

#[repr(C)]
pub struct Passwd {
    pw_name: *mut c_char,
    pw_passwd: *mut c_char,
    pw_uid: c_uint,
    pw_gid: c_uint,
    pw_gecos: *mut c_char,
    pw_dir: *mut c_char,
    pw_shell: *mut c_char,
}

#[repr(C)]
pub struct Group {
    gr_name: *mut c_char,
    gr_passwd: *mut c_char,
    gr_gid: c_uint,
    gr_mem: *mut *mut c_char,
}

const LINE: usize = 1024;
const MEMBERS: usize = 64;

static mut PW_LINE: [u8; LINE] = [0; LINE];
static mut GR_LINE: [u8; LINE] = [0; LINE];
static mut GR_MEM: [*mut c_char; MEMBERS + 1] = [null_mut(); MEMBERS + 1];
static mut PW: Passwd = Passwd {
    pw_name: null_mut(),
    pw_passwd: null_mut(),
    pw_uid: 0,
    pw_gid: 0,
    pw_gecos: null_mut(),
    pw_dir: null_mut(),
    pw_shell: null_mut(),
};
static mut GR: Group = Group {
    gr_name: null_mut(),
    gr_passwd: null_mut(),
    gr_gid: 0,
    gr_mem: null_mut(),
};

/// Calls `f` with each line of `path` (without newline) until it returns
/// true; that line is left in `out`, NUL-terminated. Lines longer than the
/// buffer are skipped.
fn scan(path: &core::ffi::CStr, out: &mut [u8; LINE], mut f: impl FnMut(&[u8]) -> bool) -> bool {
    let fd = csys!(
        __NR_openat,
        g::AT_FDCWD,
        path.as_ptr(),
        g::O_RDONLY | g::O_CLOEXEC,
        0
    );
    if fd < 0 {
        return false;
    }
    let mut buf = [0u8; 4096];
    let mut line = [0u8; LINE];
    let mut n = 0usize;
    let mut long = false;
    let mut found = false;
    'read: loop {
        let r = csys!(__NR_read, fd, buf.as_mut_ptr(), buf.len());
        if r <= 0 {
            if n > 0 && !long && f(&line[..n]) {
                out[..n].copy_from_slice(&line[..n]);
                out[n] = 0;
                found = true;
            }
            break;
        }
        for &b in &buf[..r as usize] {
            if b == b'\n' {
                if !long && f(&line[..n]) {
                    out[..n].copy_from_slice(&line[..n]);
                    out[n] = 0;
                    found = true;
                    break 'read;
                }
                n = 0;
                long = false;
            } else if n + 1 < LINE {
                line[n] = b;
                n += 1;
            } else {
                long = true;
            }
        }
    }
    let _ = csys!(__NR_close, fd);
    found
}

fn field(line: &[u8], i: usize) -> &[u8] {
    line.split(|&b| b == b':').nth(i).unwrap_or(b"")
}

fn number(b: &[u8]) -> Option<c_uint> {
    core::str::from_utf8(b).ok()?.parse().ok()
}

/// Splits the static line at ':' into NUL-terminated fields.
fn split(line: &mut [u8; LINE], fields: &mut [*mut c_char]) {
    let mut start = 0;
    let mut k = 0;
    for i in 0..LINE {
        let b = line[i];
        if b == b':' || b == 0 {
            line[i] = 0;
            if let Some(slot) = fields.get_mut(k) {
                *slot = line[start..].as_mut_ptr().cast();
            }
            k += 1;
            start = i + 1;
            if b == 0 {
                break;
            }
        }
    }
    let empty = line.as_mut_ptr().wrapping_add(LINE - 1).cast::<c_char>();
    for f in fields.iter_mut().skip(k) {
        *f = empty;
    }
}

unsafe fn passwd_where(pred: impl Fn(&[u8]) -> bool) -> *mut Passwd {
    // SAFETY: single-threaded; the statics are only touched here.
    let line = unsafe { &mut *(&raw mut PW_LINE) };
    if !scan(c"/etc/passwd", line, |l| pred(l)) {
        return null_mut();
    }
    let (uid, gid) = {
        let len = line.iter().position(|&b| b == 0).unwrap_or(LINE);
        let l = &line[..len];
        (
            number(field(l, 2)).unwrap_or(0),
            number(field(l, 3)).unwrap_or(0),
        )
    };
    let mut f = [null_mut(); 7];
    split(line, &mut f);
    let pw = unsafe { &mut *(&raw mut PW) };
    *pw = Passwd {
        pw_name: f[0],
        pw_passwd: f[1],
        pw_uid: uid,
        pw_gid: gid,
        pw_gecos: f[4],
        pw_dir: f[5],
        pw_shell: f[6],
    };
    pw
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getpwnam(name: *const c_char) -> *mut Passwd {
    let name = unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes();
    unsafe { passwd_where(|l| field(l, 0) == name) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getpwuid(uid: c_uint) -> *mut Passwd {
    unsafe { passwd_where(|l| number(field(l, 2)) == Some(uid)) }
}

unsafe fn group_where(pred: impl Fn(&[u8]) -> bool) -> *mut Group {
    // SAFETY: single-threaded; the statics are only touched here.
    let line = unsafe { &mut *(&raw mut GR_LINE) };
    if !scan(c"/etc/group", line, |l| pred(l)) {
        return null_mut();
    }
    let gid = {
        let len = line.iter().position(|&b| b == 0).unwrap_or(LINE);
        number(field(&line[..len], 2)).unwrap_or(0)
    };
    let mut f = [null_mut(); 4];
    split(line, &mut f);
    let mem = unsafe { &mut *(&raw mut GR_MEM) };
    let mut k = 0;
    // Members: comma-separated in the fourth field.
    let mut p = f[3] as *mut u8;
    unsafe {
        if *p != 0 {
            mem[0] = p.cast();
            k = 1;
            while *p != 0 {
                if *p == b',' {
                    *p = 0;
                    if k < MEMBERS {
                        mem[k] = p.add(1).cast();
                        k += 1;
                    }
                }
                p = p.add(1);
            }
        }
    }
    mem[k] = null_mut();
    let gr = unsafe { &mut *(&raw mut GR) };
    *gr = Group {
        gr_name: f[0],
        gr_passwd: f[1],
        gr_gid: gid,
        gr_mem: mem.as_mut_ptr(),
    };
    gr
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getgrnam(name: *const c_char) -> *mut Group {
    let name = unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes();
    unsafe { group_where(|l| field(l, 0) == name) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getgrgid(gid: c_uint) -> *mut Group {
    unsafe { group_where(|l| number(field(l, 2)) == Some(gid)) }
}

/// The login name: $LOGNAME, as there is no utmp in early userspace.
#[no_mangle]
pub extern "C" fn getlogin() -> *mut c_char {
    // SAFETY: a constant C string.
    unsafe { super::start::getenv(c"LOGNAME".as_ptr()) }
}
