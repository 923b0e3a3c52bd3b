//! `fstype [file]`: klibc-utils' fstype. Identifies the filesystem on
//! `file` (stdin when absent or `-`) and prints `FSTYPE=<type>` and
//! `FSSIZE=<bytes>` as klibc's does; exit 0 when known, 1 for "unknown"
//! (and for a usage error), 2 when the file cannot be opened or read.

use crate::probe::{self, Device};
use crate::say::{self, Num};
use core::ffi::CStr;
use klibc::uapi::auxvec::AT_PAGESZ;

// Out of line: smaller than inlined into the applet dispatch.
#[inline(never)]
pub fn main(args: &[&CStr]) -> i32 {
    if args.len() > 2 {
        let prog = args.first().map_or(&b"fstype"[..], |a| a.to_bytes());
        say::msg(b"Usage: {} [file]", &[prog]);
        return 1;
    }
    let page = klibc::rt::auxv(AT_PAGESZ).map_or(probe::DEFAULT_PAGE_SIZE, |p| p as u64);
    let (name, found) = match args.get(1).filter(|a| a.to_bytes() != b"-") {
        Some(path) => match Device::open(path) {
            Ok(mut dev) => (path.to_bytes(), probe::identify(&mut dev, page)),
            Err(e) => {
                say::msg_fail(b"fstype: {}", &[path.to_bytes()], e);
                return 2;
            }
        },
        None => (
            &b"stdin"[..],
            probe::identify(&mut klibc::io::stdin(), page),
        ),
    };
    let found = match found {
        Ok(found) => found,
        Err(e) => {
            let mut n = Num::new();
            let [a, b] = e.parts(&mut n);
            say::msg(b"fstype: {}: {}{}", &[name, a, b]);
            return 2;
        }
    };
    let (fstype, size) = found
        .as_ref()
        .map_or(("unknown", 0), |i| (i.fstype, i.size));
    let mut n = Num::new();
    // In one write, as klibc's.
    say::msg_out(b"FSTYPE={}\nFSSIZE={}", &[fstype.as_bytes(), n.dec(size)]);
    if found.is_some() {
        0
    } else {
        1
    }
}
