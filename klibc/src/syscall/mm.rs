//! Memory mappings for the allocator: anonymous private mmap, munmap, mremap.

use super::sys;
use crate::errno::Result;
use crate::uapi::general as g;

/// Maps `len` bytes of zeroed, private, read-write memory.
pub fn map_anonymous(len: usize) -> Result<*mut u8> {
    let args = [
        0usize,
        len,
        (g::PROT_READ | g::PROT_WRITE) as usize,
        (g::MAP_PRIVATE | g::MAP_ANONYMOUS) as usize,
        -1isize as usize,
        0usize,
    ];
    // SAFETY: an anonymous mapping at an address of the kernel's choosing
    // touches no existing memory.
    unsafe { mmap(&args).map(|p| p as *mut u8) }
}

/// mmap(2) with its six arguments.
///
/// # Safety
/// As mmap(2): the mapping must not replace memory in use.
#[cfg(all(target_pointer_width = "64", not(target_arch = "s390x")))]
unsafe fn mmap(a: &[usize; 6]) -> Result<usize> {
    unsafe { sys!(__NR_mmap, a[0], a[1], a[2], a[3], a[4], a[5]) }
}

/// 32-bit arches: mmap2, whose offset counts pages (ours is always 0).
///
/// # Safety
/// As mmap(2).
#[cfg(target_pointer_width = "32")]
unsafe fn mmap(a: &[usize; 6]) -> Result<usize> {
    unsafe { sys!(__NR_mmap2, a[0], a[1], a[2], a[3], a[4], a[5]) }
}

/// s390x's mmap is the old one: its six arguments in memory, the address
/// of the block in the only register.
///
/// # Safety
/// As mmap(2).
#[cfg(target_arch = "s390x")]
unsafe fn mmap(a: &[usize; 6]) -> Result<usize> {
    unsafe { sys!(__NR_mmap, a.as_ptr()) }
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
