//! realpath: a path made absolute with every `.`, `..` and symbolic link
//! resolved, component by component with lstat and readlink (as glibc; no
//! /proc needed, which early userspace may not have mounted yet). At most
//! 40 links are followed (ELOOP after), results up to PATH_MAX bytes.

use super::errno;
use crate::uapi::general as g;
use core::ffi::{c_char, c_int};

const MAX: usize = g::PATH_MAX as usize;
const MAXSYMLINKS: usize = 40;

/// Resolves `path` into `out` (NUL-terminated); the length, or the errno.
fn resolve(path: &[u8], out: &mut [u8; MAX]) -> Result<usize, c_int> {
    use crate::uapi::errno as e;
    if path.is_empty() {
        return Err(e::ENOENT as c_int);
    }
    // What is left to walk, kept at the end of `rest` (links prepend).
    let mut rest = [0u8; MAX];
    if path.len() >= MAX {
        return Err(e::ENAMETOOLONG as c_int);
    }
    let mut start = MAX - path.len();
    rest[start..].copy_from_slice(path);
    let mut n;
    if path[0] == b'/' {
        out[0] = b'/';
        n = 1;
    } else {
        // SAFETY: `out` has MAX bytes.
        if unsafe { super::unistd::getcwd(out.as_mut_ptr().cast(), MAX) }.is_null() {
            return Err(errno::get());
        }
        n = out.iter().position(|&b| b == 0).unwrap_or(MAX);
    }
    let mut links = 0;
    while start < MAX {
        // The next component.
        while start < MAX && rest[start] == b'/' {
            start += 1;
        }
        let end = rest[start..]
            .iter()
            .position(|&b| b == b'/')
            .map_or(MAX, |i| start + i);
        let comp = &rest[start..end];
        let next = end;
        if comp.is_empty() || comp == b"." {
            start = next;
            continue;
        }
        if comp == b".." {
            while n > 1 && out[n - 1] != b'/' {
                n -= 1;
            }
            if n > 1 {
                n -= 1;
            }
            start = next;
            continue;
        }
        let before = n;
        if n > 1 {
            out[n] = b'/';
            n += 1;
        }
        if n + comp.len() + 1 > MAX {
            return Err(e::ENAMETOOLONG as c_int);
        }
        out[n..n + comp.len()].copy_from_slice(comp);
        n += comp.len();
        out[n] = 0;
        let mut st = core::mem::MaybeUninit::<g::stat>::uninit();
        // SAFETY: `out` is NUL-terminated; `st` is a struct stat.
        if unsafe { super::unistd::lstat(out.as_ptr().cast(), st.as_mut_ptr()) } < 0 {
            return Err(errno::get());
        }
        // SAFETY: lstat filled it.
        let mode = unsafe { st.assume_init() }.st_mode;
        if mode & g::S_IFMT == g::S_IFLNK {
            links += 1;
            if links > MAXSYMLINKS {
                return Err(e::ELOOP as c_int);
            }
            let mut target = [0u8; MAX];
            // SAFETY: `out` is NUL-terminated; `target` has MAX bytes.
            let len = unsafe {
                super::unistd::readlink(out.as_ptr().cast(), target.as_mut_ptr().cast(), MAX)
            };
            if len < 0 {
                return Err(errno::get());
            }
            let len = len as usize;
            // The target, then (after a slash) what was left after this
            // component, which is already at the end of `rest`.
            let tail = MAX - next;
            let sep = usize::from(tail > 0);
            if len + sep + tail > MAX {
                return Err(e::ENAMETOOLONG as c_int);
            }
            let new_start = MAX - tail - sep - len;
            if sep == 1 {
                rest[MAX - tail - 1] = b'/';
            }
            rest[new_start..new_start + len].copy_from_slice(&target[..len]);
            start = new_start;
            n = if target[0] == b'/' { 1 } else { before };
            if n == 1 {
                out[0] = b'/';
            }
            continue;
        }
        if next < MAX && mode & g::S_IFMT != g::S_IFDIR {
            return Err(e::ENOTDIR as c_int);
        }
        start = next;
    }
    out[n] = 0;
    Ok(n)
}

/// # Safety
/// C contract (a NULL `resolved` gets a malloc'd result).
#[no_mangle]
pub unsafe extern "C" fn realpath(path: *const c_char, resolved: *mut c_char) -> *mut c_char {
    if path.is_null() {
        errno::set(crate::Errno::INVAL);
        return core::ptr::null_mut();
    }
    let mut out = [0u8; MAX];
    // SAFETY: a NUL-terminated path (the caller's contract).
    let p = unsafe { core::ffi::CStr::from_ptr(path) }.to_bytes();
    match resolve(p, &mut out) {
        Ok(n) => {
            let dst = if resolved.is_null() {
                // SAFETY: a fresh allocation of n + 1 bytes.
                let m = unsafe { super::malloc::malloc(n + 1) } as *mut c_char;
                if m.is_null() {
                    return m;
                }
                m
            } else {
                resolved
            };
            // SAFETY: `dst` has room for n + 1 bytes (PATH_MAX or ours).
            unsafe { crate::arch::copy_forward(dst.cast(), out.as_ptr(), n + 1) };
            dst
        }
        Err(e) => {
            errno::set_raw(e);
            core::ptr::null_mut()
        }
    }
}
