//! Error numbers: [`Errno`] wraps the kernel's `E*` value from a failed
//! syscall, and every wrapper returns [`Result<T>`]. The values come from
//! `uapi::errno`; this file only gives them Rust names and messages.

use crate::uapi::errno as e;
use core::fmt;

/// A kernel error number (always in 1..=4095).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(u16);

/// The result of a syscall wrapper.
pub type Result<T> = core::result::Result<T, Errno>;

macro_rules! errnos {
    ($($name:ident = $c:ident, $msg:literal;)*) => {
        impl Errno {
            $(
                #[doc = $msg]
                pub const $name: Errno = Errno(e::$c as u16);
            )*

            /// The C name and strerror-style message, when klibc knows them.
            pub fn describe(self) -> Option<(&'static str, &'static str)> {
                // One array of numbers and one string of "NAME\0message\0"
                // pairs in the same order: a lookup is a short loop, where a
                // `match` compiles to a jump table and a branch per errno
                // (early userspace carries this in every binary).
                const NUMBERS: &[u16] = &[$(e::$c as u16),*];
                const TEXTS: &str = concat!($(stringify!($c), "\0", $msg, "\0"),*);
                let i = NUMBERS.iter().position(|&n| n == self.0)?;
                let mut rest = TEXTS;
                let mut next = || {
                    let end = rest.bytes().position(|b| b == 0)?;
                    let piece = rest.get(..end)?;
                    rest = rest.get(end + 1..)?;
                    Some(piece)
                };
                for _ in 0..2 * i {
                    next()?;
                }
                Some((next()?, next()?))
            }
        }
    };
}

errnos! {
    PERM = EPERM, "Operation not permitted";
    NOENT = ENOENT, "No such file or directory";
    SRCH = ESRCH, "No such process";
    INTR = EINTR, "Interrupted system call";
    IO = EIO, "I/O error";
    NXIO = ENXIO, "No such device or address";
    TOOBIG = E2BIG, "Argument list too long";
    NOEXEC = ENOEXEC, "Exec format error";
    BADF = EBADF, "Bad file descriptor";
    CHILD = ECHILD, "No child processes";
    AGAIN = EAGAIN, "Resource temporarily unavailable";
    NOMEM = ENOMEM, "Out of memory";
    ACCES = EACCES, "Permission denied";
    FAULT = EFAULT, "Bad address";
    NOTBLK = ENOTBLK, "Block device required";
    BUSY = EBUSY, "Device or resource busy";
    EXIST = EEXIST, "File exists";
    XDEV = EXDEV, "Cross-device link";
    NODEV = ENODEV, "No such device";
    NOTDIR = ENOTDIR, "Not a directory";
    ISDIR = EISDIR, "Is a directory";
    INVAL = EINVAL, "Invalid argument";
    NFILE = ENFILE, "Too many open files in system";
    MFILE = EMFILE, "Too many open files";
    NOTTY = ENOTTY, "Not a typewriter";
    TXTBSY = ETXTBSY, "Text file busy";
    FBIG = EFBIG, "File too large";
    NOSPC = ENOSPC, "No space left on device";
    SPIPE = ESPIPE, "Illegal seek";
    ROFS = EROFS, "Read-only file system";
    MLINK = EMLINK, "Too many links";
    PIPE = EPIPE, "Broken pipe";
    RANGE = ERANGE, "Math result not representable";
    NAMETOOLONG = ENAMETOOLONG, "File name too long";
    NOSYS = ENOSYS, "Function not implemented";
    NOTEMPTY = ENOTEMPTY, "Directory not empty";
    LOOP = ELOOP, "Too many symbolic links encountered";
    NODATA = ENODATA, "No data available";
    TIME = ETIME, "Timer expired";
    PROTO = EPROTO, "Protocol error";
    OVERFLOW = EOVERFLOW, "Value too large for defined data type";
    NOTSOCK = ENOTSOCK, "Socket operation on non-socket";
    MSGSIZE = EMSGSIZE, "Message too long";
    PROTONOSUPPORT = EPROTONOSUPPORT, "Protocol not supported";
    OPNOTSUPP = EOPNOTSUPP, "Operation not supported";
    AFNOSUPPORT = EAFNOSUPPORT, "Address family not supported by protocol";
    ADDRINUSE = EADDRINUSE, "Address already in use";
    ADDRNOTAVAIL = EADDRNOTAVAIL, "Cannot assign requested address";
    NETDOWN = ENETDOWN, "Network is down";
    NETUNREACH = ENETUNREACH, "Network is unreachable";
    CONNRESET = ECONNRESET, "Connection reset by peer";
    NOBUFS = ENOBUFS, "No buffer space available";
    ISCONN = EISCONN, "Transport endpoint is already connected";
    NOTCONN = ENOTCONN, "Transport endpoint is not connected";
    TIMEDOUT = ETIMEDOUT, "Connection timed out";
    CONNREFUSED = ECONNREFUSED, "Connection refused";
    HOSTUNREACH = EHOSTUNREACH, "No route to host";
    ALREADY = EALREADY, "Operation already in progress";
    INPROGRESS = EINPROGRESS, "Operation now in progress";
    STALE = ESTALE, "Stale file handle";
    NOMEDIUM = ENOMEDIUM, "No medium found";
    MEDIUMTYPE = EMEDIUMTYPE, "Wrong medium type";
    CANCELED = ECANCELED, "Operation Canceled";
    NOKEY = ENOKEY, "Required key not available";
    KEYREJECTED = EKEYREJECTED, "Key was rejected by service";
}

