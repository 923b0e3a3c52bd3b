//! The block devices the kernel knows, read from sysfs (/sys/class/block):
//! name, device number, partition number, parent disk, size and GPT name.
//! kinit matches `root=` against this list and prints it, like the
//! kernel's "available partitions" list, when the root device is missing.

use crate::cpath::CPath;
use crate::say;
use alloc::vec::Vec;
use core::ffi::CStr;
use klibc::fd::{AsFd, BorrowedFd, CWD};
use klibc::fs;
use klibc::uapi::general::{O_CLOEXEC, O_RDONLY};

/// One disk or partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockDev {
    /// The sysfs name (`vda1`, `nvme0n1p2`; a `/` of /dev is a `!` here).
    pub name: Vec<u8>,
    pub major: u32,
    pub minor: u32,
    /// The partition number, 0 for a whole disk.
    pub partition: u32,
    /// The whole disk's name (the device's own name for a disk).
    pub disk: Vec<u8>,
    /// Size in 512-byte sectors.
    pub sectors: u64,
    /// The partition's name from the table (GPT), as `PARTNAME=` in uevent.
    pub partname: Option<Vec<u8>>,
}

impl BlockDev {
    /// The name under /dev (sysfs `!` back to `/`).
    pub fn dev_name(&self) -> Vec<u8> {
        let mut v = self.name.clone();
        unbang(&mut v);
        v
    }
}

/// The `/dev/<name>` of a sysfs name (`!` back to `/`).
pub fn dev_node(sys: &[u8]) -> CPath {
    let mut name = sys.to_vec();
    unbang(&mut name);
    CPath::new(&[b"/dev/", &name])
}

/// sysfs spells a `/` of a device name as `!`: back to `/`.
fn unbang(name: &mut [u8]) {
    for b in name {
        if *b == b'!' {
            *b = b'/';
        }
    }
}

/// A sysfs `size` file's number of 512-byte sectors: decimal digits and
/// the newline(s) after them, nothing else.
fn size_sectors(s: &[u8]) -> Option<u64> {
    let end = s.iter().rposition(|&b| b != b'\n').map_or(0, |i| i + 1);
    parse_u64(s.get(..end)?)
}

fn parse_u64(s: &[u8]) -> Option<u64> {
    let (v, used) = crate::cmdline::parse_radix(s, 10, 0);
    (used > 0 && used == s.len()).then_some(v)
}

/// Parses a sysfs `dev` attribute, `MAJ:MIN`.
pub fn parse_dev(s: &[u8]) -> Option<(u32, u32)> {
    let colon = s.iter().position(|&b| b == b':')?;
    let major = parse_u64(s.get(..colon)?)?;
    let minor = parse_u64(s.get(colon + 1..)?)?;
    Some((u32::try_from(major).ok()?, u32::try_from(minor).ok()?))
}

/// The value of `KEY=` in a uevent file.
pub fn uevent_value<'a>(uevent: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    uevent
        .split(|&b| b == b'\n')
        .find_map(|line| match line.strip_prefix(key)? {
            [b'=', value @ ..] => Some(value),
            _ => None,
        })
}

/// Reads every block device under `base` (normally `/sys/class/block`).
/// Entries that cannot be read are skipped; a missing `base` gives an
/// empty list.
pub fn scan(base: &CStr) -> Vec<BlockDev> {
    let mut out = Vec::new();
    let Ok(mut dir) = fs::Dir::open(CWD, base) else {
        return out;
    };
    // The listing lends its descriptor for the `*at` calls on each entry.
    while let Some(Ok((at, e))) = dir.next_entry_at() {
        let n = e.name.to_bytes();
        if n != b"." && n != b".." {
            if let Some(d) = read_one(at, e.name) {
                out.push(d);
            }
        }
    }
    // By name; an insertion sort: a few dozen devices, and no sort routine
    // in the binary.
    for i in 1..out.len() {
        let mut j = i;
        // At j == 0, j - 1 wraps to usize::MAX: no such element, the end.
        while let (Some(a), Some(b)) = (out.get(j.wrapping_sub(1)), out.get(j)) {
            if a.name <= b.name {
                break;
            }
            out.swap(j - 1, j);
            j -= 1;
        }
    }
    out
}

