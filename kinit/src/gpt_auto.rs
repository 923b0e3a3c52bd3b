//! The root without `root=` (or with `root=gpt-auto`), by the Discoverable
//! Partitions Specification as systemd-gpt-auto-generator applies it in
//! the initrd: the first partition whose GPT type is the root type of the
//! running architecture, on the disk the firmware booted from — the disk
//! holding the partition the boot loader names in the EFI variable
//! `LoaderDevicePartUUID` (systemd-boot sets it) when there is one, else
//! the only disk that has such a partition (two such disks are an error,
//! not a guess). Its flags count: `no-auto` (bit 63) skips it, `read-only`
//! (bit 60) mounts it read-only; growfs is not kinit's. The /usr partition
//! type is found the same way, on the root's disk, and mounted on /usr.

use crate::blockdevs::{self, BlockDev};
use crate::probe::{self, Device};
use crate::say;
use alloc::vec::Vec;
use klibc::fd::CWD;
use klibc::fs;

/// A GPT type GUID in the on-disk (mixed-endian) byte order, from its
/// text form's 32 hex digits.
const fn guid(text: &[u8; 36]) -> [u8; 16] {
    const fn nib(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => 0,
        }
    }
    let mut hex = [0u8; 16];
    let mut i = 0;
    let mut j = 0;
    while i < 36 {
        if text[i] != b'-' {
            hex[j / 2] |= nib(text[i]) << if j % 2 == 0 { 4 } else { 0 };
            j += 1;
        }
        i += 1;
    }
    // The first three fields are little-endian on disk.
    [
        hex[3], hex[2], hex[1], hex[0], hex[5], hex[4], hex[7], hex[6], hex[8], hex[9], hex[10],
        hex[11], hex[12], hex[13], hex[14], hex[15],
    ]
}

/// The root and /usr partition types of the architecture kinit runs on
/// (the specification's table, keyed on `target_arch`).
#[cfg(target_arch = "x86_64")]
pub const TYPES: (&[u8; 36], &[u8; 36]) = (
    b"4f68bce3-e8cd-4db1-96e7-fbcaf984b709",
    b"8484680c-9521-48c6-9c11-b0720656f69e",
);
#[cfg(target_arch = "aarch64")]
pub const TYPES: (&[u8; 36], &[u8; 36]) = (
    b"b921b045-1df0-41c3-af44-4c6f280d3fae",
    b"b0e01050-ee5f-4390-949a-9101b17104e9",
);
#[cfg(target_arch = "riscv64")]
pub const TYPES: (&[u8; 36], &[u8; 36]) = (
    b"72ec70a6-cf74-40e6-bd49-4bda08e8f224",
    b"beaec34b-8442-439b-a40b-984381ed097d",
);
#[cfg(target_arch = "x86")]
pub const TYPES: (&[u8; 36], &[u8; 36]) = (
    b"44479540-f297-41b2-9af7-d131d5f0458a",
    b"75250d76-8cc6-458e-bd66-bd47cc81a812",
);
#[cfg(target_arch = "arm")]
pub const TYPES: (&[u8; 36], &[u8; 36]) = (
    b"69dad710-2ce4-4e3c-b16c-21a1d49abed3",
    b"7d0359a3-02b3-4f0a-865c-654403e70625",
);
#[cfg(all(target_arch = "powerpc64", target_endian = "little"))]
pub const TYPES: (&[u8; 36], &[u8; 36]) = (
    b"c31c45e6-3f39-412e-80fb-4809c4980599",
    b"15bb03af-77e7-4d4a-b12b-c0d084f7491c",
);
#[cfg(all(target_arch = "powerpc64", target_endian = "big"))]
pub const TYPES: (&[u8; 36], &[u8; 36]) = (
    b"912ade1d-a839-4913-8964-a10eee08fbd2",
    b"2c9739e2-f068-46b3-9fd0-01c5a9afbcca",
);
#[cfg(target_arch = "s390x")]
pub const TYPES: (&[u8; 36], &[u8; 36]) = (
    b"5eead9a9-fe09-4a1e-a1d7-520d00531306",
    b"8a4f5770-50aa-4ed3-874a-99b710db6fea",
);
#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "x86",
    target_arch = "arm",
    target_arch = "powerpc64",
    target_arch = "s390x"
)))]
compile_error!("gpt_auto: no Discoverable Partitions root type for this arch (build without the gpt-auto feature)");