impl Errno {
    /// Wraps a raw error number; `None` outside the kernel's 1..=4095 range.
    pub const fn from_raw(raw: i32) -> Option<Errno> {
        if raw >= 1 && raw <= 4095 {
            Some(Errno(raw as u16))
        } else {
            None
        }
    }

    /// The positive error number.
    pub const fn raw(self) -> i32 {
        self.0 as i32
    }

    /// Splits a raw syscall return into a value or an error: the kernel
    /// returns -4095..=-1 for errors.
    #[inline]
    pub(crate) fn check(ret: usize) -> Result<usize> {
        if ret > (-4096isize) as usize {
            Err(Errno((ret as isize).unsigned_abs() as u16))
        } else {
            Ok(ret)
        }
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.describe() {
            Some((name, _)) => f.write_str(name),
            None => write!(f, "Errno({})", self.0),
        }
    }
}

/// strerror-style: "No such file or directory", or "error 123".
impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.describe() {
            Some((_, msg)) => f.write_str(msg),
            None => write!(f, "error {}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_returns_split_into_values_and_errors() {
        assert_eq!(Errno::check(0), Ok(0));
        assert_eq!(Errno::check(12345), Ok(12345));
        assert_eq!(Errno::check(-2isize as usize), Err(Errno::NOENT));
        assert_eq!(
            Errno::check(-4095isize as usize).map_err(Errno::raw),
            Err(4095)
        );
        // -4096 is not an error number: mmap may return such addresses.
        assert_eq!(Errno::check(-4096isize as usize), Ok(-4096isize as usize));
    }

    #[test]
    fn names_and_messages() {
        extern crate std;
        use std::format;
        assert_eq!(format!("{:?}", Errno::NOENT), "ENOENT");
        assert_eq!(format!("{}", Errno::NOENT), "No such file or directory");
        assert_eq!(format!("{}", Errno::from_raw(4000).unwrap()), "error 4000");
        assert_eq!(Errno::from_raw(0), None);
        assert_eq!(Errno::from_raw(4096), None);
    }

    #[test]
    fn every_name_and_message_paired() {
        // The first, one in the middle and the last of the packed table.
        assert_eq!(
            Errno::PERM.describe(),
            Some(("EPERM", "Operation not permitted"))
        );
        assert_eq!(
            Errno::NOTEMPTY.describe(),
            Some(("ENOTEMPTY", "Directory not empty"))
        );
        assert_eq!(
            Errno::KEYREJECTED.describe(),
            Some(("EKEYREJECTED", "Key was rejected by service"))
        );
        // Every known number gives an E-name and a message, none shifted.
        let mut known = 0;
        for raw in 1..=4095 {
            if let Some((name, msg)) = Errno::from_raw(raw).and_then(Errno::describe) {
                let upper = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
                assert!(
                    name.starts_with('E') && name.bytes().all(upper),
                    "{raw}: {name}"
                );
                assert!(msg.bytes().any(|b| b.is_ascii_lowercase()), "{raw}: {msg}");
                known += 1;
            }
        }
        assert!(known >= 60, "{known}");
    }
}
