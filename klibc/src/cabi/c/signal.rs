//! signal.h: sigaction on rt_sigaction (always with SA_RESTORER and the
//! arch's `__restore_rt`, which the kernel needs to return from a handler),
//! signal() with BSD semantics as glibc has them, masks, raise/kill, and
//! the C halves of sigsetjmp/siglongjmp. `struct sigaction` and `sigset_t`
//! are the kernel's (asm/signal.h), so they pass straight through.

use super::errno::csys;
use crate::uapi::general as g;
use core::ffi::{c_int, c_ulong};
use core::mem::size_of;

extern "C" {
    fn __restore_rt();
    fn longjmp(env: *mut JmpBuf, val: c_int) -> !;
}

type Sigset = g::sigset_t;
type Handler = usize;

const SIG_ERR: Handler = usize::MAX;

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigaction(
    sig: c_int,
    act: *const g::sigaction,
    old: *mut g::sigaction,
) -> c_int {
    let mut k;
    let kp = if act.is_null() {
        core::ptr::null()
    } else {
        k = unsafe { act.read() };
        k.sa_flags |= g::SA_RESTORER as c_ulong;
        k.sa_restorer = Some(__restore_rt);
        &raw const k
    };
    csys!(__NR_rt_sigaction, sig, kp, old, size_of::<Sigset>()) as c_int
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

/// Restores the default action of `sig` and unblocks it (abort uses this).
pub fn unblock_and_default(sig: c_int) {
    let set: Sigset = 1 << (sig - 1);
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

fn bit(sig: c_int) -> Option<Sigset> {
    (1..=Sigset::BITS as c_int)
        .contains(&sig)
        .then(|| 1 << (sig - 1))
}

fn bad_signal() -> c_int {
    super::errno::set(crate::Errno::INVAL);
    -1
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigemptyset(set: *mut Sigset) -> c_int {
    unsafe { *set = 0 };
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigfillset(set: *mut Sigset) -> c_int {
    unsafe { *set = !0 };
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sigaddset(set: *mut Sigset, sig: c_int) -> c_int {
    match bit(sig) {
        Some(b) => {
            unsafe { *set |= b };
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
        Some(b) => {
            unsafe { *set &= !b };
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
        Some(b) => (unsafe { *set } & b != 0) as c_int,
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

/// klibc/include/setjmp.h's buffer.
#[repr(C)]
pub struct JmpBuf {
    regs: [u64; 8],
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
