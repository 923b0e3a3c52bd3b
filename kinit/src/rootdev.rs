//! Finding the root device: match a [`RootSpec`] against the block devices
//! in sysfs (names and partitions as the kernel's early_lookup_bdev does,
//! UUID/LABEL/PARTUUID through the superblock and partition-table probes),
//! wait for it as `rootwait`/`rootwait=` say, and make sure a device node
//! exists to mount.

use crate::blockdevs::{self, BlockDev};
use crate::cmdline::RootWait;
use crate::cpath::CPath;
use crate::rootspec::RootSpec;
use crate::say;
use alloc::vec::Vec;
use core::ffi::CStr;
use klibc::fd::CWD;
use klibc::fs;
use klibc::uapi::general as g;

/// Where the kernel lists its block devices.
pub const SYS_CLASS_BLOCK: &CStr = c"/sys/class/block";

/// An identifier a device may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// The filesystem's UUID (text, any case).
    FsUuid,
    /// The filesystem's label.
    FsLabel,
    /// The partition's UUID as the kernel spells PARTUUID (GPT GUID, or
    /// the MBR signature `SSSSSSSS-PP`).
    PartUuid,
    /// The partition's name in a GPT.
    PartLabel,
}

/// Reads identifiers from a device's contents.
pub trait Identify {
    /// The device's `key`, if it has one.
    fn get(&mut self, dev: &BlockDev, key: Key) -> Option<Vec<u8>>;
}

/// Finds the device `spec` names in `devs`.
pub fn find<'d>(
    spec: &RootSpec<'_>,
    devs: &'d [BlockDev],
    id: &mut dyn Identify,
) -> Option<&'d BlockDev> {
    let (key, want) = match *spec {
        RootSpec::Name(name) => return find_by_name(name, devs),
        RootSpec::DevNum { major, minor } => {
            return devs.iter().find(|d| d.major == major && d.minor == minor)
        }
        RootSpec::PartLabel(label) => (Key::PartLabel, label),
        RootSpec::PartUuid { uuid, .. } => (Key::PartUuid, uuid),
        RootSpec::Uuid(uuid) => (Key::FsUuid, uuid),
        RootSpec::Label(label) => (Key::FsLabel, label),
    };
    let partitions_only = matches!(key, Key::PartUuid | Key::PartLabel);
    let found = devs.iter().find(|d| {
        if partitions_only && d.partition == 0 {
            return false;
        }
        let Some(have) = id.get(d, key) else {
            return false;
        };
        match key {
            // The kernel compares the given length only (strncasecmp).
            Key::PartUuid => have
                .get(..want.len())
                .is_some_and(|p| crate::ascii::eq_nocase(p, want)),
            Key::FsUuid => crate::ascii::eq_nocase(&have, want),
            Key::FsLabel | Key::PartLabel => have == want,
        }
    })?;
    let offset = match *spec {
        RootSpec::PartUuid { offset, .. } => offset,
        _ => 0,
    };
    if offset == 0 {
        return Some(found);
    }
    let want = i64::from(found.partition) + i64::from(offset);
    devs.iter()
        .find(|d| d.disk == found.disk && d.partition > 0 && i64::from(d.partition) == want)
}

/// The kernel's name lookup: the name itself, else `<disk><n>`, else
/// `<disk>p<n>`, as partition n of that disk.
fn find_by_name<'d>(name: &[u8], devs: &'d [BlockDev]) -> Option<&'d BlockDev> {
    if let Some(d) = devs.iter().find(|d| same_name(name, &d.name)) {
        return Some(d);
    }
    // /dev/mapper/<name>: the device-mapper device of that name (udev's
    // link, which nobody makes here).
    if let Some(dm) = name.strip_prefix(b"mapper/".as_slice()) {
        return devs.iter().find(|d| {
            let path = CPath::new(&[SYS_CLASS_BLOCK.to_bytes(), b"/", &d.name, b"/dm/name"]);
            fs::read_file(CWD, path.as_cstr()).is_ok_and(|n| n.trim_ascii_end() == dm)
        });
    }
    let digits = name.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let split = name.len() - digits;
    if split == 0 || digits == 0 || name.get(split) == Some(&b'0') {
        return None;
    }
    let (disk, num) = name.split_at_checked(split)?;
    let part = u32::try_from(crate::cmdline::parse_radix(num, 10, 0).0).ok()?;
    let partition_of = |disk: &[u8]| {
        devs.iter()
            .find(|d| d.partition == part && same_name(disk, &d.disk))
    };
    if let Some(d) = partition_of(disk) {
        return Some(d);
    }
    match disk {
        [head @ .., b'p'] if head.last().is_some_and(u8::is_ascii_digit) => partition_of(head),
        _ => None,
    }
}

