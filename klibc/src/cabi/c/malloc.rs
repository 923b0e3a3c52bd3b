//! C's malloc family on klibc's allocator (`cabi::malloc`), which is also
//! Rust's global allocator in a C program. C's `free` gets no size, so each
//! block starts with a 16-byte header: the size C asked for and the capacity
//! of the block behind it. Small blocks get their whole size class (so
//! realloc can grow in place); large ones are page-rounded mappings, and a
//! few freed ones are kept for reuse, because programs like dash allocate and
//! free the same few-KiB blocks at a high rate and a mapping per malloc would
//! cost two system calls each time.

use crate::cabi::malloc::Allocator;
use core::alloc::{GlobalAlloc, Layout};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

#[global_allocator]
static ALLOCATOR: Allocator = Allocator::new();

const HEADER: usize = 16;
/// In a header's capacity word: the block is an over-aligned one inside a
/// plain block, this many bytes after that block's C pointer.
const ALIGNED: usize = 1 << (usize::BITS - 1);
/// Largest block the allocator serves from its size classes.
const SMALL_MAX: usize = 2048;
const PAGE: usize = 4096;
/// Freed large blocks kept for reuse, and the most memory they may hold.
const CACHE_SLOTS: usize = 8;
const CACHE_BYTES: usize = 8 << 20;

struct Cache {
    blocks: [(*mut u8, usize); CACHE_SLOTS],
    bytes: usize,
}

static mut CACHE: Cache = Cache {
    blocks: [(null_mut(), 0); CACHE_SLOTS],
    bytes: 0,
};

/// The capacity of a block for `size` bytes of C data, header included.
fn capacity(size: usize) -> Option<usize> {
    let total = size.checked_add(HEADER)?;
    if total <= SMALL_MAX {
        Some(total.next_power_of_two().max(HEADER))
    } else {
        total.checked_next_multiple_of(PAGE)
    }
}

fn layout(cap: usize) -> Layout {
    // SAFETY: capacities are non-zero multiples of 16, far below isize::MAX
    // (checked_add/checked_next_multiple_of above).
    unsafe { Layout::from_size_align_unchecked(cap, HEADER) }
}

/// A cached large block of at least `cap` bytes (and not wastefully more).
fn take_cached(cap: usize) -> Option<(*mut u8, usize)> {
    // SAFETY: single-threaded; only malloc/free touch the cache.
    let cache = unsafe { &mut *(&raw mut CACHE) };
    let mut best: Option<usize> = None;
    for (i, &(p, c)) in cache.blocks.iter().enumerate() {
        if !p.is_null() && c >= cap && c <= cap * 2 && best.is_none_or(|b| c < cache.blocks[b].1) {
            best = Some(i);
        }
    }
    let i = best?;
    let block = cache.blocks[i];
    cache.blocks[i] = (null_mut(), 0);
    cache.bytes -= block.1;
    Some(block)
}

/// Keeps a freed large block for reuse; false if the cache is full.
fn put_cached(p: *mut u8, cap: usize) -> bool {
    // SAFETY: as in `take_cached`.
    let cache = unsafe { &mut *(&raw mut CACHE) };
    if cache.bytes + cap > CACHE_BYTES {
        return false;
    }
    match cache.blocks.iter_mut().find(|b| b.0.is_null()) {
        Some(slot) => {
            *slot = (p, cap);
            cache.bytes += cap;
            true
        }
        None => false,
    }
}

/// Allocates a block of capacity `cap`; the bool says it is known zeroed.
unsafe fn block(cap: usize) -> Option<(*mut u8, bool)> {
    if cap > SMALL_MAX {
        if let Some((p, c)) = take_cached(cap) {
            unsafe { (p as *mut usize).add(1).write(c) };
            return Some((p, false));
        }
    }
    // SAFETY: a non-zero layout.
    let p = unsafe { ALLOCATOR.alloc(layout(cap)) };
    if p.is_null() {
        return None;
    }
    unsafe { (p as *mut usize).add(1).write(cap) };
    // Fresh large blocks are new anonymous mappings: zero.
    Some((p, cap > SMALL_MAX))
}

unsafe fn finish(p: *mut u8, size: usize) -> *mut c_void {
    unsafe {
        (p as *mut usize).write(size);
        p.add(HEADER).cast()
    }
}

