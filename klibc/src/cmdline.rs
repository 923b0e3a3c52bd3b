//! The kernel command line, as /proc/cmdline gives it (proc must be mounted).
//! Parsing it is kinit's job; this only reads it.

use crate::errno::Result;
use crate::fd::CWD;
use alloc_crate::vec::Vec;

/// /proc/cmdline's contents without the trailing newline.
pub fn read() -> Result<Vec<u8>> {
    let mut v = crate::fs::read_file(CWD, c"/proc/cmdline")?;
    while v.last().is_some_and(|b| *b == b'\n' || *b == 0) {
        v.pop();
    }
    Ok(v)
}
