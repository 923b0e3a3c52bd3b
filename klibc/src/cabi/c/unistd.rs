//! unistd.h, fcntl.h, sys/stat.h, sys/wait.h, sys/resource.h, utime.h and
//! friends: thin C faces of system calls. The structs are the kernel's (the C
//! headers include the same UAPI definitions), so pointers pass straight
//! through; the older calls are built on the *at() and generic forms every
//! architecture has.

use super::errno::{self, csys};
use super::valist::{Args, VaArgs, VaList};
use crate::uapi::general as g;
use core::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void};
use core::ptr::null;

const AT_FDCWD: c_int = g::AT_FDCWD;

macro_rules! cint {
    ($($t:tt)*) => { csys!($($t)*) as c_int };
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn read(fd: c_int, buf: *mut c_void, n: usize) -> isize {
    csys!(__NR_read, fd, buf, n)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn write(fd: c_int, buf: *const c_void, n: usize) -> isize {
    csys!(__NR_write, fd, buf, n)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn pread(fd: c_int, buf: *mut c_void, n: usize, off: i64) -> isize {
    csys!(__NR_pread64, fd, buf, n, off)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn pwrite(fd: c_int, buf: *const c_void, n: usize, off: i64) -> isize {
    csys!(__NR_pwrite64, fd, buf, n, off)
}

#[no_mangle]
pub extern "C" fn close(fd: c_int) -> c_int {
    cint!(__NR_close, fd)
}

#[no_mangle]
pub extern "C" fn lseek(fd: c_int, off: i64, whence: c_int) -> i64 {
    csys!(__NR_lseek, fd, off, whence) as i64
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn pipe2(fds: *mut c_int, flags: c_int) -> c_int {
    cint!(__NR_pipe2, fds, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn pipe(fds: *mut c_int) -> c_int {
    cint!(__NR_pipe2, fds, 0)
}

#[no_mangle]
pub extern "C" fn dup(fd: c_int) -> c_int {
    cint!(__NR_dup, fd)
}

#[no_mangle]
pub extern "C" fn dup3(old: c_int, new: c_int, flags: c_int) -> c_int {
    cint!(__NR_dup3, old, new, flags)
}

#[no_mangle]
pub extern "C" fn dup2(old: c_int, new: c_int) -> c_int {
    if old == new {
        // dup3 refuses equal descriptors; dup2 checks `old` and returns it.
        if csys!(__NR_fcntl, old, g::F_GETFD) < 0 {
            return -1;
        }
        return new;
    }
    loop {
        let r = cint!(__NR_dup3, old, new, 0);
        if r < 0 && errno::get() == crate::uapi::errno::EBUSY as c_int {
            continue;
        }
        return r;
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn faccessat(
    dir: c_int,
    path: *const c_char,
    mode: c_int,
    flags: c_int,
) -> c_int {
    if flags == 0 {
        return cint!(__NR_faccessat, dir, path, mode);
    }
    cint!(__NR_faccessat2, dir, path, mode, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn access(path: *const c_char, mode: c_int) -> c_int {
    cint!(__NR_faccessat, AT_FDCWD, path, mode)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn eaccess(path: *const c_char, mode: c_int) -> c_int {
    unsafe { faccessat(AT_FDCWD, path, mode, g::AT_EACCESS as c_int) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn chdir(path: *const c_char) -> c_int {
    cint!(__NR_chdir, path)
}

#[no_mangle]
pub extern "C" fn fchdir(fd: c_int) -> c_int {
    cint!(__NR_fchdir, fd)
}

/// # Safety
/// C contract (a NULL buffer is malloc'd, as glibc does).
#[no_mangle]
pub unsafe extern "C" fn getcwd(buf: *mut c_char, size: usize) -> *mut c_char {
    let (buf, size, owned) = if buf.is_null() {
        let n = if size == 0 {
            g::PATH_MAX as usize
        } else {
            size
        };
        (unsafe { super::malloc::malloc(n) } as *mut c_char, n, true)
    } else {
        (buf, size, false)
    };
    if buf.is_null() {
        return buf;
    }
    if csys!(__NR_getcwd, buf, size) < 0 {
        if owned {
            unsafe { super::malloc::free(buf.cast()) };
        }
        return core::ptr::null_mut();
    }
    buf
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fchownat(
    dir: c_int,
    path: *const c_char,
    uid: c_uint,
    gid: c_uint,
    flags: c_int,
) -> c_int {
    cint!(__NR_fchownat, dir, path, uid, gid, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn chown(path: *const c_char, uid: c_uint, gid: c_uint) -> c_int {
    cint!(__NR_fchownat, AT_FDCWD, path, uid, gid, 0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn lchown(path: *const c_char, uid: c_uint, gid: c_uint) -> c_int {
    cint!(
        __NR_fchownat,
        AT_FDCWD,
        path,
        uid,
        gid,
        g::AT_SYMLINK_NOFOLLOW
    )
}

#[no_mangle]
pub extern "C" fn fchown(fd: c_int, uid: c_uint, gid: c_uint) -> c_int {
    cint!(__NR_fchown, fd, uid, gid)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn linkat(
    od: c_int,
    old: *const c_char,
    nd: c_int,
    new: *const c_char,
    flags: c_int,
) -> c_int {
    cint!(__NR_linkat, od, old, nd, new, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn link(old: *const c_char, new: *const c_char) -> c_int {
    cint!(__NR_linkat, AT_FDCWD, old, AT_FDCWD, new, 0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn symlinkat(
    target: *const c_char,
    dir: c_int,
    path: *const c_char,
) -> c_int {
    cint!(__NR_symlinkat, target, dir, path)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn symlink(target: *const c_char, path: *const c_char) -> c_int {
    cint!(__NR_symlinkat, target, AT_FDCWD, path)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn readlinkat(
    dir: c_int,
    path: *const c_char,
    buf: *mut c_char,
    n: usize,
) -> isize {
    csys!(__NR_readlinkat, dir, path, buf, n)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn readlink(path: *const c_char, buf: *mut c_char, n: usize) -> isize {
    csys!(__NR_readlinkat, AT_FDCWD, path, buf, n)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn unlinkat(dir: c_int, path: *const c_char, flags: c_int) -> c_int {
    cint!(__NR_unlinkat, dir, path, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn unlink(path: *const c_char) -> c_int {
    cint!(__NR_unlinkat, AT_FDCWD, path, 0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn rmdir(path: *const c_char) -> c_int {
    cint!(__NR_unlinkat, AT_FDCWD, path, g::AT_REMOVEDIR)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn truncate(path: *const c_char, len: i64) -> c_int {
    cint!(__NR_truncate, path, len)
}

#[no_mangle]
pub extern "C" fn ftruncate(fd: c_int, len: i64) -> c_int {
    cint!(__NR_ftruncate, fd, len)
}

#[no_mangle]
pub extern "C" fn fsync(fd: c_int) -> c_int {
    cint!(__NR_fsync, fd)
}

#[no_mangle]
pub extern "C" fn fdatasync(fd: c_int) -> c_int {
    cint!(__NR_fdatasync, fd)
}

#[no_mangle]
pub extern "C" fn sync() {
    crate::syscall::fs::sync();
}

#[no_mangle]
pub extern "C" fn fork() -> c_int {
    match crate::syscall::process::fork() {
        Ok(crate::syscall::process::Fork::Child) => 0,
        Ok(crate::syscall::process::Fork::Parent(pid)) => pid,
        Err(e) => {
            errno::set(e);
            -1
        }
    }
}

/// vfork is fork here: copy-on-write makes the difference small, and the
/// child may then do anything (dash's does more than exec).
#[no_mangle]
pub extern "C" fn vfork() -> c_int {
    fork()
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn execve(
    path: *const c_char,
    argv: *const *const c_char,
    envp: *const *const c_char,
) -> c_int {
    cint!(__NR_execve, path, argv, envp)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn execv(path: *const c_char, argv: *const *const c_char) -> c_int {
    unsafe { execve(path, argv, super::start::environ as _) }
}

/// execvp's search, with an explicit environment.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn execvpe(
    file: *const c_char,
    argv: *const *const c_char,
    envp: *const *const c_char,
) -> c_int {
    unsafe {
        if *file == 0 {
            errno::set(crate::Errno::NOENT);
            return -1;
        }
        if !super::string::strchr(file, b'/' as c_int).is_null() {
            execve(file, argv, envp);
            if errno::get() == crate::uapi::errno::ENOEXEC as c_int {
                shell_fallback(file, argv, envp);
            }
            return -1;
        }
        let mut path = super::start::getenv(c"PATH".as_ptr()) as *const c_char;
        if path.is_null() {
            path = c"/bin:/usr/bin".as_ptr();
        }
        let flen = super::string::strlen(file);
        let mut buf = [0u8; 4096];
        let mut seen_eacces = false;
        let mut p = path;
        loop {
            let end = super::string::strchrnul(p, b':' as c_int);
            let dlen = end.offset_from(p) as usize;
            if dlen + flen + 2 <= buf.len() {
                let mut n = 0;
                if dlen > 0 {
                    crate::arch::copy_forward(buf.as_mut_ptr(), p.cast(), dlen);
                    n = dlen;
                    buf[n] = b'/';
                    n += 1;
                }
                crate::arch::copy_forward(buf.as_mut_ptr().add(n), file.cast(), flen + 1);
                execve(buf.as_ptr().cast(), argv, envp);
                match errno::get() {
                    e if e == crate::uapi::errno::ENOEXEC as c_int => {
                        shell_fallback(buf.as_ptr().cast(), argv, envp);
                        return -1;
                    }
                    e if e == crate::uapi::errno::EACCES as c_int => seen_eacces = true,
                    e if e == crate::uapi::errno::ENOENT as c_int
                        || e == crate::uapi::errno::ENOTDIR as c_int => {}
                    _ => return -1,
                }
            }
            if *end == 0 {
                break;
            }
            p = end.add(1);
        }
        errno::set(if seen_eacces {
            crate::Errno::ACCES
        } else {
            crate::Errno::NOENT
        });
        -1
    }
}

/// Runs a file without a #! line through /bin/sh, as execvp must.
unsafe fn shell_fallback(
    path: *const c_char,
    argv: *const *const c_char,
    envp: *const *const c_char,
) {
    let mut args = [null(); 1024];
    args[0] = c"sh".as_ptr();
    args[1] = path;
    let mut i = 1;
    unsafe {
        while i + 2 < args.len() && !(*argv.add(i)).is_null() {
            args[i + 1] = *argv.add(i);
            i += 1;
        }
        execve(c"/bin/sh".as_ptr(), args.as_ptr(), envp);
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn execvp(file: *const c_char, argv: *const *const c_char) -> c_int {
    unsafe { execvpe(file, argv, super::start::environ as _) }
}

/// Collects a NULL-terminated variadic argument list after `arg0`.
unsafe fn collect(arg0: *const c_char, ap: &mut VaArgs, out: &mut [*const c_char; 1024]) -> bool {
    out[0] = arg0;
    if arg0.is_null() {
        return true;
    }
    for slot in out.iter_mut().skip(1) {
        let a = ap.word() as usize as *const c_char;
        *slot = a;
        if a.is_null() {
            return true;
        }
    }
    errno::set(crate::Errno::TOOBIG);
    false
}

/// execl's body (the variadic stub in klibc/src/arch calls it).
///
/// # Safety
/// C contract of execl.
pub unsafe extern "C" fn __klibc_vexecl(
    path: *const c_char,
    arg0: *const c_char,
    ap: VaList,
) -> c_int {
    let mut args = [null(); 1024];
    if !unsafe { collect(arg0, &mut VaArgs(ap), &mut args) } {
        return -1;
    }
    unsafe { execve(path, args.as_ptr(), super::start::environ as _) }
}

/// execlp's body.
///
/// # Safety
/// C contract of execlp.
pub unsafe extern "C" fn __klibc_vexeclp(
    file: *const c_char,
    arg0: *const c_char,
    ap: VaList,
) -> c_int {
    let mut args = [null(); 1024];
    if !unsafe { collect(arg0, &mut VaArgs(ap), &mut args) } {
        return -1;
    }
    unsafe { execvpe(file, args.as_ptr(), super::start::environ as _) }
}

/// execle's body.
///
/// # Safety
/// C contract of execle.
pub unsafe extern "C" fn __klibc_vexecle(
    path: *const c_char,
    arg0: *const c_char,
    ap: VaList,
) -> c_int {
    let mut args = [null(); 1024];
    let mut va = VaArgs(ap);
    if !unsafe { collect(arg0, &mut va, &mut args) } {
        return -1;
    }
    let envp = va.word() as usize as *const *const c_char;
    unsafe { execve(path, args.as_ptr(), envp) }
}

/// execlpe's body: execlp's search with execle's environment after the
/// argument list.
///
/// # Safety
/// C contract of execlpe.
pub unsafe extern "C" fn __klibc_vexeclpe(
    file: *const c_char,
    arg0: *const c_char,
    ap: VaList,
) -> c_int {
    let mut args = [null(); 1024];
    let mut va = VaArgs(ap);
    if !unsafe { collect(arg0, &mut va, &mut args) } {
        return -1;
    }
    let envp = va.word() as usize as *const *const c_char;
    unsafe { execvpe(file, args.as_ptr(), envp) }
}

#[no_mangle]
pub extern "C" fn getpid() -> c_int {
    crate::syscall::process::getpid()
}

#[no_mangle]
pub extern "C" fn getppid() -> c_int {
    crate::syscall::process::getppid()
}

#[no_mangle]
pub extern "C" fn getpgid(pid: c_int) -> c_int {
    cint!(__NR_getpgid, pid)
}

#[no_mangle]
pub extern "C" fn getpgrp() -> c_int {
    getpgid(0)
}

#[no_mangle]
pub extern "C" fn setpgid(pid: c_int, pgid: c_int) -> c_int {
    cint!(__NR_setpgid, pid, pgid)
}

#[no_mangle]
pub extern "C" fn setsid() -> c_int {
    cint!(__NR_setsid)
}

#[no_mangle]
pub extern "C" fn getsid(pid: c_int) -> c_int {
    cint!(__NR_getsid, pid)
}

#[no_mangle]
pub extern "C" fn getuid() -> c_uint {
    csys!(__NR_getuid) as c_uint
}

#[no_mangle]
pub extern "C" fn geteuid() -> c_uint {
    csys!(__NR_geteuid) as c_uint
}

#[no_mangle]
pub extern "C" fn getgid() -> c_uint {
    csys!(__NR_getgid) as c_uint
}

#[no_mangle]
pub extern "C" fn getegid() -> c_uint {
    csys!(__NR_getegid) as c_uint
}

#[no_mangle]
pub extern "C" fn setuid(id: c_uint) -> c_int {
    cint!(__NR_setuid, id)
}

#[no_mangle]
pub extern "C" fn setgid(id: c_uint) -> c_int {
    cint!(__NR_setgid, id)
}

#[no_mangle]
pub extern "C" fn seteuid(id: c_uint) -> c_int {
    cint!(__NR_setresuid, -1i32, id, -1i32)
}

#[no_mangle]
pub extern "C" fn setegid(id: c_uint) -> c_int {
    cint!(__NR_setresgid, -1i32, id, -1i32)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getgroups(n: c_int, list: *mut c_uint) -> c_int {
    cint!(__NR_getgroups, n, list)
}

#[no_mangle]
pub extern "C" fn isatty(fd: c_int) -> c_int {
    let mut t = core::mem::MaybeUninit::<[u8; 64]>::uninit();
    (csys!(__NR_ioctl, fd, crate::uapi::ioctl::TCGETS, t.as_mut_ptr()) == 0) as c_int
}

#[no_mangle]
pub extern "C" fn sysconf(name: c_int) -> c_long {
    let rlimit = |r: u32| {
        let mut l = [0u64; 2];
        if csys!(__NR_prlimit64, 0, r, 0, l.as_mut_ptr()) < 0 || l[0] == g::RLIM_INFINITY as u64 {
            -1
        } else {
            l[0] as c_long
        }
    };
    match name {
        0 => g::ARG_MAX as c_long,    // _SC_ARG_MAX
        1 => rlimit(g::RLIMIT_NPROC), // _SC_CHILD_MAX
        2 => crate::rt::auxv(crate::uapi::auxvec::AT_CLKTCK).map_or(100, |v| v as c_long), // _SC_CLK_TCK
        3 => g::NGROUPS_MAX as c_long, // _SC_NGROUPS_MAX
        4 => rlimit(g::RLIMIT_NOFILE), // _SC_OPEN_MAX
        5 => getpagesize() as c_long,  // _SC_PAGESIZE
        6 | 7 => 1,                    // _SC_NPROCESSORS_*
        8 => 2048,                     // _SC_LINE_MAX
        9 | 10 => 1,                   // _SC_JOB_CONTROL, _SC_SAVED_IDS
        11 => 200809,                  // _SC_VERSION
        _ => {
            errno::set(crate::Errno::INVAL);
            -1
        }
    }
}

#[no_mangle]
pub extern "C" fn fpathconf(_fd: c_int, name: c_int) -> c_long {
    match name {
        0 => 127,
        1 => g::NAME_MAX as c_long,
        2 => g::PATH_MAX as c_long,
        3 => g::PIPE_BUF as c_long,
        _ => {
            errno::set(crate::Errno::INVAL);
            -1
        }
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn pathconf(_path: *const c_char, name: c_int) -> c_long {
    fpathconf(-1, name)
}

#[no_mangle]
pub extern "C" fn getpagesize() -> c_int {
    crate::rt::auxv(crate::uapi::auxvec::AT_PAGESZ).map_or(4096, |v| v as c_int)
}

#[no_mangle]
pub extern "C" fn getdtablesize() -> c_int {
    let v = sysconf(4);
    if v < 0 {
        c_int::MAX
    } else {
        v.min(c_int::MAX as c_long) as c_int
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn gethostname(buf: *mut c_char, n: usize) -> c_int {
    let u = crate::syscall::process::uname();
    let name = crate::cabi::chars::field_bytes(&u.nodename);
    if name.len() >= n {
        errno::set(crate::Errno::NAMETOOLONG);
        return -1;
    }
    unsafe {
        crate::arch::copy_forward(buf.cast(), name.as_ptr(), name.len());
        *buf.add(name.len()) = 0;
    }
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn uname(u: *mut c_void) -> c_int {
    cint!(__NR_uname, u)
}

#[no_mangle]
pub extern "C" fn nice(inc: c_int) -> c_int {
    let cur = 20 - csys!(__NR_getpriority, g::PRIO_PROCESS, 0) as c_int;
    if csys!(__NR_setpriority, g::PRIO_PROCESS, 0, cur + inc) < 0 {
        return -1;
    }
    cur + inc
}

#[no_mangle]
pub extern "C" fn getpriority(which: c_int, who: c_uint) -> c_int {
    let r = csys!(__NR_getpriority, which, who);
    if r < 0 {
        -1
    } else {
        20 - r as c_int
    }
}

#[no_mangle]
pub extern "C" fn setpriority(which: c_int, who: c_uint, prio: c_int) -> c_int {
    cint!(__NR_setpriority, which, who, prio)
}

// ---- open, fcntl, ioctl (their variadic argument is one integer or pointer,
// passed in the same register as a named one on every supported ABI) ----

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn openat(
    dir: c_int,
    path: *const c_char,
    flags: c_int,
    mode: c_uint,
) -> c_int {
    cint!(
        __NR_openat,
        dir,
        path,
        flags | g::O_LARGEFILE as c_int,
        mode
    )
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn open(path: *const c_char, flags: c_int, mode: c_uint) -> c_int {
    unsafe { openat(AT_FDCWD, path, flags, mode) }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn creat(path: *const c_char, mode: c_uint) -> c_int {
    unsafe { open(path, (g::O_WRONLY | g::O_CREAT | g::O_TRUNC) as c_int, mode) }
}

#[no_mangle]
pub extern "C" fn fcntl(fd: c_int, cmd: c_int, arg: c_ulong) -> c_int {
    cint!(__NR_fcntl, fd, cmd, arg)
}

#[no_mangle]
pub extern "C" fn ioctl(fd: c_int, req: c_ulong, arg: c_ulong) -> c_int {
    cint!(__NR_ioctl, fd, req, arg)
}

// ---- the stat family ----

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fstatat(
    dir: c_int,
    path: *const c_char,
    st: *mut g::stat,
    flags: c_int,
) -> c_int {
    cint!(__NR_newfstatat, dir, path, st, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn stat(path: *const c_char, st: *mut g::stat) -> c_int {
    cint!(__NR_newfstatat, AT_FDCWD, path, st, 0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn lstat(path: *const c_char, st: *mut g::stat) -> c_int {
    cint!(__NR_newfstatat, AT_FDCWD, path, st, g::AT_SYMLINK_NOFOLLOW)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fstat(fd: c_int, st: *mut g::stat) -> c_int {
    cint!(__NR_fstat, fd, st)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fchmodat(
    dir: c_int,
    path: *const c_char,
    mode: c_uint,
    _flags: c_int,
) -> c_int {
    cint!(__NR_fchmodat, dir, path, mode)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn chmod(path: *const c_char, mode: c_uint) -> c_int {
    cint!(__NR_fchmodat, AT_FDCWD, path, mode)
}

#[no_mangle]
pub extern "C" fn fchmod(fd: c_int, mode: c_uint) -> c_int {
    cint!(__NR_fchmod, fd, mode)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mkdirat(dir: c_int, path: *const c_char, mode: c_uint) -> c_int {
    cint!(__NR_mkdirat, dir, path, mode)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mkdir(path: *const c_char, mode: c_uint) -> c_int {
    cint!(__NR_mkdirat, AT_FDCWD, path, mode)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mknod(path: *const c_char, mode: c_uint, dev: u64) -> c_int {
    cint!(__NR_mknodat, AT_FDCWD, path, mode, dev)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mkfifo(path: *const c_char, mode: c_uint) -> c_int {
    unsafe { mknod(path, mode | g::S_IFIFO, 0) }
}

#[no_mangle]
pub extern "C" fn umask(mask: c_uint) -> c_uint {
    crate::syscall::fs::umask(mask)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn utimensat(
    dir: c_int,
    path: *const c_char,
    times: *const g::timespec,
    flags: c_int,
) -> c_int {
    cint!(__NR_utimensat, dir, path, times, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn futimens(fd: c_int, times: *const g::timespec) -> c_int {
    cint!(__NR_utimensat, fd, 0, times, 0)
}

/// struct utimbuf: access and modification times in seconds.
#[repr(C)]
pub struct Utimbuf {
    actime: c_long,
    modtime: c_long,
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn utime(path: *const c_char, t: *const Utimbuf) -> c_int {
    if t.is_null() {
        return cint!(__NR_utimensat, AT_FDCWD, path, 0, 0);
    }
    let ts = unsafe {
        [
            g::timespec {
                tv_sec: (*t).actime as _,
                tv_nsec: 0,
            },
            g::timespec {
                tv_sec: (*t).modtime as _,
                tv_nsec: 0,
            },
        ]
    };
    cint!(__NR_utimensat, AT_FDCWD, path, ts.as_ptr(), 0)
}

unsafe fn timevals(tv: *const g::timeval) -> [g::timespec; 2] {
    unsafe {
        [
            g::timespec {
                tv_sec: (*tv).tv_sec as _,
                tv_nsec: (*tv).tv_usec * 1000,
            },
            g::timespec {
                tv_sec: (*tv.add(1)).tv_sec as _,
                tv_nsec: (*tv.add(1)).tv_usec * 1000,
            },
        ]
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn utimes(path: *const c_char, tv: *const g::timeval) -> c_int {
    if tv.is_null() {
        return cint!(__NR_utimensat, AT_FDCWD, path, 0, 0);
    }
    let ts = unsafe { timevals(tv) };
    cint!(__NR_utimensat, AT_FDCWD, path, ts.as_ptr(), 0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn lutimes(path: *const c_char, tv: *const g::timeval) -> c_int {
    let ts = if tv.is_null() {
        None
    } else {
        Some(unsafe { timevals(tv) })
    };
    let p = ts.as_ref().map_or(null(), |t| t.as_ptr());
    cint!(__NR_utimensat, AT_FDCWD, path, p, g::AT_SYMLINK_NOFOLLOW)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn futimes(fd: c_int, tv: *const g::timeval) -> c_int {
    let ts = if tv.is_null() {
        None
    } else {
        Some(unsafe { timevals(tv) })
    };
    let p = ts.as_ref().map_or(null(), |t| t.as_ptr());
    cint!(__NR_utimensat, fd, 0, p, 0)
}

// ---- waiting ----

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn wait4(
    pid: c_int,
    status: *mut c_int,
    options: c_int,
    ru: *mut c_void,
) -> c_int {
    cint!(__NR_wait4, pid, status, options, ru)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn wait3(status: *mut c_int, options: c_int, ru: *mut c_void) -> c_int {
    cint!(__NR_wait4, -1i32, status, options, ru)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn waitpid(pid: c_int, status: *mut c_int, options: c_int) -> c_int {
    cint!(__NR_wait4, pid, status, options, 0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn wait(status: *mut c_int) -> c_int {
    cint!(__NR_wait4, -1i32, status, 0, 0)
}

// ---- resources ----

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getrlimit(res: c_int, lim: *mut g::rlimit) -> c_int {
    cint!(__NR_prlimit64, 0, res, 0, lim)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn setrlimit(res: c_int, lim: *const g::rlimit) -> c_int {
    cint!(__NR_prlimit64, 0, res, lim, 0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getrusage(who: c_int, ru: *mut c_void) -> c_int {
    cint!(__NR_getrusage, who, ru)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn select(
    n: c_int,
    r: *mut c_void,
    w: *mut c_void,
    e: *mut c_void,
    tv: *mut g::timeval,
) -> c_int {
    let mut ts = g::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    let tsp = if tv.is_null() {
        core::ptr::null_mut()
    } else {
        unsafe {
            ts.tv_sec = (*tv).tv_sec as _;
            ts.tv_nsec = (*tv).tv_usec * 1000;
        }
        &raw mut ts
    };
    let r = cint!(__NR_pselect6, n, r, w, e, tsp, 0);
    if !tv.is_null() {
        unsafe {
            (*tv).tv_sec = ts.tv_sec as _;
            (*tv).tv_usec = (ts.tv_nsec / 1000) as _;
        }
    }
    r
}

#[no_mangle]
pub extern "C" fn lseek64(fd: c_int, off: i64, whence: c_int) -> i64 {
    lseek(fd, off, whence)
}

#[no_mangle]
pub extern "C" fn setreuid(r: c_uint, e: c_uint) -> c_int {
    cint!(__NR_setreuid, r, e)
}

#[no_mangle]
pub extern "C" fn setregid(r: c_uint, e: c_uint) -> c_int {
    cint!(__NR_setregid, r, e)
}

#[no_mangle]
pub extern "C" fn setresuid(r: c_uint, e: c_uint, s: c_uint) -> c_int {
    cint!(__NR_setresuid, r, e, s)
}

#[no_mangle]
pub extern "C" fn setresgid(r: c_uint, e: c_uint, s: c_uint) -> c_int {
    cint!(__NR_setresgid, r, e, s)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getresuid(r: *mut c_uint, e: *mut c_uint, s: *mut c_uint) -> c_int {
    cint!(__NR_getresuid, r, e, s)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getresgid(r: *mut c_uint, e: *mut c_uint, s: *mut c_uint) -> c_int {
    cint!(__NR_getresgid, r, e, s)
}

/// Returns the previous filesystem user ID (the kernel never fails it).
#[no_mangle]
pub extern "C" fn setfsuid(id: c_uint) -> c_int {
    csys!(__NR_setfsuid, id) as c_int
}

#[no_mangle]
pub extern "C" fn setfsgid(id: c_uint) -> c_int {
    csys!(__NR_setfsgid, id) as c_int
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn setgroups(n: usize, list: *const c_uint) -> c_int {
    cint!(__NR_setgroups, n, list)
}

#[no_mangle]
pub extern "C" fn setpgrp() -> c_int {
    setpgid(0, 0)
}

/// Detaches from the terminal: fork (the parent exits), setsid, then
/// unless asked not to, chdir("/") and stdin/out/err on /dev/null.
#[no_mangle]
pub extern "C" fn daemon(nochdir: c_int, noclose: c_int) -> c_int {
    match fork() {
        -1 => return -1,
        0 => {}
        _ => _exit_now(),
    }
    if setsid() < 0 {
        return -1;
    }
    if nochdir == 0 {
        // SAFETY: a constant path.
        unsafe { chdir(c"/".as_ptr()) };
    }
    if noclose == 0 {
        // SAFETY: a constant path.
        let fd = unsafe { open(c"/dev/null".as_ptr(), g::O_RDWR as c_int, 0) };
        if fd < 0 {
            return -1;
        }
        for target in 0..3 {
            dup2(fd, target);
        }
        if fd > 2 {
            close(fd);
        }
    }
    0
}

fn _exit_now() -> ! {
    super::start::_exit(0)
}

#[no_mangle]
pub extern "C" fn sync_file_range(fd: c_int, off: i64, n: i64, flags: c_uint) -> c_int {
    cint!(__NR_sync_file_range, fd, off, n, flags)
}

#[no_mangle]
pub extern "C" fn syncfs(fd: c_int) -> c_int {
    cint!(__NR_syncfs, fd)
}

#[no_mangle]
pub extern "C" fn flock(fd: c_int, op: c_int) -> c_int {
    cint!(__NR_flock, fd, op)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn statfs(path: *const c_char, buf: *mut c_void) -> c_int {
    cint!(__NR_statfs, path, buf)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn fstatfs(fd: c_int, buf: *mut c_void) -> c_int {
    cint!(__NR_fstatfs, fd, buf)
}

/// getdents: getdents64's records (klibc's struct dirent has that layout).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getdents(fd: c_uint, buf: *mut c_void, n: c_uint) -> c_int {
    cint!(__NR_getdents64, fd, buf, n)
}

#[no_mangle]
pub extern "C" fn inotify_init1(flags: c_int) -> c_int {
    cint!(__NR_inotify_init1, flags)
}

#[no_mangle]
pub extern "C" fn inotify_init() -> c_int {
    inotify_init1(0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn inotify_add_watch(fd: c_int, path: *const c_char, mask: u32) -> c_int {
    cint!(__NR_inotify_add_watch, fd, path, mask)
}

#[no_mangle]
pub extern "C" fn inotify_rm_watch(fd: c_int, wd: u32) -> c_int {
    cint!(__NR_inotify_rm_watch, fd, wd)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mknodat(dir: c_int, path: *const c_char, mode: c_uint, dev: u64) -> c_int {
    cint!(__NR_mknodat, dir, path, mode, dev)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn mkfifoat(dir: c_int, path: *const c_char, mode: c_uint) -> c_int {
    cint!(__NR_mknodat, dir, path, mode | g::S_IFIFO, 0)
}

/// futimesat on utimensat (the old call is not on every architecture).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn futimesat(
    dir: c_int,
    path: *const c_char,
    tv: *const g::timeval,
) -> c_int {
    if tv.is_null() {
        return cint!(__NR_utimensat, dir, path, 0, 0);
    }
    let ts = unsafe { timevals(tv) };
    cint!(__NR_utimensat, dir, path, ts.as_ptr(), 0)
}

/// syscall(number, ...): C passes the variadic arguments in the registers
/// six more named integer arguments take (the seventh argument on the
/// stack, where both forms put it).
#[no_mangle]
pub extern "C" fn syscall(
    nr: c_long,
    a1: c_long,
    a2: c_long,
    a3: c_long,
    a4: c_long,
    a5: c_long,
    a6: c_long,
) -> c_long {
    // SAFETY: the C caller's system call and arguments, its contract.
    let r = unsafe {
        crate::arch::syscall6(
            nr as usize,
            a1 as usize,
            a2 as usize,
            a3 as usize,
            a4 as usize,
            a5 as usize,
            a6 as usize,
        )
    };
    errno::long(crate::Errno::check(r)) as c_long
}

/// A value of the auxiliary vector the kernel passed at exec; 0 and ENOENT
/// when it has none, as glibc.
#[no_mangle]
pub extern "C" fn getauxval(key: c_ulong) -> c_ulong {
    match u32::try_from(key).ok().and_then(crate::rt::auxv) {
        Some(v) => v as c_ulong,
        None => {
            errno::set(crate::Errno::NOENT);
            0
        }
    }
}

/// The terminal's path, from /proc/self/fd (the link the kernel keeps for
/// each descriptor): ENOTTY for a non-terminal, ERANGE when `len` is short.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn ttyname_r(fd: c_int, buf: *mut c_char, len: usize) -> c_int {
    if isatty(fd) == 0 {
        return errno::get();
    }
    let mut link = [0u8; 32];
    let mut d = [0u8; 24];
    let num = super::string::decimal(fd as i64, &mut d);
    const DIR: &[u8] = b"/proc/self/fd/";
    link[..DIR.len()].copy_from_slice(DIR);
    link[DIR.len()..DIR.len() + num.len()].copy_from_slice(num);
    let n = unsafe { readlink(link.as_ptr().cast(), buf, len) };
    if n < 0 {
        return errno::get();
    }
    if n as usize >= len {
        errno::set(crate::Errno::RANGE);
        return crate::uapi::errno::ERANGE as c_int;
    }
    // SAFETY: n < len bytes were written to the caller's buffer.
    unsafe { *buf.add(n as usize) = 0 };
    0
}

static mut TTYNAME: [u8; 256] = [0; 256];

/// # Safety
/// C contract (one static buffer).
#[no_mangle]
pub unsafe extern "C" fn ttyname(fd: c_int) -> *mut c_char {
    // SAFETY: single-threaded; the buffer is this function's.
    unsafe {
        let buf = &mut *(&raw mut TTYNAME);
        match ttyname_r(fd, buf.as_mut_ptr().cast(), buf.len()) {
            0 => buf.as_mut_ptr().cast(),
            e => {
                errno::set_raw(e);
                core::ptr::null_mut()
            }
        }
    }
}