const ROOT_TYPE: [u8; 16] = guid(TYPES.0);
const USR_TYPE: [u8; 16] = guid(TYPES.1);

/// The partition flags kinit honours.
pub const FLAG_READ_ONLY: u64 = 1 << 60;
pub const FLAG_NO_AUTO: u64 = 1 << 63;

/// The boot loader's EFI variable naming the partition it booted from.
pub const LOADER_DEVICE_PART_UUID: &core::ffi::CStr =
    c"/sys/firmware/efi/efivars/LoaderDevicePartUUID-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";

/// A discovered partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub dev: BlockDev,
    pub read_only: bool,
}

/// What the discovery found for root and /usr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    pub root: Found,
    pub usr: Option<Found>,
}

/// Why there is no discovered root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DpsError {
    /// No disk has a root partition of this architecture's type.
    None,
    /// More than one disk has one (names of the partitions).
    Ambiguous(Vec<u8>, Vec<u8>),
    /// LoaderDevicePartUUID names a partition that is not there.
    BootPartitionMissing(Vec<u8>),
}

/// The text of a LoaderDevicePartUUID variable: 4 bytes of attributes,
/// then the UUID in UTF-16LE (NUL-terminated); lower-cased.
pub fn parse_loader_uuid(var: &[u8]) -> Option<Vec<u8>> {
    let text = var.get(4..)?;
    let mut out = Vec::new();
    for c in text.chunks_exact(2) {
        match (c.first().copied()?, c.get(1).copied()?) {
            (0, 0) => break,
            (b, 0) if b.is_ascii_hexdigit() || b == b'-' => out.push(b.to_ascii_lowercase()),
            _ => return None,
        }
    }
    (out.len() == 36).then_some(out)
}

/// A partition picked: its number and flags.
type Picked = Option<(u32, u64)>;

/// The root (and /usr) partitions of one disk's table entries: the first
/// of each type without `no-auto`. `entries` are (number, type, flags).
pub fn pick(entries: &[(u32, [u8; 16], u64)]) -> (Picked, Picked) {
    let first = |ty: [u8; 16]| {
        entries
            .iter()
            .find(|(_, t, f)| *t == ty && f & FLAG_NO_AUTO == 0)
            .map(|&(n, _, f)| (n, f))
    };
    (first(ROOT_TYPE), first(USR_TYPE))
}

/// The GPT entries of the disk `disk`: (number, type, flags).
fn entries_of(disk: &BlockDev) -> Vec<(u32, [u8; 16], u64)> {
    let mut out = Vec::new();
    if let Ok(mut d) = Device::open(blockdevs::dev_node(&disk.name).as_cstr()) {
        let sector = d.sector_size();
        let _ = probe::walk(&mut d, sector, &mut |p| {
            if let Some((ty, flags)) = p.gpt_type_and_flags() {
                out.push((p.number, ty, flags));
            }
        });
    }
    out
}

/// Mounts efivarfs where the variables are, when the kernel has it.
fn mount_efivarfs() {
    let dir = c"/sys/firmware/efi/efivars";
    if fs::statat(CWD, dir, 0).is_ok() && fs::statat(CWD, LOADER_DEVICE_PART_UUID, 0).is_err() {
        let _ = klibc::mount::mount(Some(c"efivarfs"), dir, Some(c"efivarfs"), 0, None);
    }
}

