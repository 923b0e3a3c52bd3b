//! signal.h: sigaction on rt_sigaction, signal() with BSD semantics as
//! glibc has them, masks, raise/kill, and the C halves of
//! sigsetjmp/siglongjmp. `struct sigaction` and `sigset_t` are the kernel's
//! (asm/signal.h), so they pass straight through: `sigset_t` is an unsigned
//! long on x86_64 and asm-generic's array of them elsewhere, handled here
//! as words. A handler returns through rt_sigreturn: on x86_64 the kernel
//! requires our `__restore_rt` (SA_RESTORER); the other arches return
//! through the kernel's own trampoline (the vDSO's sigtramp on arm64 and
//! riscv64, which has no SA_RESTORER at all).

use super::errno::csys;
use crate::uapi::general as g;
use core::ffi::{c_int, c_ulong};
use core::mem::size_of;

extern "C" {
    #[cfg(target_arch = "x86_64")]
    fn __restore_rt();
    fn longjmp(env: *mut JmpBuf, val: c_int) -> !;
}

type Sigset = g::sigset_t;
type Handler = usize;

const SIG_ERR: Handler = usize::MAX;

/// rt_sigaction's struct with slack behind it. qemu-user 7.2 for riscv64
/// reads and writes 32 bytes there, 8 more than the kernel's struct (a
/// caller's `old` would overrun into the next variable, which is `act` in
/// many programs); a kernel uses only `sa`.
#[repr(C)]
struct KernelSigaction {
    sa: g::sigaction,
    slack: [c_ulong; 2],
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigaction(
    sig: c_int,
    act: *const g::sigaction,
    old: *mut g::sigaction,
) -> c_int {
    // SAFETY: all-zero is a valid sigaction (no handler, empty mask).
    let mut k: KernelSigaction = unsafe { core::mem::zeroed() };
    let mut o: KernelSigaction = unsafe { core::mem::zeroed() };
    let kp = if act.is_null() {
        core::ptr::null()
    } else {
        k.sa = with_restorer(unsafe { act.read() });
        &raw const k
    };
    let op = if old.is_null() {
        core::ptr::null_mut()
    } else {
        &raw mut o
    };
    let r = csys!(__NR_rt_sigaction, sig, kp, op, size_of::<Sigset>()) as c_int;
    if r == 0 && !old.is_null() {
        unsafe { old.write(o.sa) };
    }
    r
}

/// x86_64's kernel returns from a handler only through SA_RESTORER.
#[cfg(target_arch = "x86_64")]
fn with_restorer(mut k: g::sigaction) -> g::sigaction {
    k.sa_flags |= g::SA_RESTORER as c_ulong;
    k.sa_restorer = Some(__restore_rt);
    k
}

/// The other arches return through the kernel's trampoline.
#[cfg(not(target_arch = "x86_64"))]
fn with_restorer(k: g::sigaction) -> g::sigaction {
    k
}

unsafe fn set_handler(sig: c_int, handler: Handler, flags: u32) -> Handler {
    // SAFETY: an all-zero sigaction is valid (no handler, empty mask).
    let mut act: g::sigaction = unsafe { core::mem::zeroed() };
    let mut old: g::sigaction = unsafe { core::mem::zeroed() };
    // SAFETY: C's handler value (a function, SIG_DFL or SIG_IGN) as the
    // kernel's field; never called from Rust.
    act.sa_handler = unsafe { core::mem::transmute::<Handler, g::__sighandler_t>(handler) };
    act.sa_flags = flags as c_ulong;
    if unsafe { sigaction(sig, &act, &mut old) } < 0 {
        return SIG_ERR;
    }
    unsafe { core::mem::transmute::<g::__sighandler_t, Handler>(old.sa_handler) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn signal(sig: c_int, handler: Handler) -> Handler {
    unsafe { set_handler(sig, handler, g::SA_RESTART) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn bsd_signal(sig: c_int, handler: Handler) -> Handler {
    unsafe { set_handler(sig, handler, g::SA_RESTART) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sysv_signal(sig: c_int, handler: Handler) -> Handler {
    unsafe { set_handler(sig, handler, g::SA_RESETHAND | g::SA_NODEFER) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn siginterrupt(sig: c_int, flag: c_int) -> c_int {
    let mut act: g::sigaction = unsafe { core::mem::zeroed() };
    unsafe {
        if sigaction(sig, core::ptr::null(), &mut act) < 0 {
            return -1;
        }
        if flag != 0 {
            act.sa_flags &= !(g::SA_RESTART as c_ulong);
        } else {
            act.sa_flags |= g::SA_RESTART as c_ulong;
        }
        sigaction(sig, &act, core::ptr::null_mut())
    }
}

/// How many unsigned longs a signal set is.
const SIGSET_WORDS: usize = size_of::<Sigset>() / size_of::<c_ulong>();
/// How many signals a set holds.
const SIGSET_BITS: usize = SIGSET_WORDS * c_ulong::BITS as usize;

/// The words of a signal set.
fn words(set: &mut Sigset) -> &mut [c_ulong] {
    // SAFETY: sigset_t is an unsigned long or an array of them, in either
    // case exactly SIGSET_WORDS c_ulongs, any value valid.
    unsafe { core::slice::from_raw_parts_mut((set as *mut Sigset).cast::<c_ulong>(), SIGSET_WORDS) }
}

/// The empty signal set.
pub fn empty_set() -> Sigset {
    // SAFETY: all-zero words are the empty set.
    unsafe { core::mem::zeroed() }
}

/// Restores the default action of `sig` and unblocks it (abort uses this).
pub fn unblock_and_default(sig: c_int) {
    let mut set = empty_set();
    if let Some((w, b)) = bit(sig) {
        words(&mut set)[w] = b;
    }
    // SAFETY: plain values and a local set.
    unsafe {
        set_handler(sig, 0, 0);
        sigprocmask(g::SIG_UNBLOCK as c_int, &set, core::ptr::null_mut());
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigprocmask(how: c_int, set: *const Sigset, old: *mut Sigset) -> c_int {
    csys!(__NR_rt_sigprocmask, how, set, old, size_of::<Sigset>()) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigsuspend(set: *const Sigset) -> c_int {
    csys!(__NR_rt_sigsuspend, set, size_of::<Sigset>()) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigpending(set: *mut Sigset) -> c_int {
    csys!(__NR_rt_sigpending, set, size_of::<Sigset>()) as c_int
}

/// The word index and bit of signal `sig` in a set.
fn bit(sig: c_int) -> Option<(usize, c_ulong)> {
    let n = sig.checked_sub(1)? as usize;
    (n < SIGSET_BITS).then(|| {
        (
            n / c_ulong::BITS as usize,
            1 << (n % c_ulong::BITS as usize),
        )
    })
}

fn bad_signal() -> c_int {
    super::errno::set(crate::Errno::INVAL);
    -1
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigemptyset(set: *mut Sigset) -> c_int {
    unsafe { words(&mut *set).fill(0) };
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigfillset(set: *mut Sigset) -> c_int {
    unsafe { words(&mut *set).fill(!0) };
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigaddset(set: *mut Sigset, sig: c_int) -> c_int {
    match bit(sig) {
        Some((w, b)) => {
            unsafe { words(&mut *set)[w] |= b };
            0
        }
        None => bad_signal(),
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigdelset(set: *mut Sigset, sig: c_int) -> c_int {
    match bit(sig) {
        Some((w, b)) => {
            unsafe { words(&mut *set)[w] &= !b };
            0
        }
        None => bad_signal(),
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigismember(set: *const Sigset, sig: c_int) -> c_int {
    match bit(sig) {
        // SAFETY: C contract; read through a copy, the set is const.
        Some((w, b)) => (words(&mut unsafe { set.read() })[w] & b != 0) as c_int,
        None => bad_signal(),
    }
}

#[no_mangle]
pub extern "C" fn kill(pid: c_int, sig: c_int) -> c_int {
    csys!(__NR_kill, pid, sig) as c_int
}

#[no_mangle]
pub extern "C" fn killpg(pgrp: c_int, sig: c_int) -> c_int {
    if pgrp < 0 {
        return bad_signal();
    }
    kill(-pgrp, sig)
}

#[no_mangle]
pub extern "C" fn raise(sig: c_int) -> c_int {
    let tid = csys!(__NR_gettid);
    csys!(__NR_tgkill, super::unistd::getpid(), tid, sig) as c_int
}

/// klibc/include/setjmp.h's buffer: the arch's saved registers (written by
/// its setjmp in klibc/src/arch/*_c.rs), then the signal mask.
#[repr(C)]
pub struct JmpBuf {
    regs: [u64; crate::arch::c::JMP_BUF_REGS],
    mask_saved: c_int,
    mask: Sigset,
}

/// The second half of sigsetjmp (the arch stub saved the registers).
///
/// # Safety
/// Only the sigsetjmp stub calls this, with its caller's buffer.
#[no_mangle]
pub unsafe extern "C" fn __klibc_sigsetjmp_save(env: *mut JmpBuf, save: c_int) -> c_int {
    unsafe {
        (*env).mask_saved = save;
        if save != 0 {
            sigprocmask(
                g::SIG_BLOCK as c_int,
                core::ptr::null(),
                &raw mut (*env).mask,
            );
        }
    }
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn siglongjmp(env: *mut JmpBuf, val: c_int) -> ! {
    unsafe {
        if (*env).mask_saved != 0 {
            sigprocmask(
                g::SIG_SETMASK as c_int,
                &raw const (*env).mask,
                core::ptr::null_mut(),
            );
        }
        longjmp(env, val)
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigaltstack(
    ss: *const core::ffi::c_void,
    old: *mut core::ffi::c_void,
) -> c_int {
    csys!(__NR_sigaltstack, ss, old) as c_int
}
