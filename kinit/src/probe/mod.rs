//! Identifying what is on a block device: filesystem superblocks (type,
//! size, UUID, label) and partition tables (GPT and MBR: PARTUUID,
//! PARTLABEL). Shared by kinit (root=UUID=/LABEL=/PARTUUID=, rootfstype
//! guessing) and the fstype applet. Every parser takes arbitrary bytes and
//! returns errors; none may panic.

mod bytes;
mod device;
#[cfg(test)]
mod diff;
mod fs;
mod ids;
mod parts;

pub use device::Device;
pub use fs::{identify, is_suspend_block, FsInfo, DEFAULT_PAGE_SIZE};
pub(crate) use parts::walk;
pub use parts::{partitions, Partition, Table, TableKind};

use crate::say::{self, Num};
use core::ffi::CStr;
use core::fmt;
use klibc::Errno;

/// The filesystem type found on the device node `dev`, if any: for root
/// without `rootfstype=` and for kinit_mount='s type `auto`.
pub fn fstype_of(dev: &CStr) -> Option<&'static [u8]> {
    let mut d = Device::open(dev).ok()?;
    let info = identify(&mut d, DEFAULT_PAGE_SIZE).ok()??;
    Some(info.fstype.as_bytes())
}

/// Reads from a device (or an image, or a byte slice in tests).
pub trait BlockRead {
    /// Reads up to `buf.len()` bytes at `offset`; fewer only at the end.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize, Errno>;

    /// The size in bytes, when known (partition tables use it to find the
    /// backup GPT header).
    fn size(&mut self) -> Option<u64> {
        None
    }
}

impl BlockRead for &[u8] {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.len());
        let src = self.get(start..).unwrap_or(&[]);
        let n = buf.len().min(src.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), src.get(..n)) {
            dst.copy_from_slice(src);
        }
        Ok(n)
    }

    fn size(&mut self) -> Option<u64> {
        u64::try_from(self.len()).ok()
    }
}

/// Why a probe could not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeError {
    /// The device ended before a block the probe must read.
    Short { offset: u64 },
    /// Reading failed.
    Io(Errno),
}

impl ProbeError {
    /// The message, as two parts for a [`say::msg`] template (no `core::fmt`).
    pub fn parts<'n>(&self, n: &'n mut Num) -> [&'n [u8]; 2] {
        match *self {
            ProbeError::Short { offset } => [b"too small, nothing to read at byte ", n.dec(offset)],
            ProbeError::Io(e) => [b"read error: ", say::errno_text(e, n)],
        }
    }
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut n = Num::new();
        for p in self.parts(&mut n) {
            f.write_str(&alloc::string::String::from_utf8_lossy(p))?;
        }
        Ok(())
    }
}

/// Reads exactly `buf.len()` bytes at `offset` (retrying short reads).
pub(crate) fn read_exact(
    dev: &mut dyn BlockRead,
    offset: u64,
    buf: &mut [u8],
) -> Result<(), ProbeError> {
    let mut done = 0usize;
    while done < buf.len() {
        let at = offset
            .checked_add(done as u64)
            .ok_or(ProbeError::Short { offset })?;
        let rest = buf.get_mut(done..).unwrap_or(&mut []);
        match dev.read_at(at, rest) {
            Ok(0) => return Err(ProbeError::Short { offset }),
            Ok(n) => done += n,
            Err(Errno::INTR) => {}
            Err(e) => return Err(ProbeError::Io(e)),
        }
    }
    Ok(())
}

/// Reads `len` bytes at `at` into a new buffer; `None` when the device
/// ends first.
pub(crate) fn read_or_short(
    dev: &mut dyn BlockRead,
    at: u64,
    len: usize,
) -> Result<Option<alloc::vec::Vec<u8>>, ProbeError> {
    let mut buf = alloc::vec![0u8; len];
    match read_exact(dev, at, &mut buf) {
        Ok(()) => Ok(Some(buf)),
        Err(ProbeError::Short { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}