/// Discovers the root (and /usr) among `devs`.
pub fn discover(devs: &[BlockDev]) -> Result<Discovery, DpsError> {
    mount_efivarfs();
    let found = |disk: &BlockDev, (n, flags): (u32, u64)| {
        devs.iter()
            .find(|p| p.disk == disk.name && p.partition == n)
            .map(|p| Found {
                dev: p.clone(),
                read_only: flags & FLAG_READ_ONLY != 0,
            })
    };
    if let Some(uuid) = fs::read_file(CWD, LOADER_DEVICE_PART_UUID)
        .ok()
        .as_deref()
        .and_then(parse_loader_uuid)
    {
        let spec = crate::rootspec::RootSpec::PartUuid {
            uuid: &uuid,
            offset: 0,
        };
        let esp = crate::rootdev::find(&spec, devs, &mut crate::rootid::Prober)
            .ok_or(DpsError::BootPartitionMissing(uuid.clone()))?;
        let disk = devs
            .iter()
            .find(|d| d.partition == 0 && d.name == esp.disk)
            .ok_or(DpsError::BootPartitionMissing(uuid.clone()))?;
        let (root, usr) = pick(&entries_of(disk));
        let root = root.and_then(|r| found(disk, r)).ok_or(DpsError::None)?;
        let usr = usr.and_then(|u| found(disk, u));
        return Ok(Discovery { root, usr });
    }
    let mut hit: Option<Discovery> = None;
    for disk in devs.iter().filter(|d| d.partition == 0) {
        let (root, usr) = pick(&entries_of(disk));
        let Some(root) = root.and_then(|r| found(disk, r)) else {
            continue;
        };
        if let Some(first) = &hit {
            return Err(DpsError::Ambiguous(
                first.root.dev.dev_name(),
                root.dev.dev_name(),
            ));
        }
        hit = Some(Discovery {
            root,
            usr: usr.and_then(|u| found(disk, u)),
        });
    }
    hit.ok_or(DpsError::None)
}

/// Says why discovery failed.
pub fn report(e: &DpsError) {
    let root_type: &[u8] = TYPES.0;
    match e {
        DpsError::None => say::msg(
            b"kinit: no root= and no partition of the root type {} (Discoverable Partitions) on any disk",
            &[root_type],
        ),
        DpsError::Ambiguous(a, b) => say::msg(
            b"kinit: no root=, and two disks have a root partition ({} and {}): boot with root= or from the disk with LoaderDevicePartUUID",
            &[a, b],
        ),
        DpsError::BootPartitionMissing(u) => say::msg(
            b"kinit: LoaderDevicePartUUID names partition {}, which is not there",
            &[u],
        ),
    }
}

/// The `gpt_auto` fuzz target and its replay: `data` as a disk image whose
/// partition table is walked for the root and /usr types, and as an EFI
/// variable. Returns the root partition's number, or 0.
pub fn fuzz_entry(data: &[u8]) -> u32 {
    let _ = parse_loader_uuid(data);
    let mut entries = Vec::new();
    let mut d = data;
    let _ = probe::walk(&mut d, 512, &mut |p| {
        if let Some((ty, flags)) = p.gpt_type_and_flags() {
            entries.push((p.number, ty, flags));
        }
    });
    pick(&entries).0.map_or(0, |(n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_bytes_as_stored() {
        // sgdisk's 8304 type, as the table stores it.
        assert_eq!(
            guid(b"4f68bce3-e8cd-4db1-96e7-fbcaf984b709"),
            [
                0xe3, 0xbc, 0x68, 0x4f, 0xcd, 0xe8, 0xb1, 0x4d, 0x96, 0xe7, 0xfb, 0xca, 0xf9, 0x84,
                0xb7, 0x09
            ]
        );
    }

    #[test]
    fn loader_variable() {
        let mut v = alloc::vec![7u8, 0, 0, 0];
        for c in "6A8F2B1C-3D4E-4F5A-8B9C-0D1E2F3A4B5C\0".bytes() {
            v.extend_from_slice(&[c, 0]);
        }
        assert_eq!(
            parse_loader_uuid(&v).as_deref(),
            Some(&b"6a8f2b1c-3d4e-4f5a-8b9c-0d1e2f3a4b5c"[..])
        );
        assert_eq!(parse_loader_uuid(&v[..10]), None);
        assert_eq!(parse_loader_uuid(b""), None);
    }

    #[test]
    fn first_without_no_auto() {
        let e = [
            (1, ROOT_TYPE, FLAG_NO_AUTO),
            (2, USR_TYPE, 0),
            (3, ROOT_TYPE, FLAG_READ_ONLY),
            (4, ROOT_TYPE, 0),
        ];
        assert_eq!(pick(&e), (Some((3, FLAG_READ_ONLY)), Some((2, 0))));
        assert_eq!(pick(&[]), (None, None));
    }
}
