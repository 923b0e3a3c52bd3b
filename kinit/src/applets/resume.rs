//! `resume /dev/<resumedevice> [offset]`: klibc-utils' resume. Hands the
//! device (and the offset, strtoull base 0, written first) to the kernel
//! through /sys/power; the kernel resumes the image there or returns.
//! Like klibc's it exits 1 on a usage error and 255 in every other case
//! (a return means no resume happened). Unlike kinit's own step it does not
//! look for the signature first: klibc's applet does not either.

use crate::blockdevs::parse_dev;
use crate::cmdline::parse_radix;
use crate::resume;
use crate::say;
use core::ffi::CStr;
use klibc::fd::CWD;
use klibc::fs::{self, FileType};

pub fn main(args: &[&CStr]) -> i32 {
    let (device, offset) = match args {
        [_, device] => (device, 0),
        [_, device, offset] => (device, resume::parse_offset(offset.to_bytes())),
        _ => {
            let prog = args.first().map_or(&b"resume"[..], |a| a.to_bytes());
            say::msg(b"Usage: {} /dev/<resumedevice> [offset]", &[prog]);
            return 1;
        }
    };
    let (major, minor) = device_number(device).unwrap_or((0, 0));
    if major == 0 {
        say::msg(b"Invalid resume device: {}", &[device.to_bytes()]);
        return 255;
    }
    if let Err(e) = resume::hand_to_kernel(b"/sys", major, minor, Some(offset)) {
        // a fixed text without `{}`: its own template
        say::msg(e.message().as_bytes(), &[]);
    }
    255
}

/// `MAJ:MIN`, a block device node, or a hex device number (the forms
/// klibc's name_to_dev_t takes for a path it can stat or parse).
// `iter().any` on purpose: `contains` on bytes brings a word-at-a-time
// memchr into the binary (-176 B without it).
#[allow(clippy::manual_contains)]
fn device_number(name: &CStr) -> Option<(u32, u32)> {
    let s = name.to_bytes();
    if s.iter().any(|&b| b == b':') {
        return parse_dev(s);
    }
    if let Ok(st) = fs::statat(CWD, name, 0) {
        return (FileType::from_mode(st.st_mode) == FileType::BlockDevice)
            .then(|| (fs::major(st.st_rdev), fs::minor(st.st_rdev)));
    }
    let (dev, used) = parse_radix(s, 16, 0);
    if used == 0 || used != s.len() || used > 8 {
        return None;
    }
    let dev = u32::try_from(dev).ok()?;
    // The old 16-bit encoding, as the kernel's new_decode_dev.
    Some(((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00)))
}
