//! Memory mappings for the allocator: anonymous private mmap, munmap, mremap.

use super::sys;
use crate::errno::Result;
use crate::uapi::general as g;

/// Maps `len` bytes of zeroed, private, read-write memory.
pub fn map_anonymous(len: usize) -> Result<*mut u8> {
    // SAFETY: an anonymous mapping at an address of the kernel's choosing
    // touches no existing memory.
    unsafe {
        sys!(
            __NR_mmap,
            0usize,
            len,
            g::PROT_READ | g::PROT_WRITE,
            g::MAP_PRIVATE | g::MAP_ANONYMOUS,
            -1isize,
            0usize
        )
        .map(|p| p as *mut u8)
    }
}

/// Unmaps memory.
///
/// # Safety
/// `[ptr, ptr + len)` must be a mapping from [`map_anonymous`] that nothing
/// uses any more.
pub unsafe fn unmap(ptr: *mut u8, len: usize) -> Result<()> {
    unsafe { sys!(__NR_munmap, ptr, len).map(drop) }
}

/// Grows or shrinks a mapping, moving it if needed; returns the new address.
///
/// # Safety
/// `[ptr, ptr + old)` must be a mapping from [`map_anonymous`]; after
/// success only the returned address may be used.
pub unsafe fn remap(ptr: *mut u8, old: usize, new: usize) -> Result<*mut u8> {
    unsafe { sys!(__NR_mremap, ptr, old, new, g::MREMAP_MAYMOVE).map(|p| p as *mut u8) }
}
