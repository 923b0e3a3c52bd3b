//! Processes: fork (as clone), execve, wait4, signals to others, identity,
//! exit, reboot, uname, and loading kernel modules.

use super::{cstr, sys, AsFd};
use crate::errno::{Errno, Result};
use crate::uapi::{general as g, system};
use core::ffi::{c_char, CStr};
use core::mem::MaybeUninit;

/// A process id.
pub type Pid = i32;

/// The two sides of a [`fork`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fork {
    Child,
    Parent(Pid),
}

/// fork(2), as clone(2) with SIGCHLD (the form every architecture has).
pub fn fork() -> Result<Fork> {
    // clone's first two arguments are (flags, stack) everywhere but s390,
    // where they are (stack, flags); a zero stack means "the parent's".
    #[cfg(not(target_arch = "s390x"))]
    let (a1, a2) = (g::SIGCHLD as usize, 0usize);
    #[cfg(target_arch = "s390x")]
    let (a1, a2) = (0usize, g::SIGCHLD as usize);
    // SAFETY: without CLONE_VM the child gets a copy of our memory, so both
    // sides go on safely; zeroed stack and tid pointers mean "same as parent".
    let pid = unsafe { sys!(__NR_clone, a1, a2, 0usize, 0usize, 0usize)? };
    Ok(if pid == 0 {
        Fork::Child
    } else {
        Fork::Parent(pid as Pid)
    })
}

/// Most arguments or environment entries [`execve`] passes: the pointer
/// arrays live on the stack, so there is no allocation.
pub const EXEC_MAX_ARGS: usize = 1023;

fn pointer_array<'a>(
    items: impl ExactSizeIterator<Item = &'a CStr>,
    out: &mut [*const c_char; EXEC_MAX_ARGS + 1],
) -> Result<()> {
    if items.len() > EXEC_MAX_ARGS {
        return Err(Errno::TOOBIG);
    }
    // Slots, not indices: no bounds-check panic path (the length was
    // checked above, so every item and the terminating NULL fit).
    let mut slots = out.iter_mut();
    for (s, slot) in items.zip(slots.by_ref()) {
        *slot = s.as_ptr();
    }
    if let Some(slot) = slots.next() {
        *slot = core::ptr::null();
    }
    Ok(())
}

/// execve(2) with an explicit environment. Returns only on failure.
pub fn execve(path: &CStr, argv: &[&CStr], envp: &[&CStr]) -> Errno {
    let mut a = [core::ptr::null(); EXEC_MAX_ARGS + 1];
    let mut e = [core::ptr::null(); EXEC_MAX_ARGS + 1];
    if let Err(err) = pointer_array(argv.iter().copied(), &mut a) {
        return err;
    }
    if let Err(err) = pointer_array(envp.iter().copied(), &mut e) {
        return err;
    }
    // SAFETY: both arrays are NULL-terminated arrays of NUL-terminated strings.
    match unsafe { sys!(__NR_execve, cstr(path), a.as_ptr(), e.as_ptr()) } {
        Err(err) => err,
        Ok(_) => Errno::INVAL,
    }
}

/// execve(2) passing on this process's own environment.
pub fn execve_inherit_env(path: &CStr, argv: &[&CStr]) -> Errno {
    let mut a = [core::ptr::null(); EXEC_MAX_ARGS + 1];
    if let Err(err) = pointer_array(argv.iter().copied(), &mut a) {
        return err;
    }
    let env = crate::arch::startup::environ();
    let empty: [*const c_char; 1] = [core::ptr::null()];
    let env = if env.is_null() { empty.as_ptr() } else { env };
    // SAFETY: argv is NULL-terminated; env is the kernel's or an empty array.
    match unsafe { sys!(__NR_execve, cstr(path), a.as_ptr(), env) } {
        Err(err) => err,
        Ok(_) => Errno::INVAL,
    }
}

/// How a child ended, as wait4(2) reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitStatus(pub i32);

impl WaitStatus {
    /// The exit code, if the child exited normally.
    pub fn exit_code(self) -> Option<i32> {
        (self.0 & 0x7f == 0).then_some((self.0 >> 8) & 0xff)
    }

    /// The signal that killed the child, if one did.
    pub fn signal(self) -> Option<i32> {
        let sig = self.0 & 0x7f;
        (sig != 0 && sig != 0x7f).then_some(sig)
    }
}

/// wait4(2): wait for `pid` (-1 for any child); `options` are `WNOHANG`...
/// Returns `None` with WNOHANG when no child has changed state.
pub fn wait4(pid: Pid, options: u32) -> Result<Option<(Pid, WaitStatus)>> {
    let mut status: i32 = 0;
    // SAFETY: the kernel writes one int; no rusage is asked for.
    let got = unsafe { sys!(__NR_wait4, pid, &mut status as *mut i32, options, 0usize)? };
    Ok((got != 0).then_some((got as Pid, WaitStatus(status))))
}

/// kill(2).
pub fn kill(pid: Pid, sig: u32) -> Result<()> {
    // SAFETY: plain integer arguments.
    unsafe { sys!(__NR_kill, pid, sig).map(drop) }
}

