//! dirent.h: directory streams over getdents64. A `DIR` holds the
//! descriptor, a buffer of kernel records and one `struct dirent` that
//! readdir fills and returns.

use super::errno::csys;
use super::malloc::{free, malloc};
use crate::uapi::general as g;
use core::ffi::{c_char, c_int};
use core::ptr::null_mut;

const BUF: usize = 4096;

/// C's `struct dirent` (klibc/include/dirent.h).
#[repr(C)]
pub struct Dirent {
    d_ino: u64,
    d_off: i64,
    d_reclen: u16,
    d_type: u8,
    d_name: [u8; 256],
}

/// C's `DIR`.
#[repr(C)]
pub struct Dir {
    fd: c_int,
    pos: usize,
    len: usize,
    ent: Dirent,
    buf: [u8; BUF],
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fdopendir(fd: c_int) -> *mut Dir {
    let d = unsafe { malloc(core::mem::size_of::<Dir>()) } as *mut Dir;
    if d.is_null() {
        return d;
    }
    unsafe {
        (*d).fd = fd;
        (*d).pos = 0;
        (*d).len = 0;
    }
    d
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn opendir(path: *const c_char) -> *mut Dir {
    let fd = csys!(
        __NR_openat,
        g::AT_FDCWD,
        path,
        g::O_RDONLY | g::O_DIRECTORY | g::O_CLOEXEC,
        0
    );
    if fd < 0 {
        return null_mut();
    }
    let d = unsafe { fdopendir(fd as c_int) };
    if d.is_null() {
        let _ = csys!(__NR_close, fd);
    }
    d
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn readdir(d: *mut Dir) -> *mut Dirent {
    let dir = unsafe { &mut *d };
    if dir.pos >= dir.len {
        let n = csys!(__NR_getdents64, dir.fd, dir.buf.as_mut_ptr(), BUF);
        if n <= 0 {
            return null_mut();
        }
        dir.pos = 0;
        dir.len = n as usize;
    }
    // Record layout: d_ino u64, d_off i64, d_reclen u16, d_type u8, name.
    let rec = &dir.buf[dir.pos..dir.len];
    let word = |at: usize| u64::from_ne_bytes(rec[at..at + 8].try_into().unwrap_or([0; 8]));
    let reclen = u16::from_ne_bytes([rec[16], rec[17]]) as usize;
    let name = &rec[19..reclen.min(rec.len())];
    let nlen = name
        .iter()
        .position(|&b| b == 0)
        .unwrap_or(name.len())
        .min(255);
    dir.ent.d_ino = word(0);
    dir.ent.d_off = word(8) as i64;
    dir.ent.d_reclen = core::mem::size_of::<Dirent>() as u16;
    dir.ent.d_type = rec[18];
    dir.ent.d_name[..nlen].copy_from_slice(&name[..nlen]);
    dir.ent.d_name[nlen] = 0;
    dir.pos += reclen.max(1);
    &mut dir.ent
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn closedir(d: *mut Dir) -> c_int {
    let fd = unsafe { (*d).fd };
    unsafe { free(d.cast()) };
    csys!(__NR_close, fd) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn rewinddir(d: *mut Dir) {
    unsafe {
        let _ = csys!(__NR_lseek, (*d).fd, 0, g::SEEK_SET);
        (*d).pos = 0;
        (*d).len = 0;
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn dirfd(d: *mut Dir) -> c_int {
    unsafe { (*d).fd }
}