/// The device `name` in the directory `base`: its attributes read through
/// its own directory, its disk from the link `base/name`.
// Out of line: inlined, its body grew every caller of `scan`.
#[inline(never)]
fn read_one(base: BorrowedFd<'_>, name: &CStr) -> Option<BlockDev> {
    let own = fs::openat(base, name, O_RDONLY | O_CLOEXEC, 0).ok()?;
    // uevent has the numbers, the partition number and the GPT name in one
    // read: MAJOR=, MINOR=, PARTN=, PARTNAME=.
    let own = own.as_fd();
    let uevent = fs::read_file(own, c"uevent").ok()?;
    let num = |key: &[u8]| {
        uevent_value(&uevent, key)
            .and_then(parse_u64)
            .and_then(|v| u32::try_from(v).ok())
    };
    let (major, minor) = (num(b"MAJOR")?, num(b"MINOR")?);
    let partition = num(b"PARTN").unwrap_or(0);
    let partname = uevent_value(&uevent, b"PARTNAME").map(|v| v.to_vec());
    let sectors = fs::read_file(own, c"size")
        .ok()
        .and_then(|s| size_sectors(&s))
        .unwrap_or(0);
    let disk = if partition == 0 {
        name.to_bytes().to_vec()
    } else {
        parent_disk(base, name).unwrap_or_default()
    };
    let name = name.to_bytes().to_vec();
    Some(BlockDev {
        name,
        major,
        minor,
        partition,
        disk,
        sectors,
        partname,
    })
}

/// A partition's disk: the directory above it in the device path that
/// `base/name` links to (`.../block/vda/vda1`).
fn parent_disk(base: BorrowedFd<'_>, name: &CStr) -> Option<Vec<u8>> {
    let mut buf = [0u8; 512];
    let n = fs::readlinkat(base, name, &mut buf).ok()?;
    parent_in(buf.get(..n)?).map(<[u8]>::to_vec)
}

/// The component before the last `/` of a link target (whose last one is
/// the device's own name).
fn parent_in(target: &[u8]) -> Option<&[u8]> {
    let above = target.get(..target.iter().rposition(|&b| b == b'/')?)?;
    let from = above.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
    above.get(from..)
}

/// Prints the list the way the kernel's `printk_all_partitions` does
/// (disks, then their partitions indented), after a heading.
pub fn print_list(devs: &[BlockDev]) {
    say::msg(
        b"kinit: available block devices (major:minor, 1K blocks, name):",
        &[],
    );
    let mut none = true;
    for d in devs.iter().filter(|d| d.sectors > 0) {
        none = false;
        let mut l = klibc::io::LineBuf::new();
        list_line(d, &mut l);
        let _ = l.write_to(klibc::io::stderr());
    }
    if none {
        say::msg(b"kinit:   (none)", &[]);
    }
}

