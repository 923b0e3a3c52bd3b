//! Resuming from hibernation before root is mounted, as klibc's resume
//! does: the resume device (and `resume_offset`) go to /sys/power, and the
//! kernel takes over if it finds an image there. kinit first looks for the
//! swsusp signature itself (with [`crate::probe`]), so a boot without an
//! image says so and goes on without touching /sys/power. Used by kinit's
//! PID-1 flow and by the `resume` applet.

use crate::cpath::CPath;
use crate::probe::{self, BlockRead, ProbeError};
use crate::say::{self, Num};
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
    let path = CPath::new(&[sysfs, name]);
    let fd = klibc::fs::openat(CWD, path.as_cstr(), g::O_WRONLY | g::O_CLOEXEC, 0)?;
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

    /// A device of `len` zero bytes with `sig` written at `at`.
    fn image(len: usize, at: usize, sig: &[u8]) -> alloc::vec::Vec<u8> {
        let mut d = alloc::vec![0u8; len];
        d[at..at + sig.len()].copy_from_slice(sig);
        d
    }

    fn probe(d: &[u8], offset: u64, page: u64) -> Result<bool, ProbeError> {
        has_image(&mut &d[..], offset, page)
    }

    /// The signature sits 10 bytes before the end of the header page
    /// (`is_suspend_block` looks at byte 1014 of the page's last KiB).
    #[test]
    fn each_signature_at_the_end_of_the_first_page() {
        for sig in [&b"S1SUSPEND"[..], b"S2SUSPEND", b"ULSUSPEND"] {
            assert_eq!(probe(&image(4096, 4086, sig), 0, 4096), Ok(true));
            // One byte either way is not the signature.
            assert_eq!(probe(&image(4096, 4085, sig), 0, 4096), Ok(false));
            assert_eq!(probe(&image(4096, 4087, sig), 0, 4096), Ok(false));
        }
        // A plain swap header (and an empty device page) is no image.
        assert_eq!(probe(&image(4096, 4086, b"SWAPSPACE2"), 0, 4096), Ok(false));
        assert_eq!(probe(&[0; 4096], 0, 4096), Ok(false));
        // A signature that does not end the page does not count.
        assert_eq!(probe(&image(8192, 1014, b"S1SUSPEND"), 0, 4096), Ok(false));
        // A device larger than the header page changes nothing.
        assert_eq!(probe(&image(65536, 4086, b"S1SUSPEND"), 0, 4096), Ok(true));
    }

    #[test]
    fn offset_counts_pages() {
        let d = image(4 * 4096, 3 * 4096 + 4086, b"ULSUSPEND");
        assert_eq!(probe(&d, 3, 4096), Ok(true));
        assert_eq!(probe(&d, 0, 4096), Ok(false));
        assert_eq!(probe(&d, 2, 4096), Ok(false));
        // Past the end: no image, not an error.
        assert_eq!(probe(&d, 4, 4096), Ok(false));
        // Page 0's signature is not found when an offset is given.
        let first = image(4 * 4096, 4086, b"S1SUSPEND");
        assert_eq!(probe(&first, 1, 4096), Ok(false));
        assert_eq!(probe(&first, 0, 4096), Ok(true));
        // Every page size from 1 KiB up, every offset 0..8.
        for page in [1024u64, 2048, 4096, 8192, 16384, 65536] {
            for offset in 0..8u64 {
                let end = (offset * page + page) as usize;
                let d = image(end, end - 10, b"S1SUSPEND");
                assert_eq!(probe(&d, offset, page), Ok(true), "{page} {offset}");
                if offset > 0 {
                    assert_eq!(probe(&d, offset - 1, page), Ok(false));
                }
                assert_eq!(probe(&d, offset + 1, page), Ok(false));
            }
        }
    }

    /// Pages smaller than the 1 KiB block read: the block starts at the
    /// page (base = offset * page) and the signature is at base + 1014.
    #[test]
    fn pages_under_one_kib() {
        assert_eq!(probe(&image(1024, 1014, b"S1SUSPEND"), 0, 512), Ok(true));
        assert_eq!(probe(&image(1024, 502, b"S1SUSPEND"), 0, 512), Ok(false));
        assert_eq!(
            probe(&image(2048, 512 + 1014, b"S1SUSPEND"), 1, 512),
            Ok(true)
        );
        assert_eq!(probe(&image(2048, 1014, b"S1SUSPEND"), 1, 512), Ok(false));
        // Page size 0: every offset lands on byte 0.
        let d = image(1024, 1014, b"ULSUSPEND");
        for offset in [0, 1, 7, u64::MAX] {
            assert_eq!(probe(&d, offset, 0), Ok(true), "{offset}");
        }
        // The block must read in full, even past the page.
        assert_eq!(probe(&image(1023, 1014, b"S1SUSPEND"), 0, 512), Ok(false));
    }

    #[test]
    fn device_too_short() {
        // The signature bytes are there but the 1 KiB block is not whole.
        let d = image(4096, 4086, b"S1SUSPEND");
        assert_eq!(probe(&d[..4095], 0, 4096), Ok(false));
        assert_eq!(probe(&d[..3072], 0, 4096), Ok(false));
        assert_eq!(probe(&[], 0, 4096), Ok(false));
        assert_eq!(probe(&[], 0, 0), Ok(false));
    }

    #[test]
    fn overflows() {
        let d = image(4096, 4086, b"S1SUSPEND");
        // offset * page does not fit: the error it has always returned.
        let too_far = Err(ProbeError::Short { offset: u64::MAX });
        assert_eq!(probe(&d, 2, u64::MAX), too_far);
        assert_eq!(probe(&d, u64::MAX, 4096), too_far);
        assert_eq!(probe(&d, 1 << 52, 4096), too_far);
        // The largest offset that fits is only past the end.
        assert_eq!(probe(&d, (1 << 52) - 1, 4096), Ok(false));
        // base fits but base + the page does not: no image.
        assert_eq!(probe(&d, 1, u64::MAX), Ok(false));
        assert_eq!(probe(&d, 1, 3 << 62), Ok(false));
        // A huge page at offset 0 reads its last KiB far past the end.
        assert_eq!(probe(&d, 0, u64::MAX), Ok(false));
        assert_eq!(probe(&d, 0, 1 << 40), Ok(false));
    }

    #[test]
    fn read_errors_are_errors() {
        struct Failing(u32);
        impl BlockRead for Failing {
            fn read_at(&mut self, _: u64, buf: &mut [u8]) -> Result<usize, Errno> {
                // One EINTR (retried), then EIO.
                self.0 += 1;
                match self.0 {
                    1 => Err(Errno::INTR),
                    _ if buf.is_empty() => Ok(0),
                    _ => Err(Errno::IO),
                }
            }
        }
        let mut dev = Failing(0);
        assert_eq!(has_image(&mut dev, 0, 4096), Err(ProbeError::Io(Errno::IO)));
        assert_eq!(dev.0, 2);
        // The overflow is found before any read.
        let mut dev = Failing(0);
        assert!(has_image(&mut dev, u64::MAX, 2).is_err());
        assert_eq!(dev.0, 0);
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
