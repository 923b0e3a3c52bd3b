//! Start-up and shut-down: what runs between the kernel's `_start` and the
//! program's `main`, the program's view of argv, the environment and auxv,
//! and the panic path. A program says `klibc::main!(main);` once; the macro
//! emits `_start`, the panic handler and the global allocator in the program
//! itself, so that libraries built on klibc (and their host-side tests) carry
//! none of them.

use crate::arch::startup;
use core::ffi::CStr;

pub use crate::cabi::malloc::Allocator;

/// What `main` may return: `()` for success, an exit code, or a `Result`
/// whose error is printed as `<program>: <error>` before exiting with 1.
pub trait Termination {
    fn report(self) -> i32;
}

impl Termination for () {
    fn report(self) -> i32 {
        0
    }
}

impl Termination for i32 {
    fn report(self) -> i32 {
        self
    }
}

impl<E: core::fmt::Display> Termination for Result<(), E> {
    fn report(self) -> i32 {
        match self {
            Ok(()) => 0,
            Err(e) => {
                let _ = crate::io::write_all(crate::io::stderr(), program_name());
                crate::eprintln!(": {}", e);
                1
            }
        }
    }
}

/// Ends the process with `code`.
pub fn exit(code: i32) -> ! {
    crate::syscall::process::exit(code)
}

/// The panic path: `<program>: panicked at <file>:<line>:<col>: <message>`
/// on stderr, then exit with 101 as std does. It deliberately avoids
/// `core::fmt`, which would otherwise be linked into every program (kinit
/// must stay small): a message with format arguments is shown as its
/// location only. A program may install its own handler instead (`main!(main,
/// panic = handler)`); [`push_location`] and [`push_message`] let it say the
/// same without `core::fmt`.
#[doc(hidden)]
pub fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    let mut line = crate::io::LineBuf::new();
    line.push(program_name());
    line.push(b": panicked");
    push_location(info, &mut line);
    line.push(b":\n");
    push_message(info, &mut line);
    line.push(b"\n");
    let _ = line.write_to(crate::io::stderr());
    exit(101)
}

/// ` at <file>:<line>:<col>` of a panic, when it has a location.
pub fn push_location(info: &core::panic::PanicInfo<'_>, line: &mut crate::io::LineBuf) {
    if let Some(loc) = info.location() {
        line.push(b" at ");
        line.push(loc.file().as_bytes());
        line.push(b":");
        line.push_u64(loc.line().into());
        line.push(b":");
        line.push_u64(loc.column().into());
    }
}

/// A panic's message when it is a plain string; `out of memory` when the
/// allocator has just failed (alloc's error handler formats the size into
/// its message); otherwise a note that it is not shown.
pub fn push_message(info: &core::panic::PanicInfo<'_>, line: &mut crate::io::LineBuf) {
    match info.message().as_str() {
        Some(msg) => line.push(msg.as_bytes()),
        None if crate::cabi::malloc::last_failed() => line.push(b"out of memory"),
        None => line.push(b"(message with arguments not shown)"),
    };
}

/// The command-line arguments, argv[0] first.
pub fn args() -> Args {
    Args { next: 0 }
}

/// Iterator over the arguments; see [`args`].
#[derive(Debug, Clone)]
pub struct Args {
    next: usize,
}

impl Iterator for Args {
    type Item = &'static CStr;
    fn next(&mut self) -> Option<&'static CStr> {
        let a = startup::arg(self.next)?;
        self.next += 1;
        Some(a)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = startup::argc().saturating_sub(self.next);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Args {}

/// The environment as `NAME=value` strings.
pub fn vars() -> impl Iterator<Item = &'static CStr> {
    (0..).map_while(startup::env)
}

/// The value of environment variable `name`.
pub fn var(name: &str) -> Option<&'static CStr> {
    vars().find_map(|kv| {
        let rest = kv.to_bytes_with_nul().strip_prefix(name.as_bytes())?;
        let value = rest.strip_prefix(b"=")?;
        CStr::from_bytes_with_nul(value).ok()
    })
}

/// An auxiliary vector entry (`AT_PAGESZ`, `AT_RANDOM`, ...).
pub fn auxv(key: u32) -> Option<usize> {
    startup::auxv(key as usize)
}

/// The program's name, from argv[0] without its directory, as bytes (a
/// UTF-8 check would link `str::from_utf8` into every program).
pub fn program_name() -> &'static [u8] {
    // On bytes: str::rsplit's pattern machinery costs ~1 KB in every program.
    let name = startup::arg(0).map_or(&b"klibc"[..], |a| a.to_bytes());
    match name.iter().rposition(|&b| b == b'/') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

/// Declares the program's entry point: `klibc::main!(main);` where `main` is
/// `fn() -> T` with `T:` [`Termination`]. Emits `_start`, the panic handler
/// and the global allocator into the program. `klibc::main!(main, panic =
/// handler)` makes `handler`, a `fn(&PanicInfo) -> !`, the panic handler
/// instead of [`panic`] (kinit's, which must not exit as PID 1).
#[macro_export]
macro_rules! main {
    ($main:path) => {
        $crate::main!($main, panic = $crate::rt::panic);
    };
    ($main:path, panic = $handler:path) => {
        #[allow(unsafe_code)]
        unsafe extern "C" fn __klibc_entry(sp: *const usize) -> ! {
            // SAFETY: called once from _start with the kernel's stack.
            unsafe { $crate::arch::startup::start(sp, $main) }
        }
        $crate::__klibc_entry_asm!(__klibc_entry);

        #[panic_handler]
        fn __klibc_panic(info: &::core::panic::PanicInfo<'_>) -> ! {
            $handler(info)
        }

        // The prebuilt alloc and core are compiled for unwinding and refer to
        // the unwinder even though klibc programs abort on panic; neither
        // symbol is ever reached.
        #[no_mangle]
        #[allow(unsafe_code)]
        extern "C" fn rust_eh_personality() {}
        #[no_mangle]
        #[allow(unsafe_code)]
        extern "C" fn _Unwind_Resume() -> ! {
            $crate::rt::exit(134)
        }
        // arm's unwind tables (.ARM.exidx) name the EHABI personality
        // routines; never called either.
        #[cfg(target_arch = "arm")]
        #[no_mangle]
        #[allow(unsafe_code)]
        extern "C" fn __aeabi_unwind_cpp_pr0() {}
        #[cfg(target_arch = "arm")]
        #[no_mangle]
        #[allow(unsafe_code)]
        extern "C" fn __aeabi_unwind_cpp_pr1() {}

        #[global_allocator]
        static __KLIBC_ALLOCATOR: $crate::rt::Allocator = $crate::rt::Allocator::new();
    };
}
