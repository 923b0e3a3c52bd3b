//! Reading, writing and formatted output. The syscalls are re-exported from
//! [`crate::syscall::io`]; on top, [`write_all`], [`read_to_end`] and a
//! small buffered [`FdWriter`] behind the `print!` family of macros, so that a
//! line reaches the console in one write(2).

pub use crate::syscall::fd::{stderr, stdin, stdout};
pub use crate::syscall::io::*;

use crate::errno::{Errno, Result};
use crate::fd::{AsFd, BorrowedFd};
use alloc_crate::vec::Vec;
use core::fmt;

/// Writes all of `buf`, retrying short writes and EINTR.
pub fn write_all(fd: impl AsFd, mut buf: &[u8]) -> Result<()> {
    let fd = fd.as_fd();
    while !buf.is_empty() {
        match write(fd, buf) {
            Ok(0) => return Err(Errno::IO),
            // The kernel never reports more than it was given.
            Ok(n) => buf = buf.get(n..).unwrap_or_default(),
            Err(Errno::INTR) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads until end of file, appending to `out`; returns the bytes read.
pub fn read_to_end(fd: impl AsFd, out: &mut Vec<u8>) -> Result<usize> {
    let fd = fd.as_fd();
    let start = out.len();
    loop {
        if out.capacity() - out.len() < 512 {
            out.reserve(out.capacity().max(4096));
        }
        let len = out.len();
        out.resize(out.capacity(), 0);
        match read(fd, out.get_mut(len..).unwrap_or_default()) {
            Ok(0) => {
                out.truncate(len);
                return Ok(len - start);
            }
            Ok(n) => out.truncate(len + n),
            Err(Errno::INTR) => out.truncate(len),
            Err(e) => {
                out.truncate(len);
                return Err(e);
            }
        }
    }
}

/// A `core::fmt::Write` to a file descriptor through a 256-byte stack buffer,
/// flushed when full and on [`FdWriter::flush`] (or drop).
pub struct FdWriter<'fd> {
    fd: BorrowedFd<'fd>,
    buf: [u8; 256],
    len: usize,
    error: Option<Errno>,
}

impl<'fd> FdWriter<'fd> {
    pub fn new(fd: BorrowedFd<'fd>) -> Self {
        FdWriter {
            fd,
            buf: [0; 256],
            len: 0,
            error: None,
        }
    }

    /// Writes out what is buffered; reports the first error seen so far.
    pub fn flush(&mut self) -> Result<()> {
        if self.len > 0 {
            let r = write_all(self.fd, &self.buf[..self.len]);
            self.len = 0;
            if let Err(e) = r {
                self.error.get_or_insert(e);
            }
        }
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl fmt::Write for FdWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let bytes = s.as_bytes();
        if self.len + bytes.len() > self.buf.len() {
            let _ = self.flush();
            if bytes.len() > self.buf.len() {
                return write_all(self.fd, bytes).map_err(|_| fmt::Error);
            }
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
        Ok(())
    }
}

impl Drop for FdWriter<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// A line assembled without `core::fmt` (which costs several KiB in every
/// binary that uses it): bytes and decimal numbers into a 512-byte stack
/// buffer, written with one write(2). What does not fit is cut.
pub struct LineBuf {
    buf: [u8; 512],
    len: usize,
}

impl LineBuf {
    pub const fn new() -> Self {
        LineBuf {
            buf: [0; 512],
            len: 0,
        }
    }

    /// Appends bytes, as many as fit.
    pub fn push(&mut self, bytes: &[u8]) -> &mut Self {
        // Byte by byte through iterators: no index that could panic (the
        // panic path itself uses a LineBuf).
        let free = self.buf.iter_mut().skip(self.len);
        for (dst, &b) in free.zip(bytes) {
            *dst = b;
            self.len += 1;
        }
        self
    }

    /// Appends a number in decimal.
    pub fn push_u64(&mut self, mut v: u64) -> &mut Self {
        // u64::MAX has 20 digits; filled from the end.
        let mut digits = [0u8; 20];
        let mut n = 0;
        for d in digits.iter_mut().rev() {
            *d = b'0' + (v % 10) as u8;
            v /= 10;
            n += 1;
            if v == 0 {
                break;
            }
        }
        self.push(digits.get(digits.len() - n..).unwrap_or_default())
    }

    /// The line so far.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }

    /// Writes the line out in one go.
    pub fn write_to(&self, fd: impl AsFd) -> Result<()> {
        write_all(fd, self.as_bytes())
    }
}

impl Default for LineBuf {
    fn default() -> Self {
        Self::new()
    }
}

/// Formats to `fd`; used by the macros.
#[doc(hidden)]
pub fn print_to(fd: BorrowedFd<'_>, args: fmt::Arguments<'_>) -> Result<()> {
    let mut w = FdWriter::new(fd);
    let r = fmt::write(&mut w, args);
    w.flush()?;
    r.map_err(|_| Errno::IO)
}

/// Formatted output to a file descriptor: `fdprint!(fd, "...", ...)`;
/// evaluates to `Result<(), Errno>`.
#[macro_export]
macro_rules! fdprint {
    ($fd:expr, $($arg:tt)*) => {
        $crate::io::print_to($crate::fd::AsFd::as_fd(&$fd), format_args!($($arg)*))
    };
}

/// Like `fdprint!`, adding a newline.
#[macro_export]
macro_rules! fdprintln {
    ($fd:expr) => { $crate::fdprint!($fd, "\n") };
    ($fd:expr, $($arg:tt)*) => {
        $crate::io::print_to($crate::fd::AsFd::as_fd(&$fd), format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` to standard output (errors are ignored, as std's would panic).
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => { { let _ = $crate::fdprint!($crate::io::stdout(), $($arg)*); } };
}

/// `println!` to standard output.
#[macro_export]
macro_rules! println {
    () => { $crate::print!("\n") };
    ($($arg:tt)*) => { { let _ = $crate::fdprintln!($crate::io::stdout(), $($arg)*); } };
}

/// `eprint!` to standard error.
#[macro_export]
macro_rules! eprint {
    ($($arg:tt)*) => { { let _ = $crate::fdprint!($crate::io::stderr(), $($arg)*); } };
}

/// `eprintln!` to standard error.
#[macro_export]
macro_rules! eprintln {
    () => { $crate::eprint!("\n") };
    ($($arg:tt)*) => { { let _ = $crate::fdprintln!($crate::io::stderr(), $($arg)*); } };
}