/// getpid(2).
pub fn getpid() -> Pid {
    // SAFETY: getpid cannot fail.
    unsafe { sys!(__NR_getpid).unwrap_or(0) as Pid }
}

/// getppid(2).
pub fn getppid() -> Pid {
    // SAFETY: getppid cannot fail.
    unsafe { sys!(__NR_getppid).unwrap_or(0) as Pid }
}

/// getuid(2).
pub fn getuid() -> u32 {
    // SAFETY: getuid cannot fail.
    unsafe { sys!(__NR_getuid).unwrap_or(0) as u32 }
}

/// setsid(2).
pub fn setsid() -> Result<Pid> {
    // SAFETY: no arguments.
    unsafe { sys!(__NR_setsid).map(|p| p as Pid) }
}

/// exit_group(2): ends the process with `code`.
pub fn exit(code: i32) -> ! {
    // SAFETY: exit_group does not return.
    unsafe {
        let _ = sys!(__NR_exit_group, code);
    }
    // exit_group cannot fail; should it ever return, do not run on.
    loop {
        core::hint::spin_loop();
    }
}

/// reboot(2) with `cmd` (`LINUX_REBOOT_CMD_POWER_OFF`, `_RESTART`, ...).
pub fn reboot(cmd: u32) -> Result<()> {
    // SAFETY: integer arguments and no string argument.
    unsafe {
        sys!(
            __NR_reboot,
            g::LINUX_REBOOT_MAGIC1,
            g::LINUX_REBOOT_MAGIC2,
            cmd,
            0usize
        )
        .map(drop)
    }
}

/// The kernel's `struct new_utsname`.
pub type Utsname = system::new_utsname;

/// uname(2).
pub fn uname() -> Utsname {
    let mut u = MaybeUninit::<Utsname>::zeroed();
    // SAFETY: uname fills the struct; it cannot fail with a valid pointer.
    unsafe {
        let _ = sys!(__NR_uname, u.as_mut_ptr());
        u.assume_init()
    }
}

/// finit_module(2): load the module in `fd` with `params`; `flags` are
/// `MODULE_INIT_*`.
pub fn finit_module(fd: impl AsFd, params: &CStr, flags: u32) -> Result<()> {
    // SAFETY: params is NUL-terminated.
    unsafe {
        sys!(
            __NR_finit_module,
            fd.as_fd().as_raw_fd(),
            cstr(params),
            flags
        )
        .map(drop)
    }
}

/// One 32-bit word of each capability set, as capget(2)/capset(2) take them.
pub type CapData = g::__user_cap_data_struct;

/// The capability sets of version 3 (64 capabilities): word 0 holds
/// capabilities 0..31, word 1 holds 32..63.
pub type CapSets = [CapData; g::_LINUX_CAPABILITY_U32S_3 as usize];

fn cap_header(pid: Pid) -> g::__user_cap_header_struct {
    g::__user_cap_header_struct {
        version: g::_LINUX_CAPABILITY_VERSION_3,
        pid,
    }
}

/// capget(2): the effective, permitted and inheritable sets of `pid` (0 for
/// this process).
pub fn capget(pid: Pid) -> Result<CapSets> {
    let mut hdr = cap_header(pid);
    let mut data = MaybeUninit::<CapSets>::zeroed();
    // SAFETY: version 3 makes the kernel write exactly two data structs,
    // which is the array's size; zeroed structs are valid.
    unsafe {
        sys!(
            __NR_capget,
            &mut hdr as *mut g::__user_cap_header_struct,
            data.as_mut_ptr()
        )?;
        Ok(data.assume_init())
    }
}

/// capset(2) for this process.
pub fn capset(sets: &CapSets) -> Result<()> {
    let mut hdr = cap_header(0);
    // SAFETY: version 3 makes the kernel read exactly two data structs.
    unsafe {
        sys!(
            __NR_capset,
            &mut hdr as *mut g::__user_cap_header_struct,
            sets.as_ptr()
        )
        .map(drop)
    }
}

/// prctl(PR_CAPBSET_READ): whether capability `cap` is in the bounding set
/// (EINVAL if the kernel does not know `cap`).
pub fn capbset_read(cap: u32) -> Result<bool> {
    // SAFETY: integer arguments only.
    unsafe { sys!(__NR_prctl, crate::uapi::prctl::PR_CAPBSET_READ, cap).map(|v| v != 0) }
}

/// prctl(PR_CAPBSET_DROP): removes capability `cap` from the bounding set.
pub fn capbset_drop(cap: u32) -> Result<()> {
    // SAFETY: integer arguments only.
    unsafe { sys!(__NR_prctl, crate::uapi::prctl::PR_CAPBSET_DROP, cap).map(drop) }
}

/// sethostname(2).
pub fn sethostname(name: &[u8]) -> Result<()> {
    // SAFETY: the kernel reads name.len() bytes.
    unsafe { sys!(__NR_sethostname, name.as_ptr(), name.len()).map(drop) }
}
