//! [`Identify`] for real devices: opens `/dev/<name>` and asks
//! [`crate::probe`] for the filesystem's UUID and label, and for the
//! partition table's PARTUUID. Unreadable devices simply have no
//! identifiers.

use crate::blockdevs::{dev_node, BlockDev};
use crate::probe::{self, BlockRead, Device};
use crate::rootdev::{Identify, Key};
use alloc::vec::Vec;

/// Probes devices through their /dev nodes.
#[derive(Default)]
pub struct Prober;

/// Opens the /dev node of the device sysfs calls `sys`.
fn open(sys: &[u8]) -> Option<Device> {
    Device::open(dev_node(sys).as_cstr()).ok()
}

impl Identify for Prober {
    // Out of line: inlined, the probes were copied into every caller.
    #[inline(never)]
    fn get(&mut self, dev: &BlockDev, key: Key) -> Option<Vec<u8>> {
        match key {
            Key::PartLabel => dev.partname.clone(),
            Key::PartUuid => {
                let mut d = open(&dev.disk)?;
                let sector_size = klibc::io::block_sector_size(&d).unwrap_or(512);
                part_uuid_of(&mut d, sector_size, dev.partition)
            }
            Key::FsUuid | Key::FsLabel => {
                let mut d = open(&dev.name)?;
                let info = probe::identify(&mut d, probe::DEFAULT_PAGE_SIZE).ok()??;
                let v = if key == Key::FsUuid {
                    info.uuid
                } else {
                    info.label
                };
                v.map(|s| s.into_bytes())
            }
        }
    }
}

/// The PARTUUID of partition `n` in the table on `disk`, read with
/// sectors of `sector_size` bytes.
// Out of line: smaller than inlined into `get`.
#[inline(never)]
pub fn part_uuid_of(disk: &mut dyn BlockRead, sector_size: u32, n: u32) -> Option<Vec<u8>> {
    // Only the one partition's: no table of them all.
    let mut uuid = None;
    probe::walk(disk, sector_size, &mut |p| {
        if p.number == n && uuid.is_none() {
            uuid = Some(p.uuid().into_bytes());
        }
    })
    .ok()??;
    uuid
}
