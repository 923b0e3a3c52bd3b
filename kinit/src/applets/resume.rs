//! `resume /dev/<resumedevice> [offset]`: klibc-utils' resume. Hands the
//! device (and the offset, strtoull base 0, written first) to the kernel
//! through /sys/power; the kernel resumes the image there or returns.
//! Like klibc's it exits 1 on a usage error and 255 in every other case
//! (a return means no resume happened). Unlike kinit's own step it does not
//! look for the signature first: klibc's applet does not either.

use crate::resume;
use crate::say;
use core::ffi::CStr;
use klibc::fd::CWD;
use klibc::fs::{self, FileType};

pub fn main(args: &[&CStr]) -> i32 {
    if !(2..=3).contains(&args.len()) {
        let prog = args.first().map_or(&b"resume"[..], |a| a.to_bytes());
        say::line(&[b"Usage: ", prog, b" /dev/<resumedevice> [offset]"]);
        return 1;
    }
    let Some(device) = args.get(1) else {
        return 1;
    };
    let offset = args
        .get(2)
        .map_or(0, |a| resume::parse_offset(a.to_bytes()));
    let (major, minor) = device_number(device).unwrap_or((0, 0));
    if major == 0 {
        say::line(&[b"Invalid resume device: ", device.to_bytes()]);
        return 255;
    }
    if let Err(e) = resume::hand_to_kernel(b"/sys", major, minor, Some(offset)) {
        say::line(&[e.message().as_bytes()]);
    }
    255
}

/// `MAJ:MIN`, a block device node, or a hex device number (the forms
/// klibc's name_to_dev_t takes for a path it can stat or parse).
fn device_number(name: &CStr) -> Option<(u32, u32)> {
    let s = name.to_bytes();
    if let Some((maj, min)) = split_colon(s) {
        return Some((dec(maj)?, dec(min)?));
    }
    if let Ok(st) = fs::statat(CWD, name, 0) {
        return (FileType::from_mode(st.st_mode) == FileType::BlockDevice)
            .then(|| (fs::major(st.st_rdev), fs::minor(st.st_rdev)));
    }
    if s.is_empty() || s.len() > 8 || !s.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let dev = s.iter().fold(0u32, |v, &c| {
        (v << 4) | (c as char).to_digit(16).unwrap_or(0)
    });
    // The old 16-bit encoding, as the kernel's new_decode_dev.
    Some(((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00)))
}

fn split_colon(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let i = s.iter().position(|&b| b == b':')?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

fn dec(s: &[u8]) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.iter().try_fold(0u32, |v, &c| {
        let d = (c as char).to_digit(10)?;
        v.checked_mul(10)?.checked_add(d)
    })
}
