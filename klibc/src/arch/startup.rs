//! The initial process stack, as the kernel lays it out on every
//! architecture: `argc`, `argv[0..argc]`, NULL, `envp[..]`, NULL, then the
//! auxiliary vector of (key, value) pairs ending in AT_NULL. `_start` hands
//! its address to [`crate::rt::start`], which records it here once; the rest
//! of klibc reads argv, the environment and auxv through these safe accessors.

use core::ffi::{c_char, CStr};
use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

static ARGC: AtomicUsize = AtomicUsize::new(0);
static ARGV: AtomicPtr<*const c_char> = AtomicPtr::new(core::ptr::null_mut());
static ENVP: AtomicPtr<*const c_char> = AtomicPtr::new(core::ptr::null_mut());
static AUXV: AtomicPtr<usize> = AtomicPtr::new(core::ptr::null_mut());

/// Records the initial stack.
///
/// # Safety
/// `sp` must be the stack pointer the kernel handed to `_start`, and this must
/// run once, before anything reads the accessors below.
pub unsafe fn record(sp: *const usize) {
    unsafe {
        let argc = *sp;
        let argv = sp.add(1) as *mut *const c_char;
        let envp = argv.add(argc + 1);
        let mut p = envp;
        while !(*p).is_null() {
            p = p.add(1);
        }
        let auxv = p.add(1) as *mut usize;
        ARGC.store(argc, Ordering::Relaxed);
        ARGV.store(argv, Ordering::Relaxed);
        ENVP.store(envp, Ordering::Relaxed);
        AUXV.store(auxv, Ordering::Relaxed);
    }
}

/// Called by `_start` (see [`crate::main!`]) with the kernel's initial stack
/// pointer: records the stack, runs `main` and exits with its status.
///
/// # Safety
/// Only `_start` may call this, once, with the stack the kernel set up.
#[doc(hidden)]
pub unsafe fn start<T: crate::rt::Termination>(sp: *const usize, main: fn() -> T) -> ! {
    unsafe { record(sp) };
    crate::rt::exit(main().report())
}

/// Number of arguments (0 before start-up has run, e.g. in host tests).
pub fn argc() -> usize {
    ARGC.load(Ordering::Relaxed)
}

/// Argument `i`, if there is one.
pub fn arg(i: usize) -> Option<&'static CStr> {
    let argv = ARGV.load(Ordering::Relaxed);
    if argv.is_null() || i >= argc() {
        return None;
    }
    // SAFETY: recorded from the kernel's argv, which has argc valid pointers
    // to NUL-terminated strings that live as long as the process.
    unsafe {
        let p = *argv.add(i);
        (!p.is_null()).then(|| CStr::from_ptr(p))
    }
}

/// Environment entry `i` (`NAME=value`), if there is one.
pub fn env(i: usize) -> Option<&'static CStr> {
    let envp = ENVP.load(Ordering::Relaxed);
    if envp.is_null() {
        return None;
    }
    // SAFETY: envp is NULL-terminated; we never step past the NULL because
    // each earlier index returned Some.
    unsafe {
        let mut p = envp;
        for _ in 0..i {
            if (*p).is_null() {
                return None;
            }
            p = p.add(1);
        }
        let s = *p;
        (!s.is_null()).then(|| CStr::from_ptr(s))
    }
}

/// The raw environment block for execve: the kernel's NULL-terminated array.
pub fn environ() -> *const *const c_char {
    ENVP.load(Ordering::Relaxed)
}

/// The value of auxiliary vector entry `key` (an `AT_*` constant).
pub fn auxv(key: usize) -> Option<usize> {
    let mut p = AUXV.load(Ordering::Relaxed) as *const usize;
    if p.is_null() {
        return None;
    }
    // SAFETY: the auxiliary vector is a sequence of pairs ending in AT_NULL (0).
    unsafe {
        loop {
            let k = *p;
            if k == 0 {
                return None;
            }
            if k == key {
                return Some(*p.add(1));
            }
            p = p.add(2);
        }
    }
}
