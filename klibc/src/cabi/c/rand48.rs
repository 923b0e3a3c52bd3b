//! The rand48 family: the 48-bit linear congruential generator POSIX
//! specifies (X' = 0x5DEECE66D·X + 0xB mod 2^48), on a global state
//! (srand48, seed48, lrand48, mrand48, drand48) or the caller's
//! (nrand48, jrand48, erand48). The global state starts at 0, as glibc's.

use core::ffi::{c_long, c_ushort};

const A: u64 = 0x5_DEEC_E66D;
const C: u64 = 0xB;
const MASK: u64 = (1 << 48) - 1;

static mut STATE: [c_ushort; 3] = [0; 3];
static mut OLD: [c_ushort; 3] = [0; 3];

fn load(x: &[c_ushort; 3]) -> u64 {
    x[0] as u64 | (x[1] as u64) << 16 | (x[2] as u64) << 32
}

fn store(x: &mut [c_ushort; 3], v: u64) {
    *x = [v as c_ushort, (v >> 16) as c_ushort, (v >> 32) as c_ushort];
}

/// Advances `x` and returns the new 48-bit value.
fn step(x: &mut [c_ushort; 3]) -> u64 {
    let v = (A.wrapping_mul(load(x)).wrapping_add(C)) & MASK;
    store(x, v);
    v
}

fn global() -> &'static mut [c_ushort; 3] {
    // SAFETY: single-threaded; the generator's own global.
    unsafe { &mut *(&raw mut STATE) }
}

#[no_mangle]
pub extern "C" fn srand48(seed: c_long) {
    store(global(), ((seed as u64 & 0xffff_ffff) << 16) | 0x330e);
}

/// # Safety
/// C contract (returns a static copy of the previous state).
#[no_mangle]
pub unsafe extern "C" fn seed48(seed: *const c_ushort) -> *mut c_ushort {
    // SAFETY: single-threaded statics; `seed` points to three shorts.
    unsafe {
        let old = &mut *(&raw mut OLD);
        *old = *global();
        *global() = seed.cast::<[c_ushort; 3]>().read();
        old.as_mut_ptr()
    }
}

/// 31 random bits, non-negative.
#[no_mangle]
pub extern "C" fn lrand48() -> c_long {
    (step(global()) >> 17) as c_long
}

/// 32 random bits as a signed value.
#[no_mangle]
pub extern "C" fn mrand48() -> c_long {
    (step(global()) >> 16) as u32 as i32 as c_long
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn nrand48(x: *mut c_ushort) -> c_long {
    // SAFETY: the caller's three shorts.
    (step(unsafe { &mut *x.cast::<[c_ushort; 3]>() }) >> 17) as c_long
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn jrand48(x: *mut c_ushort) -> c_long {
    // SAFETY: the caller's three shorts.
    (step(unsafe { &mut *x.cast::<[c_ushort; 3]>() }) >> 16) as u32 as i32 as c_long
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn erand48(x: *mut c_ushort) -> f64 {
    // SAFETY: the caller's three shorts.
    step(unsafe { &mut *x.cast::<[c_ushort; 3]>() }) as f64 / (1u64 << 48) as f64
}

#[no_mangle]
pub extern "C" fn drand48() -> f64 {
    step(global()) as f64 / (1u64 << 48) as f64
}
