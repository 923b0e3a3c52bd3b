//! The memory allocator behind Rust's `alloc` (and later C's malloc): small
//! blocks in power-of-two size classes from 16 bytes to 2 KiB, carved from
//! 64 KiB mmap'd chunks and recycled through per-class free lists; anything
//! larger is its own mapping, resized with mremap. Early userspace is one
//! thread, so a spin lock is only there to make the type `Sync`.
//!
//! Whether the last allocation failed is kept for the panic path (alloc's
//! error handler panics with a formatted message that klibc cannot print
//! without `core::fmt`). Built with `--cfg fault_injection` (a test-only
//! build the boot tests make; no feature turns it on), the Nth allocation
//! fails, N from the environment variable `klibc_fail_alloc` (the kernel
//! hands `klibc_fail_alloc=N` on its command line to init that way).

use crate::syscall::mm;
use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr::null_mut;
use core::sync::atomic::{AtomicBool, Ordering};

/// Whether the last allocation (or growth) returned null.
static LAST_FAILED: AtomicBool = AtomicBool::new(false);

/// Whether the most recent allocation failed: a panic right after one is
/// alloc's error handler (or code that gave up on the null).
pub fn last_failed() -> bool {
    LAST_FAILED.load(Ordering::Relaxed)
}

/// Records an allocation's outcome; returns it.
fn record(p: *mut u8) -> *mut u8 {
    LAST_FAILED.store(p.is_null(), Ordering::Relaxed);
    p
}

/// The test-only failing allocator (`--cfg fault_injection`).
#[cfg(fault_injection)]
mod inject {
    use core::sync::atomic::{AtomicUsize, Ordering};

    /// Allocations so far.
    static COUNT: AtomicUsize = AtomicUsize::new(0);

    /// Whether this allocation is the one `klibc_fail_alloc=N` says must
    /// fail (counting from 1; every allocation and growth counts).
    pub fn fail_now() -> bool {
        let n = COUNT.fetch_add(1, Ordering::Relaxed) + 1;
        let Some(v) = crate::rt::var("klibc_fail_alloc") else {
            return false;
        };
        let mut nth = 0usize;
        for &b in v.to_bytes() {
            if !b.is_ascii_digit() {
                return false;
            }
            nth = nth.saturating_mul(10).saturating_add(usize::from(b - b'0'));
        }
        n == nth
    }
}

#[cfg(not(fault_injection))]
mod inject {
    #[inline(always)]
    pub fn fail_now() -> bool {
        false
    }
}

const MIN_SHIFT: u32 = 4; // 16 bytes
const MAX_SHIFT: u32 = 11; // 2 KiB
const CLASSES: usize = (MAX_SHIFT - MIN_SHIFT + 1) as usize;
const CHUNK: usize = 64 * 1024;
const PAGE: usize = 4096;

struct State {
    free: [*mut u8; CLASSES],
    bump: *mut u8,
    bump_end: *mut u8,
}

/// The allocator; [`crate::main!`] installs one as the global allocator.
pub struct Allocator {
    lock: AtomicBool,
    state: UnsafeCell<State>,
}

// SAFETY: all access to `state` happens under `lock`.
unsafe impl Sync for Allocator {}

impl Allocator {
    pub const fn new() -> Self {
        Allocator {
            lock: AtomicBool::new(false),
            state: UnsafeCell::new(State {
                free: [null_mut(); CLASSES],
                bump: null_mut(),
                bump_end: null_mut(),
            }),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        while self
            .lock
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            core::hint::spin_loop();
        }
        // SAFETY: the lock gives us exclusive access.
        let r = f(unsafe { &mut *self.state.get() });
        self.lock.store(false, Ordering::Release);
        r
    }
}

impl Default for Allocator {
    fn default() -> Self {
        Self::new()
    }
}

/// The size class of a layout, or None for a large allocation.
fn class(layout: Layout) -> Option<usize> {
    let need = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    if need > 1 << MAX_SHIFT {
        return None;
    }
    let shift = usize::BITS - (need - 1).leading_zeros();
    Some((shift - MIN_SHIFT) as usize)
}

