//! Copies and fills for architectures without a fast string instruction
//! wired up here (every one but x86_64): byte loops through volatile accesses,
//! so that the compiler cannot turn them back into calls to memcpy/memset
//! (which are built on these very functions).

/// Copies `n` bytes forward.
///
/// # Safety
/// As `memcpy`: both ranges valid; overlap only with `dst <= src`.
#[inline(always)]
pub unsafe fn copy_forward(dst: *mut u8, src: *const u8, n: usize) {
    for i in 0..n {
        unsafe { dst.add(i).write_volatile(src.add(i).read_volatile()) };
    }
}

/// Copies `n` bytes backward, for overlapping moves with `dst > src`.
///
/// # Safety
/// Both ranges valid.
#[inline(always)]
pub unsafe fn copy_backward(dst: *mut u8, src: *const u8, n: usize) {
    for i in (0..n).rev() {
        unsafe { dst.add(i).write_volatile(src.add(i).read_volatile()) };
    }
}

/// Fills `n` bytes with `c`.
///
/// # Safety
/// The range must be valid for writes.
#[inline(always)]
pub unsafe fn fill(dst: *mut u8, c: u8, n: usize) {
    for i in 0..n {
        unsafe { dst.add(i).write_volatile(c) };
    }
}
