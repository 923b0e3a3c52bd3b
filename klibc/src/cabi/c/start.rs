//! A C program's life: `_start` (arch code) hands the kernel's stack to
//! [`__klibc_start_c`], which sets up `environ` and calls `main`; `exit` runs
//! the atexit handlers, flushes stdio and ends the process. Also the
//! environment functions, which work on `environ`.

use super::{malloc, stdio, string};
use crate::arch::startup;
use core::ffi::{c_char, c_int, c_void};
use core::ptr::null_mut;

/// C's `environ`.
#[no_mangle]
pub static mut environ: *mut *mut c_char = null_mut();
#[no_mangle]
pub static mut program_invocation_name: *mut c_char = null_mut();
#[no_mangle]
pub static mut program_invocation_short_name: *mut c_char = null_mut();

extern "C" {
    fn main(argc: c_int, argv: *mut *mut c_char, envp: *mut *mut c_char) -> c_int;
}

/// Called by `_start` with the initial stack pointer.
///
/// # Safety
/// Only `_start` calls this, once.
#[no_mangle]
pub unsafe extern "C" fn __klibc_start_c(sp: *const usize) -> ! {
    unsafe {
        startup::record(sp);
        let argc = *sp;
        let argv = sp.add(1) as *mut *mut c_char;
        let envp = argv.add(argc + 1);
        environ = envp;
        let name = *argv;
        program_invocation_name = name;
        program_invocation_short_name = name;
        if !name.is_null() {
            let slash = string::strrchr(name, b'/' as c_int);
            if !slash.is_null() {
                program_invocation_short_name = slash.add(1);
            }
        }
        exit(main(argc as c_int, argv, envp))
    }
}

/// An exit handler: atexit's, or on_exit's with its argument.
#[derive(Clone, Copy)]
enum AtExit {
    None,
    Plain(extern "C" fn()),
    WithArg(extern "C" fn(c_int, *mut c_void), *mut c_void),
}

const ATEXIT_MAX: usize = 32;
static mut ATEXIT: [AtExit; ATEXIT_MAX] = [AtExit::None; ATEXIT_MAX];
static mut ATEXIT_N: usize = 0;

fn push_handler(h: AtExit) -> c_int {
    // SAFETY: single-threaded; plain globals.
    unsafe {
        let n = ATEXIT_N;
        if n >= ATEXIT_MAX {
            return -1;
        }
        (*(&raw mut ATEXIT))[n] = h;
        ATEXIT_N = n + 1;
    }
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn atexit(f: extern "C" fn()) -> c_int {
    push_handler(AtExit::Plain(f))
}

/// A handler that exit calls with its status and `arg` (SunOS and glibc).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn on_exit(f: extern "C" fn(c_int, *mut c_void), arg: *mut c_void) -> c_int {
    push_handler(AtExit::WithArg(f, arg))
}

#[no_mangle]
pub extern "C" fn exit(code: c_int) -> ! {
    // SAFETY: single-threaded; handlers may register more, which run too.
    unsafe {
        while ATEXIT_N > 0 {
            ATEXIT_N -= 1;
            match (*(&raw const ATEXIT))[ATEXIT_N] {
                AtExit::Plain(f) => f(),
                AtExit::WithArg(f, arg) => f(code, arg),
                AtExit::None => {}
            }
        }
    }
    stdio::flush_all();
    crate::syscall::process::exit(code)
}

#[no_mangle]
pub extern "C" fn _exit(code: c_int) -> ! {
    crate::syscall::process::exit(code)
}

#[no_mangle]
pub extern "C" fn _Exit(code: c_int) -> ! {
    crate::syscall::process::exit(code)
}

