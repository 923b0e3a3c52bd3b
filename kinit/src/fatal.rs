//! What PID 1 does when it cannot go on, so that it never exits (the
//! kernel would panic with "Attempted to kill init!"): [`give_up`] after a
//! failure kinit has reported, and [`panicked`], kinit's panic handler, for
//! what it did not foresee (allocation failure included: alloc's error
//! handler panics). Both do what the kernel's own panic would do with the
//! same `panic=`, and neither allocates (the allocator may be what failed).

use core::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use klibc::io::LineBuf;
use klibc::uapi::general as g;

/// `panic=` as the command line says, once kinit has read it.
static PANIC_SECS: AtomicI32 = AtomicI32::new(0);
static PANIC_KNOWN: AtomicBool = AtomicBool::new(false);
/// Set by the first panic: a second one (in the handler itself) goes
/// straight to what `panic=` says, without another word.
static PANICKING: AtomicBool = AtomicBool::new(false);

/// Records `panic=` for the panic handler (the flow calls it once it has
/// parsed the command line).
pub fn set_panic_secs(secs: i64) {
    // `Cmdline` keeps panic= in the kernel's int range.
    PANIC_SECS.store(i32::try_from(secs).unwrap_or(0), Ordering::Relaxed);
    PANIC_KNOWN.store(true, Ordering::Relaxed);
}

/// `panic=` for the panic handler: as recorded, else read from
/// /proc/cmdline into a stack buffer (a panic before the flow parsed it;
/// proc is mounted first if it is not yet, as the flow would), else the
/// kernel's default 0.
fn panic_secs() -> i64 {
    if PANIC_KNOWN.load(Ordering::Relaxed) {
        return PANIC_SECS.load(Ordering::Relaxed).into();
    }
    let open = || klibc::fs::openat(klibc::fd::CWD, c"/proc/cmdline", g::O_RDONLY, 0);
    let opened = open().or_else(|_| {
        let _ = klibc::fs::mkdirat(klibc::fd::CWD, c"/proc", 0o555);
        let flags = g::MS_NOSUID | g::MS_NOEXEC;
        let _ = klibc::mount::mount(Some(c"proc"), c"/proc", Some(c"proc"), flags.into(), None);
        open()
    });
    let mut buf = [0u8; 4096];
    let Ok(fd) = opened else {
        return 0;
    };
    let mut len = 0;
    while let Some(free) = buf.get_mut(len..).filter(|f| !f.is_empty()) {
        match klibc::io::read(&fd, free) {
            Ok(n @ 1..) => len += n,
            _ => break,
        }
    }
    crate::cmdline::panic_param(buf.get(..len).unwrap_or_default()).unwrap_or(0)
}

/// What PID 1 does when it cannot go on. The kernel would panic here
/// ("VFS: Unable to mount root fs"), and a panic honours `panic=`: so
/// kinit, which must not exit, does the same: `panic=0` (the default)
/// halts for good, `panic=N>0` reboots after N seconds, `panic=N<0` at
/// once. The console keeps what went wrong.
pub fn give_up(panic_secs: i64) -> ! {
    let mut line = LineBuf::new();
    line.push(b"kinit: cannot boot; ");
    if panic_secs == 0 {
        line.push(
            b"halted (the kernel would panic here; boot with panic=<seconds> to reboot instead)\n",
        );
    } else if panic_secs > 0 {
        line.push(b"rebooting in ");
        line.push_u64(panic_secs.unsigned_abs());
        line.push(b" seconds (panic=)\n");
    } else {
        line.push(b"rebooting (panic=-");
        line.push_u64(panic_secs.unsigned_abs());
        line.push(b")\n");
    }
    let _ = line.write_to(klibc::io::stderr());
    stop(panic_secs)
}

/// Halts (`panic=0`) or reboots, now or after `panic=` seconds; if the
/// reboot fails PID 1 stays, asleep.
fn stop(panic_secs: i64) -> ! {
    if panic_secs != 0 {
        if panic_secs > 0 {
            let _ = klibc::time::sleep_ms(panic_secs.unsigned_abs().saturating_mul(1000));
        }
        klibc::fs::sync();
        let _ = klibc::process::reboot(g::LINUX_REBOOT_CMD_RESTART);
    }
    loop {
        let _ = klibc::time::sleep_ms(3_600_000);
    }
}

/// kinit's panic handler (main.rs installs it): `kinit: internal error at
/// <file>:<line>:<col>: <message>` (the message when it is plain text,
/// `out of memory` after a failed allocation), then, as PID 1,
/// [`give_up`]; anywhere else exit 101 as klibc's own handler does.
pub fn panicked(info: &core::panic::PanicInfo<'_>) -> ! {
    let pid1 = klibc::process::getpid() == 1;
    if PANICKING.swap(true, Ordering::Relaxed) {
        if pid1 {
            stop(panic_secs())
        }
        klibc::rt::exit(101)
    }
    let mut line = LineBuf::new();
    line.push(b"kinit: internal error");
    klibc::rt::push_location(info, &mut line);
    line.push(b": ");
    klibc::rt::push_message(info, &mut line);
    line.push(b"\n");
    let _ = line.write_to(klibc::io::stderr());
    if !pid1 {
        klibc::rt::exit(101)
    }
    give_up(panic_secs())
}
