//! C's malloc family on klibc's allocator (`cabi::malloc`), which is also
//! Rust's global allocator in a C program. C's `free` gets no size, so each
//! block starts with a 16-byte header holding the requested size; the
//! pointer C sees is just past it (16-byte aligned, as C wants).

use crate::cabi::malloc::Allocator;
use core::alloc::{GlobalAlloc, Layout};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

#[global_allocator]
static ALLOCATOR: Allocator = Allocator::new();

const HEADER: usize = 16;

fn layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.checked_add(HEADER)?, HEADER).ok()
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn malloc(size: usize) -> *mut c_void {
    let Some(l) = layout(size) else {
        super::errno::set(crate::Errno::NOMEM);
        return null_mut();
    };
    // SAFETY: a non-zero layout.
    let p = unsafe { ALLOCATOR.alloc(l) };
    if p.is_null() {
        super::errno::set(crate::Errno::NOMEM);
        return null_mut();
    }
    unsafe {
        (p as *mut usize).write(size);
        p.add(HEADER).cast()
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn free(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    unsafe {
        let base = (p as *mut u8).sub(HEADER);
        let size = (base as *const usize).read();
        if let Some(l) = layout(size) {
            ALLOCATOR.dealloc(base, l);
        }
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn calloc(n: usize, size: usize) -> *mut c_void {
    let Some(total) = n.checked_mul(size) else {
        super::errno::set(crate::Errno::NOMEM);
        return null_mut();
    };
    let Some(l) = layout(total) else {
        super::errno::set(crate::Errno::NOMEM);
        return null_mut();
    };
    let p = unsafe { ALLOCATOR.alloc_zeroed(l) };
    if p.is_null() {
        super::errno::set(crate::Errno::NOMEM);
        return null_mut();
    }
    unsafe {
        (p as *mut usize).write(total);
        p.add(HEADER).cast()
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn realloc(p: *mut c_void, size: usize) -> *mut c_void {
    if p.is_null() {
        return unsafe { malloc(size) };
    }
    let Some(new) = layout(size) else {
        super::errno::set(crate::Errno::NOMEM);
        return null_mut();
    };
    unsafe {
        let base = (p as *mut u8).sub(HEADER);
        let old = (base as *const usize).read();
        let Some(l) = layout(old) else {
            return null_mut();
        };
        let q = ALLOCATOR.realloc(base, l, new.size());
        if q.is_null() {
            super::errno::set(crate::Errno::NOMEM);
            return null_mut();
        }
        (q as *mut usize).write(size);
        q.add(HEADER).cast()
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn reallocarray(p: *mut c_void, n: usize, size: usize) -> *mut c_void {
    match n.checked_mul(size) {
        Some(total) => unsafe { realloc(p, total) },
        None => {
            super::errno::set(crate::Errno::NOMEM);
            null_mut()
        }
    }
}

/// # Safety
/// C contract. Alignments above 16 are not supported (ENOMEM... EINVAL).
#[no_mangle]
pub unsafe extern "C" fn posix_memalign(out: *mut *mut c_void, align: usize, size: usize) -> c_int {
    if align > HEADER || !align.is_power_of_two() {
        return crate::uapi::errno::EINVAL as c_int;
    }
    let p = unsafe { malloc(size) };
    if p.is_null() {
        return crate::uapi::errno::ENOMEM as c_int;
    }
    unsafe { *out = p };
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn aligned_alloc(align: usize, size: usize) -> *mut c_void {
    let mut p = null_mut();
    if unsafe { posix_memalign(&mut p, align, size) } != 0 {
        return null_mut();
    }
    p
}
