//! Identifying what is on a block device: filesystem superblocks (type,
//! size, UUID, label) and partition tables (GPT and MBR: PARTUUID,
//! PARTLABEL). Shared by kinit (root=UUID=/LABEL=/PARTUUID=, rootfstype
//! guessing) and the fstype applet. Every parser takes arbitrary bytes and
//! returns errors; none may panic.

use klibc::Errno;

/// Reads from a device (or an image, or a byte slice in tests).
pub trait BlockRead {
    /// Reads up to `buf.len()` bytes at `offset`; fewer only at the end.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize, Errno>;
}

impl BlockRead for &[u8] {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.len());
        let n = buf.len().min(self.len() - start);
        buf[..n].copy_from_slice(&self[start..start + n]);
        Ok(n)
    }
}