fn nomem() -> *mut c_void {
    super::errno::set(crate::Errno::NOMEM);
    null_mut()
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn malloc(size: usize) -> *mut c_void {
    let Some(cap) = capacity(size) else {
        return nomem();
    };
    match unsafe { block(cap) } {
        Some((p, _)) => unsafe { finish(p, size) },
        None => nomem(),
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
        let cap = (base as *const usize).add(1).read();
        if cap & ALIGNED != 0 {
            return free((p as *mut u8).sub(cap & !ALIGNED).cast());
        }
        if cap > SMALL_MAX && put_cached(base, cap) {
            return;
        }
        ALLOCATOR.dealloc(base, layout(cap));
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn calloc(n: usize, size: usize) -> *mut c_void {
    let Some(total) = n.checked_mul(size) else {
        return nomem();
    };
    let Some(cap) = capacity(total) else {
        return nomem();
    };
    match unsafe { block(cap) } {
        Some((p, zeroed)) => unsafe {
            if !zeroed {
                crate::arch::fill(p.add(HEADER), 0, total);
            }
            finish(p, total)
        },
        None => nomem(),
    }
}

/// klibc's zeroed malloc.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn zalloc(size: usize) -> *mut c_void {
    unsafe { calloc(1, size) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn realloc(p: *mut c_void, size: usize) -> *mut c_void {
    if p.is_null() {
        return unsafe { malloc(size) };
    }
    let Some(new_cap) = capacity(size) else {
        return nomem();
    };
    unsafe {
        let base = (p as *mut u8).sub(HEADER);
        let (old_size, cap) = (
            (base as *const usize).read(),
            (base as *const usize).add(1).read(),
        );
        if cap & ALIGNED != 0 {
            // Over-aligned blocks move (realloc keeps no alignment).
            let q = malloc(size);
            if !q.is_null() {
                crate::arch::copy_forward(q.cast(), p.cast(), old_size.min(size));
                free(p);
            }
            return q;
        }
        if new_cap <= cap && (cap <= SMALL_MAX || new_cap > SMALL_MAX) {
            // Fits where it is (a large block stays large: it may shrink later).
            return finish(base, size);
        }
        if cap > SMALL_MAX && new_cap > SMALL_MAX {
            // Both large: let the allocator move the mapping (mremap).
            let q = ALLOCATOR.realloc(base, layout(cap), new_cap);
            if q.is_null() {
                return nomem();
            }
            (q as *mut usize).add(1).write(new_cap);
            return finish(q, size);
        }
        let q = malloc(size);
        if q.is_null() {
            return q;
        }
        crate::arch::copy_forward(q.cast(), p.cast(), old_size.min(size));
        free(p);
        q
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn reallocarray(p: *mut c_void, n: usize, size: usize) -> *mut c_void {
    match n.checked_mul(size) {
        Some(total) => unsafe { realloc(p, total) },
        None => nomem(),
    }
}

/// Alignments up to 16 are every block's; larger ones are a block inside a
/// plain one of `size + align + 16` bytes, behind a header of its own that
/// points free and realloc to the outer block.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn posix_memalign(out: *mut *mut c_void, align: usize, size: usize) -> c_int {
    if !align.is_power_of_two() || align & (core::mem::size_of::<usize>() - 1) != 0 {
        return crate::uapi::errno::EINVAL as c_int;
    }
    let p = if align <= HEADER {
        unsafe { malloc(size) }
    } else {
        let Some(total) = size.checked_add(align).and_then(|t| t.checked_add(HEADER)) else {
            return crate::uapi::errno::ENOMEM as c_int;
        };
        let outer = unsafe { malloc(total) } as *mut u8;
        if outer.is_null() {
            null_mut()
        } else {
            let offset = (outer as usize + HEADER).next_multiple_of(align) - outer as usize;
            // SAFETY: offset + size <= total, and offset >= HEADER leaves room
            // for the inner header after the outer block's start.
            unsafe {
                let inner = outer.add(offset);
                finish(inner.sub(HEADER), size);
                (inner.sub(HEADER) as *mut usize)
                    .add(1)
                    .write(ALIGNED | offset);
                inner.cast()
            }
        }
    };
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
    let align = if align.is_power_of_two() {
        align.max(HEADER)
    } else {
        align
    };
    match unsafe { posix_memalign(&mut p, align, size) } {
        0 => p,
        e => {
            super::errno::set_raw(e);
            null_mut()
        }
    }
}