/// One device's line of [`print_list`], newline included, appended to
/// klibc's LineBuf (its 512 bytes hold any such line): one buffer, where
/// a line of parts wanted three numbers and a copy of the name.
fn list_line(d: &BlockDev, l: &mut klibc::io::LineBuf) {
    // Partitions indented under their disk.
    l.push(if d.partition > 0 {
        b"kinit:     "
    } else {
        b"kinit:   "
    });
    l.push_u64(u64::from(d.major))
        .push(b":")
        .push_u64(u64::from(d.minor))
        .push(b" ")
        .push_u64(d.sectors / 2)
        .push(b" ");
    // The name as `dev_name` spells it, byte by byte into the line
    // rather than through a copy.
    for &b in &d.name {
        l.push(&[if b == b'!' { b'/' } else { b }]);
    }
    l.push(b"\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_in_link_targets() {
        let cases: [(&[u8], Option<&[u8]>); 14] = [
            // Real /sys/class/block link targets.
            (
                b"../../devices/pci0000:00/0000:00:04.0/virtio1/block/vda/vda1",
                Some(b"vda"),
            ),
            (
                b"../../devices/pci0000:00/0000:00:05.0/nvme/nvme0/nvme0n1/nvme0n1p2",
                Some(b"nvme0n1"),
            ),
            (
                b"../../devices/pci0000:00/0000:00:06.0/cciss0/c0d0/block/cciss!c0d0/cciss!c0d0p1",
                Some(b"cciss!c0d0"),
            ),
            (b"vda/vda1", Some(b"vda")),
            // No slash: no parent.
            (b"vda1", None),
            (b"", None),
            // A trailing slash: the last component is the empty one.
            (b"block/vda/", Some(b"vda")),
            (b"vda/", Some(b"vda")),
            // A leading slash: the parent is the empty root component.
            (b"/vda1", Some(b"")),
            (b"/", Some(b"")),
            (b"//", Some(b"")),
            // An empty component between two slashes is the parent.
            (b"a//b", Some(b"")),
            (b"/a//b", Some(b"")),
            (b"x/a/b//", Some(b"")),
        ];
        for (target, want) in cases {
            assert_eq!(parent_in(target), want, "{target:?}");
        }
        // Any path ending `<x>/<y>` with slash-free x and y gives x.
        for prefix in [&b""[..], b"/", b"../../devices/", b"a//"] {
            for x in [&b""[..], b"sda", b"mmcblk0"] {
                for y in [&b""[..], b"sda1", b"p"] {
                    let t = [prefix, x, b"/", y].concat();
                    assert_eq!(parent_in(&t), Some(x), "{t:?}");
                }
            }
        }
    }

    #[test]
    fn dev_nodes() {
        assert_eq!(dev_node(b"vda1").as_cstr(), c"/dev/vda1");
        assert_eq!(dev_node(b"cciss!c0d0p1").as_cstr(), c"/dev/cciss/c0d0p1");
        assert_eq!(dev_node(b"a!!b\0").as_cstr(), c"/dev/a//b");
    }

    #[test]
    fn size_file_numbers() {
        assert_eq!(size_sectors(b"16384\n"), Some(16384));
        assert_eq!(size_sectors(b"16384"), Some(16384));
        assert_eq!(size_sectors(b"7\n\n"), Some(7));
        assert_eq!(size_sectors(b"0\n"), Some(0));
        assert_eq!(size_sectors(b"18446744073709551615\n"), Some(u64::MAX));
        assert_eq!(size_sectors(b""), None);
        assert_eq!(size_sectors(b"\n"), None);
        assert_eq!(size_sectors(b"12a\n"), None);
        assert_eq!(size_sectors(b"12\n3\n"), None);
        assert_eq!(size_sectors(b" 12\n"), None);
    }

    #[test]
    fn list_lines() {
        let dev = |name: &[u8], partition, major, minor, sectors| BlockDev {
            name: name.to_vec(),
            major,
            minor,
            partition,
            disk: Vec::new(),
            sectors,
            partname: None,
        };
        let cases: [(BlockDev, &[u8]); 5] = [
            (dev(b"vda", 0, 254, 0, 16384), b"kinit:   254:0 8192 vda\n"),
            // One sector is 0 KiB; every `!` is a `/`.
            (dev(b"a!b!c", 0, 8, 0, 1), b"kinit:   8:0 0 a/b/c\n"),
            (dev(b"vda1", 1, 254, 1, 3), b"kinit:     254:1 1 vda1\n"),
            (
                dev(b"cciss!c0d0p2", 2, 104, 2, u64::MAX),
                b"kinit:     104:2 9223372036854775807 cciss/c0d0p2\n",
            ),
            (
                dev(&[b'x'; 255], 0, u32::MAX, u32::MAX, 2),
                &[
                    b"kinit:   4294967295:4294967295 1 ".as_slice(),
                    &[b'x'; 255],
                    b"\n",
                ]
                .concat(),
            ),
        ];
        for (d, want) in &cases {
            let mut l = klibc::io::LineBuf::new();
            list_line(d, &mut l);
            assert_eq!(l.as_bytes(), *want);
        }
    }
}
