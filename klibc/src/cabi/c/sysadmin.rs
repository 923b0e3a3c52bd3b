//! The system-administration calls an early userspace makes: mounting and
//! swap, reboot, the kernel log (klogctl), modules, kexec, host and domain
//! names, capabilities, prctl, scheduling and namespaces, x86 port access.
//! Each is one system call with the caller's C values passed through; the
//! exceptions are spelled out where they are.

use super::errno::{self, csys};
use core::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void};

macro_rules! cint {
    ($($t:tt)*) => { csys!($($t)*) as c_int };
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mount(
    src: *const c_char,
    target: *const c_char,
    fstype: *const c_char,
    flags: c_ulong,
    data: *const c_void,
) -> c_int {
    cint!(__NR_mount, src, target, fstype, flags, data)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn umount2(target: *const c_char, flags: c_int) -> c_int {
    cint!(__NR_umount2, target, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn umount(target: *const c_char) -> c_int {
    cint!(__NR_umount2, target, 0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn pivot_root(new_root: *const c_char, put_old: *const c_char) -> c_int {
    cint!(__NR_pivot_root, new_root, put_old)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn chroot(path: *const c_char) -> c_int {
    cint!(__NR_chroot, path)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn swapon(path: *const c_char, flags: c_int) -> c_int {
    cint!(__NR_swapon, path, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn swapoff(path: *const c_char) -> c_int {
    cint!(__NR_swapoff, path)
}

/// The reboot system call with its magic numbers given.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn __reboot(m1: c_int, m2: c_int, cmd: c_int, arg: *mut c_void) -> c_int {
    cint!(__NR_reboot, m1, m2, cmd, arg)
}

/// reboot(cmd) as glibc has it, and klibc's reboot(cmd, arg): the
/// argument (only read for LINUX_REBOOT_CMD_RESTART2) comes through the
/// header's variadic tail in the register a second named argument takes.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn reboot(cmd: c_int, arg: *mut c_void) -> c_int {
    use crate::uapi::general as g;
    let arg = if cmd as c_uint == g::LINUX_REBOOT_CMD_RESTART2 {
        arg
    } else {
        core::ptr::null_mut()
    };
    cint!(
        __NR_reboot,
        g::LINUX_REBOOT_MAGIC1,
        g::LINUX_REBOOT_MAGIC2,
        cmd,
        arg
    )
}

/// The syslog(2) system call: the kernel's log buffer.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn klogctl(ty: c_int, buf: *mut c_char, len: c_int) -> c_int {
    cint!(__NR_syslog, ty, buf, len)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sysinfo(info: *mut c_void) -> c_int {
    cint!(__NR_sysinfo, info)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sethostname(name: *const c_char, len: usize) -> c_int {
    cint!(__NR_sethostname, name, len)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn setdomainname(name: *const c_char, len: usize) -> c_int {
    cint!(__NR_setdomainname, name, len)
}

/// The NIS domain name from uname(2), as glibc: EINVAL when it does not
/// fit in `len` bytes with its NUL.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getdomainname(buf: *mut c_char, len: usize) -> c_int {
    let u = crate::syscall::process::uname();
    let name = crate::cabi::chars::field_bytes(&u.domainname);
    if name.len() >= len {
        errno::set(crate::Errno::INVAL);
        return -1;
    }
    // SAFETY: `buf` has `len` > name.len() bytes (the caller's contract).
    unsafe {
        crate::arch::copy_forward(buf.cast(), name.as_ptr(), name.len());
        *buf.add(name.len()) = 0;
    }
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn init_module(
    image: *mut c_void,
    len: c_ulong,
    params: *const c_char,
) -> c_long {
    csys!(__NR_init_module, image, len, params) as c_long
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn finit_module(fd: c_int, params: *const c_char, flags: c_int) -> c_long {
    csys!(__NR_finit_module, fd, params, flags) as c_long
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn delete_module(name: *const c_char, flags: c_uint) -> c_long {
    csys!(__NR_delete_module, name, flags) as c_long
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn kexec_load(
    entry: *mut c_void,
    nr: c_ulong,
    segments: *mut c_void,
    flags: c_ulong,
) -> c_long {
    csys!(__NR_kexec_load, entry, nr, segments, flags) as c_long
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn capget(hdr: *mut c_void, data: *mut c_void) -> c_int {
    cint!(__NR_capget, hdr, data)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn capset(hdr: *mut c_void, data: *const c_void) -> c_int {
    cint!(__NR_capset, hdr, data)
}

/// prctl(option, ...): C passes the variadic arguments in the registers
/// four more named integer arguments take; the kernel reads those it needs.
#[no_mangle]
pub extern "C" fn prctl(
    option: c_int,
    a2: c_ulong,
    a3: c_ulong,
    a4: c_ulong,
    a5: c_ulong,
) -> c_int {
    cint!(__NR_prctl, option, a2, a3, a4, a5)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sched_setscheduler(
    pid: c_int,
    policy: c_int,
    param: *const c_int,
) -> c_int {
    cint!(__NR_sched_setscheduler, pid, policy, param)
}

#[no_mangle]
pub extern "C" fn sched_getscheduler(pid: c_int) -> c_int {
    cint!(__NR_sched_getscheduler, pid)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sched_setparam(pid: c_int, param: *const c_int) -> c_int {
    cint!(__NR_sched_setparam, pid, param)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sched_getparam(pid: c_int, param: *mut c_int) -> c_int {
    cint!(__NR_sched_getparam, pid, param)
}

#[no_mangle]
pub extern "C" fn sched_get_priority_max(policy: c_int) -> c_int {
    cint!(__NR_sched_get_priority_max, policy)
}

#[no_mangle]
pub extern "C" fn sched_get_priority_min(policy: c_int) -> c_int {
    cint!(__NR_sched_get_priority_min, policy)
}

#[no_mangle]
pub extern "C" fn sched_yield() -> c_int {
    cint!(__NR_sched_yield)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sched_setaffinity(
    pid: c_int,
    size: c_uint,
    mask: *const c_ulong,
) -> c_int {
    cint!(__NR_sched_setaffinity, pid, size, mask)
}

/// glibc's convention: 0 on success and the part of the mask the kernel
/// did not fill zeroed (the system call returns the bytes it wrote).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sched_getaffinity(pid: c_int, size: c_uint, mask: *mut c_ulong) -> c_int {
    let n = csys!(__NR_sched_getaffinity, pid, size, mask);
    if n < 0 {
        return -1;
    }
    // SAFETY: the caller's mask has `size` bytes; the kernel wrote `n`.
    unsafe {
        let p = mask.cast::<u8>();
        for i in n as usize..size as usize {
            *p.add(i) = 0;
        }
    }
    0
}

#[no_mangle]
pub extern "C" fn unshare(flags: c_int) -> c_int {
    cint!(__NR_unshare, flags)
}

#[no_mangle]
pub extern "C" fn setns(fd: c_int, nstype: c_int) -> c_int {
    cint!(__NR_setns, fd, nstype)
}

#[cfg(target_arch = "x86_64")]
#[no_mangle]
pub extern "C" fn iopl(level: c_int) -> c_int {
    cint!(__NR_iopl, level)
}

#[cfg(target_arch = "x86_64")]
#[no_mangle]
pub extern "C" fn ioperm(from: c_ulong, num: c_ulong, on: c_int) -> c_int {
    cint!(__NR_ioperm, from, num, on)
}
