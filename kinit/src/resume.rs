//! Resuming from hibernation before root is mounted, as klibc's resume
//! does: the resume device (and `resume_offset`) go to /sys/power, and the
//! kernel takes over if it finds an image there. kinit first looks for the
//! swsusp signature itself (with [`crate::probe`]), so a boot without an
//! image says so and goes on without touching /sys/power. Used by kinit's
//! PID-1 flow and by the `resume` applet.

use crate::blockdevs::cpath;
use crate::probe::{self, BlockRead, ProbeError};
use crate::say::{self, Num};
use core::ffi::CStr;
use klibc::fd::CWD;
use klibc::uapi::general as g;
use klibc::Errno;

/// Whether `dev` holds a hibernation image signature (swsusp's S1SUSPEND,
/// or the older S2SUSPEND/ULSUSPEND) in the swap header `offset` pages in.
pub fn has_image(dev: &mut dyn BlockRead, offset: u64, page_size: u64) -> Result<bool, ProbeError> {
    let base = offset
        .checked_mul(page_size)
        .ok_or(ProbeError::Short { offset: u64::MAX })?;
    // The signature ends the header page. A device too short for it has
    // no image; that is not an error.
    let mut blk = [0u8; 1024];
    let Some(at) = base.checked_add(page_size.saturating_sub(1024)) else {
        return Ok(false);
    };
    match probe::read_exact(dev, at, &mut blk) {
        Ok(()) => Ok(probe::is_suspend_block(&blk)),
        Err(ProbeError::Short { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Why handing the device to the kernel failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SysfsError {
    /// /sys/power/resume_offset could not be written.
    Offset(Errno),
    /// /sys/power/resume could not be written.
    Resume(Errno),
}

impl SysfsError {
    /// klibc's messages for the two failures.
    pub fn message(self) -> &'static str {
        match self {
            SysfsError::Offset(_) => "Cannot write /sys/power/resume_offset (no software suspend kernel support, or old kernel version?)",
            SysfsError::Resume(_) => "Cannot write /sys/power/resume (no software suspend kernel support?)",
        }
    }
}

/// Writes `offset` (when given) to `<sysfs>/power/resume_offset`, then
/// `MAJ:MIN` to `<sysfs>/power/resume`. With an image there the kernel
/// resumes it and this never returns; a return means it did not.
pub fn hand_to_kernel(
    sysfs: &[u8],
    major: u32,
    minor: u32,
    offset: Option<u64>,
) -> Result<(), SysfsError> {
    let mut n = Num::new();
    if let Some(off) = offset {
        write_attr(sysfs, b"/power/resume_offset", n.dec(off)).map_err(SysfsError::Offset)?;
    }
    let mut v = klibc::io::LineBuf::new();
    v.push_u64(u64::from(major))
        .push(b":")
        .push_u64(u64::from(minor));
    write_attr(sysfs, b"/power/resume", v.as_bytes()).map_err(SysfsError::Resume)
}

fn write_attr(sysfs: &[u8], name: &[u8], value: &[u8]) -> Result<(), Errno> {
    let path = cpath(&[sysfs, name]);
    let path = CStr::from_bytes_with_nul(&path).map_err(|_| Errno::INVAL)?;
    let fd = klibc::fs::openat(CWD, path, g::O_WRONLY | g::O_CLOEXEC, 0)?;
    match klibc::io::write(&fd, value)? {
        n if n == value.len() => Ok(()),
        _ => Err(Errno::IO),
    }
}

/// `strtoull(s, NULL, 0)` as klibc reads `resume_offset=` and the applet's
/// offset: optional `0x` (hex) or leading `0` (octal), digits up to the
/// first that does not fit, 0 when there are none, saturating on overflow.
pub fn parse_offset(s: &[u8]) -> u64 {
    let s = match s {
        [b'+', rest @ ..] => rest,
        _ => s,
    };
    crate::cmdline::parse_prefix(s).0
}

/// What [`resume`] did, for kinit to go on with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No image signature on the device: nothing written.
    NoImage,
    /// The device was handed to the kernel and it came back (the image
    /// could not be resumed).
    Returned,
    /// The device could not be read, or /sys/power not written.
    Failed,
}

/// kinit's step before mounting root: `dev` (already resolved from
/// `resume=`, named `name` in messages, number `major:minor`) is checked
/// for an image `offset` pages in and, when there is one, handed to the
/// kernel through `<sysfs>/power`. Every outcome is said on the console;
/// none stops the boot.
#[allow(clippy::too_many_arguments)]
// Out of line: smaller than inlined into PID 1's flow.
#[inline(never)]
pub fn resume(
    dev: &mut dyn BlockRead,
    name: &[u8],
    major: u32,
    minor: u32,
    offset: Option<u64>,
    page_size: u64,
    sysfs: &[u8],
) -> Outcome {
    match has_image(dev, offset.unwrap_or(0), page_size) {
        Ok(false) => {
            say::msg(
                b"kinit: resume: no hibernation image on {}, doing normal boot",
                &[name],
            );
            Outcome::NoImage
        }
        Err(e) => {
            let mut n = Num::new();
            let [a, b] = e.parts(&mut n);
            say::msg(
                b"kinit: resume: cannot read {}: {}{}; doing normal boot",
                &[name, a, b],
            );
            Outcome::Failed
        }
        Ok(true) => {
            let (mut a, mut b) = (Num::new(), Num::new());
            say::msg(
                b"kinit: resume: hibernation image on {} ({}:{}), resuming",
                &[name, a.dec(major.into()), b.dec(minor.into())],
            );
            match hand_to_kernel(sysfs, major, minor, offset) {
                Ok(()) => {
                    say::msg(
                        b"kinit: resume: the kernel did not resume from {}, doing normal boot",
                        &[name],
                    );
                    Outcome::Returned
                }
                Err(e) => {
                    say::msg(b"kinit: resume: {}", &[e.message().as_bytes()]);
                    Outcome::Failed
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The base version read through a window over the device.
    struct Window<'d> {
        dev: &'d mut dyn BlockRead,
        base: u64,
    }

    impl BlockRead for Window<'_> {
        fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
            match self.base.checked_add(offset) {
                Some(at) => self.dev.read_at(at, buf),
                None => Ok(0),
            }
        }
    }

    fn old_has_image(
        dev: &mut dyn BlockRead,
        offset: u64,
        page_size: u64,
    ) -> Result<bool, ProbeError> {
        let base = offset
            .checked_mul(page_size)
            .ok_or(ProbeError::Short { offset: u64::MAX })?;
        let mut w = Window { dev, base };
        let mut blk = [0u8; 1024];
        match probe::read_exact(&mut w, page_size.saturating_sub(1024), &mut blk) {
            Ok(()) => Ok(probe::is_suspend_block(&blk)),
            Err(ProbeError::Short { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    #[test]
    fn has_image_same_as_base() {
        let mut x = 0x853C_49E6_748F_EA9Bu64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut found = 0;
        for _ in 0..20_000 {
            let len = (next() % (40 << 10)) as usize;
            let mut data = alloc::vec![0u8; len];
            for _ in 0..next() % 4 {
                let at = (next() % 10) * 4096 + 4086 - (next() % 3) * 1024;
                let sig: &[u8] =
                    [b"S1SUSPEND".as_slice(), b"ULSUSPEND", b"SWAPSPACE2"][(next() % 3) as usize];
                if let Some(d) = data.get_mut(at as usize..at as usize + sig.len()) {
                    d.copy_from_slice(sig);
                }
            }
            let offset = match next() % 4 {
                0 => next(),
                1 => next() % 12,
                2 => u64::MAX / (1 + next() % 8192),
                _ => 0,
            };
            let page =
                [4096, 1024, 0, 512, 2048, 8192, 16384, 65536, u64::MAX][(next() % 9) as usize];
            let new = has_image(&mut &data[..], offset, page);
            found += usize::from(new == Ok(true));
            assert_eq!(
                new,
                old_has_image(&mut &data[..], offset, page),
                "{offset} {page} {len}"
            );
        }
        assert!(found > 0);
    }

    #[test]
    fn offsets_like_strtoull_base_0() {
        assert_eq!(parse_offset(b"123"), 123);
        assert_eq!(parse_offset(b"0x1f"), 31);
        assert_eq!(parse_offset(b"010"), 8);
        assert_eq!(parse_offset(b"0"), 0);
        assert_eq!(parse_offset(b"12abc"), 12);
        assert_eq!(parse_offset(b"junk"), 0);
        assert_eq!(parse_offset(b"0x"), 0);
        assert_eq!(parse_offset(b"+12"), 12);
        assert_eq!(parse_offset(b"0X1F"), 31);
        assert_eq!(parse_offset(b"0x1g"), 1);
        assert_eq!(parse_offset(b"08"), 0);
        assert_eq!(parse_offset(b"-5"), 0);
        assert_eq!(parse_offset(b""), 0);
        assert_eq!(parse_offset(b"99999999999999999999999"), u64::MAX);
    }
}