#[no_mangle]
pub extern "C" fn abort() -> ! {
    let sig = crate::uapi::general::SIGABRT as c_int;
    super::signal::unblock_and_default(sig);
    let _ = crate::syscall::process::kill(crate::syscall::process::getpid(), sig as u32);
    crate::syscall::process::exit(127)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn __assert_fail(
    expr: *const c_char,
    file: *const c_char,
    line: u32,
    func: *const c_char,
) -> ! {
    unsafe {
        stdio::fprintf_args(
            stdio::stderr,
            c"%s: %s:%u: %s: Assertion `%s' failed.\n".as_ptr(),
            &[
                program_invocation_short_name as usize,
                file as usize,
                line as usize,
                func as usize,
                expr as usize,
            ],
        );
    }
    abort()
}

/// The entry of `environ` for `name` (`len` bytes, no '='), if any.
unsafe fn find(name: *const c_char, len: usize) -> Option<*mut *mut c_char> {
    unsafe {
        let mut p = environ;
        if p.is_null() {
            return None;
        }
        while !(*p).is_null() {
            let e = *p;
            if string::strncmp(e, name, len) == 0 && *e.add(len) == b'=' as c_char {
                return Some(p);
            }
            p = p.add(1);
        }
        None
    }
}

fn name_len(name: *const c_char) -> Option<usize> {
    if name.is_null() {
        return None;
    }
    // SAFETY: C string.
    let len = unsafe { string::strchrnul(name, b'=' as c_int).offset_from(name) as usize };
    // SAFETY: within the string.
    (len != 0 && unsafe { *name.add(len) } == 0).then_some(len)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getenv(name: *const c_char) -> *mut c_char {
    let Some(len) = name_len(name) else {
        return null_mut();
    };
    match unsafe { find(name, len) } {
        Some(p) => unsafe { (*p).add(len + 1) },
        None => null_mut(),
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn secure_getenv(name: *const c_char) -> *mut c_char {
    unsafe { getenv(name) }
}

/// Whether `environ` is our own malloc'd array (then it may be realloc'd).
static mut ENV_OWNED: bool = false;

/// Puts `entry` (`NAME=value`) into `environ`, replacing the entry for the
/// same name.
unsafe fn put(entry: *mut c_char, len: usize) -> c_int {
    unsafe {
        if let Some(p) = find(entry, len) {
            *p = entry;
            return 0;
        }
        let mut n = 0;
        if !environ.is_null() {
            while !(*environ.add(n)).is_null() {
                n += 1;
            }
        }
        let size = (n + 2) * core::mem::size_of::<*mut c_char>();
        let new = if ENV_OWNED {
            malloc::realloc(environ.cast(), size)
        } else {
            let q = malloc::malloc(size);
            if !q.is_null() && n > 0 {
                crate::arch::copy_forward(q.cast(), environ.cast(), n * 8);
            }
            q
        } as *mut *mut c_char;
        if new.is_null() {
            return -1;
        }
        *new.add(n) = entry;
        *new.add(n + 1) = null_mut();
        environ = new;
        ENV_OWNED = true;
        0
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn setenv(name: *const c_char, value: *const c_char, over: c_int) -> c_int {
    let Some(len) = name_len(name) else {
        super::errno::set(crate::Errno::INVAL);
        return -1;
    };
    unsafe {
        if over == 0 && find(name, len).is_some() {
            return 0;
        }
        let vlen = string::strlen(value);
        let e = malloc::malloc(len + vlen + 2) as *mut c_char;
        if e.is_null() {
            return -1;
        }
        crate::arch::copy_forward(e.cast(), name.cast(), len);
        *e.add(len) = b'=' as c_char;
        crate::arch::copy_forward(e.add(len + 1).cast(), value.cast(), vlen + 1);
        put(e, len)
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn putenv(entry: *mut c_char) -> c_int {
    unsafe {
        let len = string::strchrnul(entry, b'=' as c_int).offset_from(entry) as usize;
        if *entry.add(len) == 0 {
            return unsetenv(entry);
        }
        put(entry, len)
    }
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn unsetenv(name: *const c_char) -> c_int {
    let Some(len) = name_len(name) else {
        super::errno::set(crate::Errno::INVAL);
        return -1;
    };
    unsafe {
        while let Some(p) = find(name, len) {
            let mut q = p;
            while !(*q).is_null() {
                *q = *q.add(1);
                q = q.add(1);
            }
        }
    }
    0
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn clearenv() -> c_int {
    unsafe {
        if !environ.is_null() {
            *environ = null_mut();
        }
    }
    0
}
