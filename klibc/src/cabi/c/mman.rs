//! sys/mman.h and the program break: memory mappings, their protection and
//! locking (one system call each), brk/sbrk, and POSIX shared memory
//! objects, which are files in /dev/shm as glibc has them.

use super::errno::{self, csys};
use core::ffi::{c_char, c_int, c_uint, c_void};

macro_rules! cint {
    ($($t:tt)*) => { csys!($($t)*) as c_int };
}

const MAP_FAILED: *mut c_void = usize::MAX as *mut c_void;

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mmap(
    addr: *mut c_void,
    len: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    off: i64,
) -> *mut c_void {
    let r = csys!(__NR_mmap, addr, len, prot, flags, fd, off);
    if r == -1 {
        MAP_FAILED
    } else {
        r as *mut c_void
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn munmap(addr: *mut c_void, len: usize) -> c_int {
    cint!(__NR_munmap, addr, len)
}

/// mremap; the fifth argument (the new address) only counts with
/// MREMAP_FIXED, which C passes through the variadic tail in the same
/// register a fifth named argument takes.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mremap(
    addr: *mut c_void,
    old: usize,
    new: usize,
    flags: c_int,
    new_addr: *mut c_void,
) -> *mut c_void {
    let fixed = flags as c_uint & crate::uapi::general::MREMAP_FIXED != 0;
    let to = if fixed {
        new_addr
    } else {
        core::ptr::null_mut()
    };
    let r = csys!(__NR_mremap, addr, old, new, flags, to);
    if r == -1 {
        MAP_FAILED
    } else {
        r as *mut c_void
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn msync(addr: *mut c_void, len: usize, flags: c_int) -> c_int {
    cint!(__NR_msync, addr, len, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mprotect(addr: *mut c_void, len: usize, prot: c_int) -> c_int {
    cint!(__NR_mprotect, addr, len, prot)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int {
    cint!(__NR_madvise, addr, len, advice)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mlock(addr: *const c_void, len: usize) -> c_int {
    cint!(__NR_mlock, addr, len)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn munlock(addr: *const c_void, len: usize) -> c_int {
    cint!(__NR_munlock, addr, len)
}

#[no_mangle]
pub extern "C" fn mlockall(flags: c_int) -> c_int {
    cint!(__NR_mlockall, flags)
}

#[no_mangle]
pub extern "C" fn munlockall() -> c_int {
    cint!(__NR_munlockall)
}

/// The program break as this library last set or saw it (0: not asked yet).
static mut BREAK: usize = 0;

/// The kernel's brk: returns the break it settled on (the old one when it
/// refused).
fn kernel_brk(to: usize) -> usize {
    // SAFETY: brk takes an address and returns one; it never fails as such.
    unsafe { crate::arch::syscall1(crate::uapi::general::__NR_brk as usize, to) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn brk(to: *mut c_void) -> c_int {
    let got = kernel_brk(to as usize);
    // SAFETY: single-threaded; a plain global.
    unsafe { BREAK = got };
    if got < to as usize {
        errno::set(crate::Errno::NOMEM);
        return -1;
    }
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sbrk(inc: isize) -> *mut c_void {
    // SAFETY: single-threaded; a plain global.
    unsafe {
        if BREAK == 0 {
            BREAK = kernel_brk(0);
        }
        let old = BREAK;
        if inc == 0 {
            return old as *mut c_void;
        }
        let Some(to) = old.checked_add_signed(inc) else {
            errno::set(crate::Errno::NOMEM);
            return MAP_FAILED;
        };
        if brk(to as *mut c_void) < 0 {
            return MAP_FAILED;
        }
        old as *mut c_void
    }
}

/// "/dev/shm/" + `name` without its leading slashes, NUL-terminated, or
/// EINVAL for an empty name, one with a slash inside, "." or "..".
unsafe fn shm_path(name: *const c_char, buf: &mut [u8; 256]) -> Option<*const c_char> {
    // SAFETY: a NUL-terminated name (the caller's contract).
    let mut n = unsafe { core::ffi::CStr::from_ptr(name).to_bytes() };
    while let [b'/', rest @ ..] = n {
        n = rest;
    }
    const DIR: &[u8] = b"/dev/shm/";
    if n.is_empty() || n.contains(&b'/') || n == b"." || n == b".." {
        errno::set(crate::Errno::INVAL);
        return None;
    }
    if DIR.len() + n.len() + 1 > buf.len() {
        errno::set(crate::Errno::NAMETOOLONG);
        return None;
    }
    buf[..DIR.len()].copy_from_slice(DIR);
    buf[DIR.len()..DIR.len() + n.len()].copy_from_slice(n);
    buf[DIR.len() + n.len()] = 0;
    Some(buf.as_ptr().cast())
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn shm_open(name: *const c_char, flags: c_int, mode: c_uint) -> c_int {
    let mut buf = [0u8; 256];
    let Some(path) = (unsafe { shm_path(name, &mut buf) }) else {
        return -1;
    };
    let g = crate::uapi::general::O_NOFOLLOW | crate::uapi::general::O_CLOEXEC;
    unsafe { super::unistd::open(path, flags | g as c_int, mode) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn shm_unlink(name: *const c_char) -> c_int {
    let mut buf = [0u8; 256];
    let Some(path) = (unsafe { shm_path(name, &mut buf) }) else {
        return -1;
    };
    unsafe { super::unistd::unlink(path) }
}