/// Whether `name` under /dev is the device sysfs calls `sys` (sysfs
/// spells a `/` of the name as `!`).
fn same_name(name: &[u8], sys: &[u8]) -> bool {
    name.len() == sys.len()
        && name
            .iter()
            .zip(sys)
            .all(|(&n, &s)| (if n == b'/' { b'!' } else { n }) == s)
}

/// Why the root device was not found.
pub struct NotFound {
    /// The devices seen in the last scan, for the listing.
    pub seen: Vec<BlockDev>,
}

/// Looks for the root devices, waiting as `wait` says until one of them
/// is there, with a message every 5 seconds naming what it waits for
/// (`text`, the `root=` value). `specs` are the entries of a `root=` list
/// (one for a plain `root=`); the answer has each one's device, if found,
/// in the same order.
// Out of line: smaller than inlined into PID 1's flow.
#[inline(never)]
pub fn wait_for(
    text: &[u8],
    specs: &[RootSpec<'_>],
    wait: RootWait,
    id: &mut dyn Identify,
) -> Result<Vec<Option<BlockDev>>, NotFound> {
    let start = klibc::time::monotonic_ms();
    let limit_ms = match wait {
        RootWait::No => 0,
        RootWait::Forever => u64::MAX,
        RootWait::Seconds(s) => u64::from(s) * 1000,
    };
    let mut next_note = 0u64;
    loop {
        let devs = blockdevs::scan(SYS_CLASS_BLOCK);
        let found: Vec<Option<&BlockDev>> = specs.iter().map(|s| find(s, &devs, id)).collect();
        // A disk that has just appeared (rootwait) can show in sysfs a
        // moment before it can be opened: keep waiting until one can.
        let ready = found
            .iter()
            .flatten()
            .any(|d| wait == RootWait::No || openable(d));
        if ready {
            return Ok(found.into_iter().map(|d| d.cloned()).collect());
        }
        if wait == RootWait::No {
            return Err(NotFound { seen: devs });
        }
        let elapsed = klibc::time::monotonic_ms().saturating_sub(start);
        let gave_up = elapsed >= limit_ms;
        if gave_up || elapsed >= next_note {
            // One line for both: giving up says after how long; of the
            // notes, the first comes without the time, the later ones
            // with it.
            let mut n = say::Num::new();
            let secs = n.dec(elapsed / 1000);
            let template: &[u8] = if gave_up {
                b"kinit: gave up waiting for root device {} after {}s"
            } else if next_note == 0 {
                b"kinit: waiting for root device {}"
            } else {
                b"kinit: waiting for root device {} ({}s)"
            };
            say::msg(template, &[text, secs]);
            if gave_up {
                return Err(NotFound { seen: devs });
            }
            next_note = (elapsed / 5000 + 1) * 5000;
        }
        let _ = klibc::time::sleep_ms(20);
    }
}

/// Whether the device can be opened yet (ENXIO, ENODEV and ENOMEDIUM mean
/// the driver is not done with it); other errors are left to the mount.
// Out of line: its two callers in kinit each carried a copy.
#[inline(never)]
fn openable(dev: &BlockDev) -> bool {
    let Ok(path) = node_for(dev) else {
        return true;
    };
    !matches!(
        fs::openat(CWD, path.as_cstr(), g::O_RDONLY | g::O_CLOEXEC, 0),
        Err(klibc::Errno::NXIO | klibc::Errno::NODEV | klibc::Errno::NOMEDIUM)
    )
}

/// The path to a block device node for `dev`: its devtmpfs node when
/// that is the right device, else a fresh `/dev/root`.
pub fn node_for(dev: &BlockDev) -> Result<CPath, klibc::Errno> {
    let want = fs::makedev(dev.major, dev.minor);
    let path = blockdevs::dev_node(&dev.name);
    if let Ok(st) = fs::statat(CWD, path.as_cstr(), 0) {
        if st.st_mode & g::S_IFMT == g::S_IFBLK && st.st_rdev == want {
            return Ok(path);
        }
    }
    let root = c"/dev/root";
    let _ = fs::unlinkat(CWD, root, 0);
    fs::mknodat(CWD, root, g::S_IFBLK | 0o600, want)?;
    Ok(CPath::new(&[root.to_bytes()]))
}
