//! A block device (or an image file, or stdin) opened for probing:
//! [`BlockRead`] over pread(2), its size from BLKGETSIZE64 or fstat.

use super::BlockRead;
use core::ffi::CStr;
use klibc::fd::{AsFd, BorrowedFd, OwnedFd, CWD};
use klibc::fs::{self, FileType};
use klibc::uapi::general as g;
use klibc::Errno;

/// An open file descriptor to probe.
pub struct Device {
    fd: OwnedFd,
}

impl Device {
    /// Opens `path` read-only.
    pub fn open(path: &CStr) -> Result<Device, Errno> {
        let fd = fs::openat(CWD, path, g::O_RDONLY | g::O_CLOEXEC, 0)?;
        Ok(Device { fd })
    }

    /// The logical sector size partition tables are read in: BLKSSZGET
    /// for a block device, 512 for anything else.
    pub fn sector_size(&self) -> u32 {
        klibc::io::block_sector_size(&self.fd)
            .ok()
            .filter(|&s| s >= 512 && s.is_power_of_two())
            .unwrap_or(512)
    }

    /// Probes an already open descriptor.
    pub fn from_fd(fd: OwnedFd) -> Device {
        Device { fd }
    }
}

impl AsFd for Device {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// Reads through any borrowed descriptor (for stdin).
// st_size is signed on most arches and a u64 on powerpc64.
#[allow(clippy::useless_conversion)]
pub(crate) fn size_of(fd: BorrowedFd<'_>) -> Option<u64> {
    let st = fs::fstat(fd).ok()?;
    match FileType::from_mode(st.st_mode) {
        FileType::BlockDevice => klibc::io::block_size_bytes(fd).ok(),
        FileType::Regular => u64::try_from(st.st_size).ok(),
        _ => None,
    }
}

impl BlockRead for Device {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        klibc::io::pread(&self.fd, buf, offset)
    }

    fn size(&mut self) -> Option<u64> {
        size_of(self.fd.as_fd())
    }
}

impl BlockRead for BorrowedFd<'_> {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        klibc::io::pread(*self, buf, offset)
    }

    fn size(&mut self) -> Option<u64> {
        size_of(*self)
    }
}