fn large_len(size: usize) -> usize {
    size.div_ceil(PAGE) * PAGE
}

impl State {
    /// # Safety
    /// Must hold the allocator lock.
    unsafe fn alloc_small(&mut self, c: usize) -> *mut u8 {
        let head = self.free[c];
        if !head.is_null() {
            // SAFETY: a free block stores the next free block in its first word.
            self.free[c] = unsafe { (head as *mut *mut u8).read() };
            return head;
        }
        let size = 1usize << (c as u32 + MIN_SHIFT);
        // Blocks are aligned to their size: chunks are page-aligned and every
        // class is a power of two no larger than a page.
        let mut p = (self.bump as usize).next_multiple_of(size);
        if self.bump.is_null() || p + size > self.bump_end as usize {
            let Ok(chunk) = mm::map_anonymous(CHUNK) else {
                return null_mut();
            };
            self.bump = chunk;
            self.bump_end = chunk.wrapping_add(CHUNK);
            p = chunk as usize;
        }
        self.bump = (p + size) as *mut u8;
        p as *mut u8
    }

    /// # Safety
    /// `p` must be a live block of class `c`; must hold the allocator lock.
    unsafe fn free_small(&mut self, p: *mut u8, c: usize) {
        unsafe { (p as *mut *mut u8).write(self.free[c]) };
        self.free[c] = p;
    }
}

// SAFETY: blocks never overlap: each comes from the free list or fresh bump
// space, and large ones are their own mappings.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if inject::fail_now() {
            return record(null_mut());
        }
        record(match class(layout) {
            // SAFETY: under the lock.
            Some(c) => self.with(|s| unsafe { s.alloc_small(c) }),
            None if layout.align() <= PAGE => {
                mm::map_anonymous(large_len(layout.size())).unwrap_or(null_mut())
            }
            None => null_mut(),
        })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match class(layout) {
            Some(_) => {
                let p = unsafe { self.alloc(layout) };
                if !p.is_null() {
                    unsafe { crate::arch::fill(p, 0, layout.size()) };
                }
                p
            }
            // Fresh anonymous mappings are already zero.
            None => unsafe { self.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        match class(layout) {
            // SAFETY: p was allocated with this layout, so it is of class c.
            Some(c) => self.with(|s| unsafe { s.free_small(p, c) }),
            None => {
                // SAFETY: p is a large mapping of this length, no longer used.
                let _ = unsafe { mm::unmap(p, large_len(layout.size())) };
            }
        }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees new_size with this alignment is a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // (a move to another class counts as the allocation it makes)
        record(match (class(layout), class(new_layout)) {
            (Some(a), Some(b)) if a == b => p,
            (None, None) if large_len(layout.size()) == large_len(new_size) => p,
            (None, None) if inject::fail_now() => null_mut(),
            (None, None) => {
                let (old, new) = (large_len(layout.size()), large_len(new_size));
                // SAFETY: p is a large mapping of `old` bytes.
                unsafe { mm::remap(p, old, new) }.unwrap_or(null_mut())
            }
            _ => {
                let q = unsafe { self.alloc(new_layout) };
                if !q.is_null() {
                    let n = layout.size().min(new_size);
                    unsafe {
                        crate::arch::copy_forward(q, p, n);
                        self.dealloc(p, layout);
                    }
                }
                q
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_allocation_is_remembered_until_the_next() {
        let a = Allocator::new();
        // More than any address space: the mapping fails.
        let huge = Layout::from_size_align(1 << 62, 8).unwrap();
        let small = Layout::from_size_align(24, 8).unwrap();
        unsafe {
            assert!(a.alloc(huge).is_null());
            assert!(last_failed());
            let p = a.alloc(small);
            assert!(!p.is_null());
            assert!(!last_failed());
            assert!(a.realloc(p, small, 1 << 62).is_null());
            assert!(last_failed());
            a.dealloc(p, small);
        }
    }
}
