//! The device-mapper control interface (`/dev/mapper/control`): one ioctl
//! whose argument is a `struct dm_ioctl` header followed by a payload (for
//! a table: target specs, each followed by its parameter string). The
//! [`Buffer`] keeps the two together, aligned as the kernel wants them,
//! and [`ioctl`] tells the kernel its true size, so the kernel never
//! reads or writes past it. The structs are the generated UAPI's
//! (`uapi::dm`).

use super::{sys, AsFd};
use crate::errno::Result;
use crate::uapi::dm;
use alloc_crate::vec::Vec;
use core::mem::size_of;

pub use dm::{dm_ioctl as Header, dm_target_spec as TargetSpec};

/// A `dm_ioctl` header and its payload, in 8-byte words.
pub struct Buffer {
    words: Vec<u64>,
}

impl Buffer {
    /// A zeroed header announcing interface version `DM_VERSION_MAJOR`.0.0
    /// (the kernel answers with its own), and `payload` zeroed bytes after
    /// it.
    pub fn new(payload: usize) -> Buffer {
        let bytes = size_of::<Header>() + payload;
        let mut b = Buffer {
            words: alloc_crate::vec![0u64; bytes.div_ceil(8)],
        };
        let h = b.header_mut();
        h.version = [dm::DM_VERSION_MAJOR, 0, 0];
        h.data_start = size_of::<Header>() as u32;
        b
    }

    /// The whole buffer's size in bytes.
    pub fn len(&self) -> usize {
        self.words.len() * 8
    }

    /// Whether the buffer is empty (never: it holds a header).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn header(&self) -> &Header {
        // SAFETY: the words start with room for a Header (8-aligned, and
        // Header needs no more); every bit pattern is a valid Header.
        unsafe { &*(self.words.as_ptr() as *const Header) }
    }

    pub fn header_mut(&mut self) -> &mut Header {
        // SAFETY: as in `header`, and the borrow is unique.
        unsafe { &mut *(self.words.as_mut_ptr() as *mut Header) }
    }

    /// The bytes after the header.
    pub fn payload(&self) -> &[u8] {
        let all = self.bytes();
        all.get(size_of::<Header>()..).unwrap_or_default()
    }

    pub fn payload_mut(&mut self) -> &mut [u8] {
        // SAFETY: the words are initialised; u8 has no alignment and every
        // value is valid; the borrow is unique.
        let all = unsafe {
            core::slice::from_raw_parts_mut(
                self.words.as_mut_ptr() as *mut u8,
                self.words.len() * 8,
            )
        };
        all.get_mut(size_of::<Header>()..).unwrap_or_default()
    }

    /// Every byte, header included.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: as in `payload_mut`, shared.
        unsafe {
            core::slice::from_raw_parts(self.words.as_ptr() as *const u8, self.words.len() * 8)
        }
    }
}

/// One device-mapper ioctl (`DM_DEV_CREATE`, `DM_TABLE_LOAD`, ...) on the
/// control node, with the header's `data_size` set to the buffer's size.
pub fn ioctl(fd: impl AsFd, cmd: u32, buf: &mut Buffer) -> Result<()> {
    let len = buf.len() as u32;
    buf.header_mut().data_size = len;
    // SAFETY: the kernel reads and writes at most data_size bytes, the
    // buffer's size.
    unsafe {
        sys!(
            __NR_ioctl,
            fd.as_fd().as_raw_fd(),
            cmd,
            buf.words.as_mut_ptr()
        )
        .map(drop)
    }
}
