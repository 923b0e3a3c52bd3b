//! Console messages without `core::fmt` (which would double kinit's size):
//! a line is a template whose `{}`s take byte strings (one static text per
//! message, not a slice per literal piece at every call site), written to
//! standard error (or output) in one write(2); numbers are formatted into a
//! small stack buffer, and error numbers print as their strerror text.

use alloc::vec::Vec;
use klibc::fd::BorrowedFd;
use klibc::Errno;

/// Writes `template` with each `{}` replaced by the next of `args`, and a
/// newline, to standard error in one write: a message is one static text
/// at its call site rather than a slice per literal piece. A `{}` without an
/// argument left prints nothing.
pub fn msg(template: &[u8], args: &[&[u8]]) {
    fill(klibc::io::stderr(), template, args, None);
}

/// [`msg`] on standard output (an applet's results).
pub fn msg_out(template: &[u8], args: &[&[u8]]) {
    fill(klibc::io::stdout(), template, args, None);
}

/// [`msg`] followed by `: <strerror of why>`.
pub fn msg_fail(template: &[u8], args: &[&[u8]], why: Errno) {
    fill(klibc::io::stderr(), template, args, Some(why));
}

/// [`msg`], followed by `: <strerror of why>` when there is an error.
pub fn msg_opt(template: &[u8], args: &[&[u8]], why: Option<Errno>) {
    fill(klibc::io::stderr(), template, args, why);
}

/// Writes `template` filled with `args`, then `: <why>` if there is an
/// error, and a newline, in one write: every message goes through here.
fn fill(fd: BorrowedFd<'_>, template: &[u8], args: &[&[u8]], why: Option<Errno>) {
    let mut n = Num::new();
    let why = why.map(|e| errno_text(e, &mut n));
    let _ = klibc::io::write_all(fd, &render(template, args, why));
}

/// The line [`fill`] writes.
pub(crate) fn render(template: &[u8], args: &[&[u8]], why: Option<&[u8]>) -> Vec<u8> {
    let mut v = Vec::new();
    let mut args = args.iter();
    let mut rest = template.iter();
    while let Some(&b) = rest.next() {
        if b == b'{' && rest.as_slice().first() == Some(&b'}') {
            rest.next();
            v.extend_from_slice(args.next().copied().unwrap_or_default());
        } else {
            v.push(b);
        }
    }
    if let Some(why) = why {
        v.extend_from_slice(b": ");
        v.extend_from_slice(why);
    }
    v.push(b'\n');
    v
}

/// The strerror text of `e` ("error <n>" when klibc has none).
pub fn errno_text(e: Errno, n: &mut Num) -> &[u8] {
    match e.describe() {
        Some((_, msg)) => msg.as_bytes(),
        None => {
            n.prefix_error(e.raw() as u64);
            n.as_bytes()
        }
    }
}

/// A number formatted on the stack.
pub struct Num {
    buf: [u8; 32],
    start: usize,
}

impl Default for Num {
    fn default() -> Self {
        Self::new()
    }
}

impl Num {
    /// Not inlined: zeroing the buffer at each of the many call sites
    /// costs more than a call.
    #[inline(never)]
    pub const fn new() -> Num {
        Num {
            buf: [0; 32],
            start: 32,
        }
    }

    /// `v` in decimal.
    pub fn dec(&mut self, mut v: u64) -> &[u8] {
        let mut start = self.buf.len();
        for slot in self.buf.iter_mut().rev() {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
            start -= 1;
            if v == 0 {
                break;
            }
        }
        self.start = start;
        self.as_bytes()
    }

    /// A signed decimal.
    pub fn signed(&mut self, v: i64) -> &[u8] {
        self.dec(v.unsigned_abs());
        if v < 0 {
            self.push_front(b'-');
        }
        self.as_bytes()
    }

    fn prefix_error(&mut self, v: u64) {
        self.dec(v);
        for &b in b"error ".iter().rev() {
            self.push_front(b);
        }
    }

    /// Puts `b` before the text (the buffer has room for any u64 and its
    /// prefixes; were it full, `b` would be dropped rather than panic).
    fn push_front(&mut self, b: u8) {
        if let Some(i) = self.start.checked_sub(1) {
            if let Some(slot) = self.buf.get_mut(i) {
                *slot = b;
                self.start = i;
            }
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_on_the_stack() {
        let mut n = Num::new();
        assert_eq!(n.dec(0), b"0");
        assert_eq!(n.dec(1234567890), b"1234567890");
        assert_eq!(n.dec(u64::MAX), b"18446744073709551615");
        assert_eq!(n.signed(-42), b"-42");
        assert_eq!(n.signed(i64::MIN), b"-9223372036854775808");
        assert_eq!(n.signed(7), b"7");
        n.prefix_error(u64::MAX);
        assert_eq!(n.as_bytes(), b"error 18446744073709551615");
        assert_eq!(
            errno_text(Errno::from_raw(4000).unwrap(), &mut n),
            b"error 4000"
        );
    }

    #[test]
    fn templates_filled_in_order() {
        assert_eq!(render(b"ab", &[], None), b"ab\n");
        assert_eq!(render(b"x {} y {}.", &[b"1", b"{}"], None), b"x 1 y {}.\n");
        assert_eq!(render(b"{}{}{", &[b"a"], None), b"a{\n");
        assert_eq!(
            render(b"{}: {}", &[b"kinit", b"what"], Some(b"why")),
            b"kinit: what: why\n"
        );
    }
}
