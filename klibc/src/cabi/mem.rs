//! `memcpy`, `memmove`, `memset`, `memcmp`, `bcmp` and `strlen`: the
//! compiler emits calls to these, and on a libc-free target somebody must
//! define them. Copies and fills use the arch's fast instructions; the
//! comparisons read through volatile loads so that the optimiser cannot turn
//! the loops back into calls to themselves.
//!
//! Under a fuzzer (`--cfg fuzzing`, set by cargo-fuzz) the parsers run on the
//! host, linked with libc and the sanitizers' interceptors: the symbols are
//! not exported there, so they cannot clash or shadow libc's.

use crate::arch;
use core::ffi::{c_char, c_int, c_void};

/// # Safety
/// C `memcpy` contract.
#[cfg_attr(not(fuzzing), no_mangle)]
pub unsafe extern "C" fn memcpy(dst: *mut c_void, src: *const c_void, n: usize) -> *mut c_void {
    unsafe { arch::copy_forward(dst.cast(), src.cast(), n) };
    dst
}

/// # Safety
/// C `memmove` contract.
#[cfg_attr(not(fuzzing), no_mangle)]
pub unsafe extern "C" fn memmove(dst: *mut c_void, src: *const c_void, n: usize) -> *mut c_void {
    if (dst as usize).wrapping_sub(src as usize) >= n {
        // dst is before src, or the ranges do not overlap.
        unsafe { arch::copy_forward(dst.cast(), src.cast(), n) };
    } else {
        unsafe { arch::copy_backward(dst.cast(), src.cast(), n) };
    }
    dst
}

/// # Safety
/// C `memset` contract.
#[cfg_attr(not(fuzzing), no_mangle)]
pub unsafe extern "C" fn memset(dst: *mut c_void, c: c_int, n: usize) -> *mut c_void {
    unsafe { arch::fill(dst.cast(), c as u8, n) };
    dst
}

/// # Safety
/// C `memcmp` contract.
#[cfg_attr(not(fuzzing), no_mangle)]
pub unsafe extern "C" fn memcmp(a: *const c_void, b: *const c_void, n: usize) -> c_int {
    let (a, b) = (a as *const u8, b as *const u8);
    for i in 0..n {
        let (x, y) = unsafe { (a.add(i).read_volatile(), b.add(i).read_volatile()) };
        if x != y {
            return x as c_int - y as c_int;
        }
    }
    0
}

/// # Safety
/// C `bcmp` contract.
#[cfg_attr(not(fuzzing), no_mangle)]
pub unsafe extern "C" fn bcmp(a: *const c_void, b: *const c_void, n: usize) -> c_int {
    unsafe { memcmp(a, b, n) }
}

/// # Safety
/// C `strlen` contract. Word at a time once aligned (an aligned word never
/// crosses a page); the reads are volatile, so the optimiser neither turns
/// the loop back into a call to strlen nor reasons about the bytes past the
/// terminator.
#[cfg_attr(not(fuzzing), no_mangle)]
pub unsafe extern "C" fn strlen(s: *const c_char) -> usize {
    const W: usize = core::mem::size_of::<usize>();
    const ONES: usize = usize::MAX / 255;
    const HIGHS: usize = ONES << 7;
    let mut p = s as *const u8;
    while (p as usize) & (W - 1) != 0 {
        if unsafe { p.read_volatile() } == 0 {
            return p as usize - s as usize;
        }
        p = unsafe { p.add(1) };
    }
    loop {
        let w = unsafe { (p as *const usize).read_volatile() };
        if (w.wrapping_sub(ONES) & !w & HIGHS) != 0 {
            break;
        }
        p = unsafe { p.add(W) };
    }
    while unsafe { p.read_volatile() } != 0 {
        p = unsafe { p.add(1) };
    }
    p as usize - s as usize
}
