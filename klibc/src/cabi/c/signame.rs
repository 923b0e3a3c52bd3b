//! Signal names by number: sys_siglist (what strsignal says) and
//! sys_sigabbrev (the name without SIG, as kill -l prints it), built at
//! compile time from the kernel's signal numbers, so each name sits at its
//! signal on every architecture. Real-time signals and 0 have no entry
//! (NULL), as in klibc and glibc; strsignal words those itself.

use crate::uapi::general as g;
use core::ffi::{c_char, c_int, CStr};
use core::mem::size_of;

/// NSIG: one more than the highest signal number.
// sigset_t is an integer on x86 but a struct of words elsewhere: no ::BITS.
#[allow(clippy::manual_bits)]
pub const NSIG: usize = 8 * size_of::<g::sigset_t>() + 1;

const NAMES: &[(u32, &CStr, &CStr)] = &[
    (g::SIGHUP, c"HUP", c"Hangup"),
    (g::SIGINT, c"INT", c"Interrupt"),
    (g::SIGQUIT, c"QUIT", c"Quit"),
    (g::SIGILL, c"ILL", c"Illegal instruction"),
    (g::SIGTRAP, c"TRAP", c"Trace/breakpoint trap"),
    (g::SIGABRT, c"ABRT", c"Aborted"),
    (g::SIGBUS, c"BUS", c"Bus error"),
    (g::SIGFPE, c"FPE", c"Floating point exception"),
    (g::SIGKILL, c"KILL", c"Killed"),
    (g::SIGUSR1, c"USR1", c"User defined signal 1"),
    (g::SIGSEGV, c"SEGV", c"Segmentation fault"),
    (g::SIGUSR2, c"USR2", c"User defined signal 2"),
    (g::SIGPIPE, c"PIPE", c"Broken pipe"),
    (g::SIGALRM, c"ALRM", c"Alarm clock"),
    (g::SIGTERM, c"TERM", c"Terminated"),
    (g::SIGSTKFLT, c"STKFLT", c"Stack fault"),
    (g::SIGCHLD, c"CHLD", c"Child exited"),
    (g::SIGCONT, c"CONT", c"Continued"),
    (g::SIGSTOP, c"STOP", c"Stopped (signal)"),
    (g::SIGTSTP, c"TSTP", c"Stopped"),
    (g::SIGTTIN, c"TTIN", c"Stopped (tty input)"),
    (g::SIGTTOU, c"TTOU", c"Stopped (tty output)"),
    (g::SIGURG, c"URG", c"Urgent I/O condition"),
    (g::SIGXCPU, c"XCPU", c"CPU time limit exceeded"),
    (g::SIGXFSZ, c"XFSZ", c"File size limit exceeded"),
    (g::SIGVTALRM, c"VTALRM", c"Virtual timer expired"),
    (g::SIGPROF, c"PROF", c"Profiling timer expired"),
    (g::SIGWINCH, c"WINCH", c"Window changed"),
    (g::SIGIO, c"IO", c"I/O possible"),
    (g::SIGPWR, c"PWR", c"Power failure"),
    (g::SIGSYS, c"SYS", c"Bad system call"),
];

/// A table of C strings by signal number.
#[repr(transparent)]
pub struct SigTable([*const c_char; NSIG]);

// SAFETY: the table and the strings it points to are never written.
unsafe impl Sync for SigTable {}

const fn table(abbrev: bool) -> SigTable {
    let mut t = [core::ptr::null(); NSIG];
    let mut i = 0;
    while i < NAMES.len() {
        let (n, a, d) = NAMES[i];
        t[n as usize] = if abbrev { a.as_ptr() } else { d.as_ptr() };
        i += 1;
    }
    SigTable(t)
}

#[no_mangle]
pub static sys_siglist: SigTable = table(false);

#[no_mangle]
pub static sys_sigabbrev: SigTable = table(true);

/// The description of `sig`, when it has one in sys_siglist.
pub fn description(sig: c_int) -> Option<&'static [u8]> {
    let p = *sys_siglist.0.get(usize::try_from(sig).ok()?)?;
    // SAFETY: the table's entries are NULL or our C string literals.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_bytes())
}
