//! syslog.h on the kernel's log: early userspace has no syslog daemon, so
//! messages go to /dev/kmsg as `<facility|priority>ident[pid]: text`, where
//! the kernel files them under the facility given (LOG_USER unless openlog
//! or the priority names one). glibc's semantics otherwise: the identity
//! defaults to the program's name, LOG_PERROR copies the message to stderr,
//! LOG_CONS falls back to /dev/console, setlogmask filters priorities and
//! the format knows `%m`.

use super::stdio::vsnprintf;
use super::unistd::{close, open, write};
use super::valist::VaList;
use core::ffi::{c_char, c_int};

const LOG_PID: c_int = 0x01;
const LOG_CONS: c_int = 0x02;
const LOG_NDELAY: c_int = 0x08;
const LOG_PERROR: c_int = 0x20;
const LOG_USER: c_int = 1 << 3;
const LOG_FACMASK: c_int = 0x03f8;

static mut FD: c_int = -1;
static mut IDENT: *const c_char = core::ptr::null();
static mut OPTIONS: c_int = 0;
static mut FACILITY: c_int = LOG_USER;
static mut MASK: c_int = 0xff;

fn open_log() -> c_int {
    // SAFETY: single-threaded; plain globals.
    unsafe {
        if FD < 0 {
            let flags = crate::uapi::general::O_WRONLY | crate::uapi::general::O_CLOEXEC;
            FD = open(c"/dev/kmsg".as_ptr(), flags as c_int, 0);
        }
        FD
    }
}

/// # Safety
/// C contract (`ident` is kept, not copied, as in glibc).
#[no_mangle]
pub unsafe extern "C" fn openlog(ident: *const c_char, option: c_int, facility: c_int) {
    // SAFETY: single-threaded; plain globals.
    unsafe {
        IDENT = ident;
        OPTIONS = option;
        if facility != 0 && facility & !LOG_FACMASK == 0 {
            FACILITY = facility;
        }
    }
    if option & LOG_NDELAY != 0 {
        open_log();
    }
}

#[no_mangle]
pub extern "C" fn closelog() {
    // SAFETY: single-threaded; plain globals.
    unsafe {
        if FD >= 0 {
            close(FD);
        }
        FD = -1;
        IDENT = core::ptr::null();
    }
}

#[no_mangle]
pub extern "C" fn setlogmask(mask: c_int) -> c_int {
    // SAFETY: single-threaded; a plain global.
    unsafe {
        let old = MASK;
        if mask != 0 {
            MASK = mask;
        }
        old
    }
}

/// Appends `s` to `buf[*n..]`, as much as fits.
fn put(buf: &mut [u8], n: &mut usize, s: &[u8]) {
    let k = s.len().min(buf.len().saturating_sub(*n));
    buf[*n..*n + k].copy_from_slice(&s[..k]);
    *n += k;
}

/// vsyslog's body, also what the variadic `syslog` stub (klibc/src/arch)
/// calls with its `va_list`.
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn vsyslog(pri: c_int, fmt: *const c_char, ap: VaList) {
    // SAFETY: single-threaded globals; `fmt` and `ap` are the caller's.
    unsafe {
        if MASK & (1 << (pri & 7)) == 0 {
            return;
        }
        let saved_errno = super::errno::get();
        let mut pri = pri & (LOG_FACMASK | 7);
        if pri & LOG_FACMASK == 0 {
            pri |= FACILITY;
        }
        let mut buf = [0u8; 1024];
        let mut n = 0;
        let mut num = [0u8; 24];
        put(&mut buf, &mut n, b"<");
        put(
            &mut buf,
            &mut n,
            super::string::decimal(pri as i64, &mut num),
        );
        put(&mut buf, &mut n, b">");
        let head = n;
        let ident = if IDENT.is_null() {
            super::start::program_invocation_short_name as *const c_char
        } else {
            IDENT
        };
        if !ident.is_null() {
            put(
                &mut buf,
                &mut n,
                core::ffi::CStr::from_ptr(ident).to_bytes(),
            );
        }
        if OPTIONS & LOG_PID != 0 {
            put(&mut buf, &mut n, b"[");
            let pid = super::unistd::getpid() as i64;
            put(&mut buf, &mut n, super::string::decimal(pid, &mut num));
            put(&mut buf, &mut n, b"]");
        }
        put(&mut buf, &mut n, b": ");
        // Room for the newline and the NUL.
        let room = buf.len() - 1 - n;
        super::errno::set_raw(saved_errno);
        let want = vsnprintf(buf.as_mut_ptr().add(n).cast(), room, fmt, ap);
        n += (want.max(0) as usize).min(room - 1);
        if buf[n - 1] != b'\n' {
            buf[n] = b'\n';
            n += 1;
        }
        let fd = open_log();
        let mut sent = fd >= 0 && write(fd, buf.as_ptr().cast(), n) == n as isize;
        if !sent && OPTIONS & LOG_CONS != 0 {
            let flags = crate::uapi::general::O_WRONLY | crate::uapi::general::O_NOCTTY;
            let c = open(c"/dev/console".as_ptr(), flags as c_int, 0);
            if c >= 0 {
                sent = write(c, buf.as_ptr().add(head).cast(), n - head) > 0;
                close(c);
            }
        }
        let _ = sent;
        if OPTIONS & LOG_PERROR != 0 {
            write(2, buf.as_ptr().add(head).cast(), n - head);
        }
        super::errno::set_raw(saved_errno);
    }
}
