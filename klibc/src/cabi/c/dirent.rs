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

type Filter = unsafe extern "C" fn(*const Dirent) -> c_int;
type Compare = unsafe extern "C" fn(*const *const Dirent, *const *const Dirent) -> c_int;

/// Reads a whole directory into a malloc'd array of malloc'd entries
/// (those `filter` keeps), sorted with `compare` when given; returns how
/// many, or -1 with nothing allocated left behind.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn scandir(
    path: *const c_char,
    out: *mut *mut *mut Dirent,
    filter: Option<Filter>,
    compare: Option<Compare>,
) -> c_int {
    use super::malloc::realloc;
    // SAFETY: our own DIR and the caller's pointers, per its contract.
    unsafe {
        let d = opendir(path);
        if d.is_null() {
            return -1;
        }
        let mut list: *mut *mut Dirent = null_mut();
        let (mut n, mut cap) = (0usize, 0usize);
        let fail = |list: *mut *mut Dirent, n: usize, d: *mut Dir| {
            for i in 0..n {
                free((*list.add(i)).cast());
            }
            free(list.cast());
            closedir(d);
            -1
        };
        super::errno::set_raw(0);
        loop {
            let e = readdir(d);
            if e.is_null() {
                if super::errno::get() != 0 {
                    return fail(list, n, d);
                }
                break;
            }
            if let Some(f) = filter {
                if f(e) == 0 {
                    continue;
                }
            }
            if n == cap {
                cap = if cap == 0 { 16 } else { cap * 2 };
                let grown = realloc(list.cast(), cap * core::mem::size_of::<*mut Dirent>());
                if grown.is_null() {
                    return fail(list, n, d);
                }
                list = grown.cast();
            }
            let copy = malloc(core::mem::size_of::<Dirent>()) as *mut Dirent;
            if copy.is_null() {
                return fail(list, n, d);
            }
            copy.write(e.read());
            *list.add(n) = copy;
            n += 1;
        }
        closedir(d);
        if let Some(c) = compare {
            // SAFETY: qsort's comparator gets pointers to the array's
            // elements, which are `*mut Dirent`: the C signature is the same.
            let cmp = core::mem::transmute::<
                Compare,
                unsafe extern "C" fn(*const core::ffi::c_void, *const core::ffi::c_void) -> c_int,
            >(c);
            super::stdlib::qsort(list.cast(), n, core::mem::size_of::<*mut Dirent>(), cmp);
        }
        *out = list;
        n as c_int
    }
}

/// Orders entries by name with strcoll (bytes, in the C locale).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn alphasort(a: *const *const Dirent, b: *const *const Dirent) -> c_int {
    // SAFETY: two entries' pointers (qsort's contract).
    unsafe { super::string::strcoll((**a).d_name.as_ptr().cast(), (**b).d_name.as_ptr().cast()) }
}
