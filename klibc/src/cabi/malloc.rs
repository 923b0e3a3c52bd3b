//! The memory allocator behind Rust's `alloc` (and later C's malloc): small
//! blocks in power-of-two size classes from 16 bytes to 2 KiB, carved from
//! 64 KiB mmap'd chunks and recycled through per-class free lists; anything
//! larger is its own mapping, resized with mremap. Early userspace is one
//! thread, so a spin lock is only there to make the type `Sync`.

use crate::syscall::mm;
use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr::null_mut;
use core::sync::atomic::{AtomicBool, Ordering};

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
        match class(layout) {
            // SAFETY: under the lock.
            Some(c) => self.with(|s| unsafe { s.alloc_small(c) }),
            None if layout.align() <= PAGE => {
                mm::map_anonymous(large_len(layout.size())).unwrap_or(null_mut())
            }
            None => null_mut(),
        }
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
        match (class(layout), class(new_layout)) {
            (Some(a), Some(b)) if a == b => p,
            (None, None) => {
                let (old, new) = (large_len(layout.size()), large_len(new_size));
                if old == new {
                    return p;
                }
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
        }
    }
}
