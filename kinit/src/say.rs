//! Console messages without `core::fmt` (which would double kinit's size):
//! a line is a list of byte strings written to standard error in one
//! write(2), numbers are formatted into a small stack buffer, and error
//! numbers print as their strerror text.

use alloc::vec::Vec;
use klibc::Errno;

/// Writes the parts and a newline to standard error in one write.
pub fn line(parts: &[&[u8]]) {
    let mut v = Vec::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + 1);
    for p in parts {
        v.extend_from_slice(p);
    }
    v.push(b'\n');
    let _ = klibc::io::write_all(klibc::io::stderr(), &v);
}

/// `<prog>: <what>: <why>` on standard error.
pub fn fail(prog: &[u8], what: &[&[u8]], why: Errno) {
    let mut n = Num::new();
    let mut parts: Vec<&[u8]> = Vec::with_capacity(what.len() + 4);
    parts.push(prog);
    parts.push(b": ");
    parts.extend_from_slice(what);
    parts.push(b": ");
    parts.push(errno_text(why, &mut n));
    line(&parts);
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
    pub const fn new() -> Num {
        Num {
            buf: [0; 32],
            start: 32,
        }
    }

    /// `v` in decimal.
    pub fn dec(&mut self, mut v: u64) -> &[u8] {
        let mut i = self.buf.len();
        loop {
            i -= 1;
            self.buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.start = i;
        &self.buf[i..]
    }

    /// A signed decimal.
    pub fn signed(&mut self, v: i64) -> &[u8] {
        self.dec(v.unsigned_abs());
        if v < 0 {
            self.start -= 1;
            self.buf[self.start] = b'-';
        }
        &self.buf[self.start..]
    }

    fn prefix_error(&mut self, v: u64) {
        self.dec(v);
        for &b in b"error ".iter().rev() {
            self.start -= 1;
            self.buf[self.start] = b;
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[self.start..]
    }
}
