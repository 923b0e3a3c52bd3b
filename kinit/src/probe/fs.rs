//! Which filesystem a device holds, decided the way klibc 2.0.12's fstype
//! decides it: the same signatures, checked in the same order on the same
//! 1 KiB blocks, with the same size arithmetic (including its quirks, so
//! that `fstype` prints what klibc's prints). erofs, f2fs, exfat and vfat,
//! which klibc does not know, are checked once its first-two-block
//! signatures have failed, so they never change one of klibc's answers
//! for an image made by a real tool. UUID and LABEL come from [`super::ids`].

use super::bytes::{be32, be64, has, le16, le32, le64, ne16, ne32, ne64, u8_at};
use super::ids::{self, Ids, NONE};
use super::{read_exact, BlockRead, ProbeError};
use alloc::string::String;

/// The page size klibc's swap probe assumes when the caller knows none.
pub const DEFAULT_PAGE_SIZE: u64 = 4096;

const BLOCK: u64 = 1024;

/// What [`identify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsInfo {
    /// The type name as klibc's fstype prints it (blkid's name for the
    /// types klibc lacks: `erofs`, `f2fs`, `exfat`, `vfat`).
    pub fstype: &'static str,
    /// The size in bytes as klibc computes it (0 where it does not know).
    pub size: u64,
    /// The UUID as blkid shows it, where the format has one.
    pub uuid: Option<String>,
    /// The label as blkid shows it, where the format has one.
    pub label: Option<String>,
}

/// Where a probe's 1 KiB block is: a fixed block number, or the last block
/// of the first page (swap and suspend signatures).
#[derive(Clone, Copy)]
enum At {
    Block(u8),
    PageEnd,
}

type Check = fn(&[u8]) -> Option<u64>;

/// The formats that keep UUID and LABEL in the signature block.
const EXT: Ids = Ids::Plain(0x68, 0x78, 16);

/// klibc's order (see its fstype.c comment: minix after ext*, LVM and LUKS
/// late because stale signatures survive), plus ours after nilfs2; and
/// where each format keeps its UUID and LABEL.
const PROBES: &[(At, &str, Check, Ids)] = &[
    (At::Block(0), "gzip", gzip, Ids::None),
    (At::Block(0), "cramfs", cramfs, Ids::Plain(NONE, 48, 16)),
    (At::Block(0), "romfs", romfs, Ids::Plain(NONE, 16, 1008)),
    (At::Block(0), "xfs", xfs, Ids::Plain(32, 108, 12)),
    (At::Block(0), "squashfs", squashfs, Ids::None),
    (At::Block(1), "ext4", ext4, EXT),
    (At::Block(1), "ext3", ext3, EXT),
    (At::Block(1), "ext2", ext2, EXT),
    (At::Block(1), "minix", minix, Ids::None),
    (At::Block(1), "nilfs2", nilfs2, Ids::Plain(152, 168, 80)),
    (At::Block(1), "erofs", erofs, Ids::Plain(48, 64, 16)),
    (At::Block(1), "f2fs", f2fs, Ids::F2fs),
    (At::Block(0), "exfat", exfat, Ids::Exfat),
    (At::Block(0), "vfat", vfat, Ids::Vfat),
    // The superblock is the dinode's id2 union, at 0xC0.
    (
        At::Block(2),
        "ocfs2",
        ocfs2,
        Ids::Plain(0xC0 + 0x90, 0xC0 + 0x50, 64),
    ),
    (At::Block(8), "reiserfs", reiserfs, Ids::Reiserfs),
    (At::Block(64), "reiserfs", reiserfs, Ids::Reiserfs),
    (At::Block(64), "reiser4", reiser4, Ids::Plain(20, 36, 16)),
    // The superblock is within the signature block.
    (At::Block(64), "gfs2", gfs2, Ids::Plain(256, 160, 64)),
    (At::Block(64), "btrfs", btrfs, Ids::Plain(32, 299, 256)),
    (At::Block(32), "jfs", jfs, Ids::Jfs),
    (At::Block(32), "iso9660", iso9660, Ids::Iso9660),
    (At::Block(0), "luks", luks, Ids::Luks),
    (At::Block(0), "lvm2", lvm2, Ids::Lvm2),
    (At::Block(1), "lvm2", lvm2, Ids::Lvm2),
    (At::PageEnd, "swap", swap, Ids::Swap),
    (At::PageEnd, "suspend", suspend, Ids::Swap),
];

/// Identifies the filesystem on `dev`. `Ok(None)`: no known signature.
/// Like klibc, a block the next probe needs that cannot be read in full is
/// an error (so a device shorter than 65 KiB with no signature in its first
/// blocks is an error, not "unknown"). `page_size` places the swap
/// signature (the last 1 KiB of the first page).
pub fn identify(dev: &mut dyn BlockRead, page_size: u64) -> Result<Option<FsInfo>, ProbeError> {
    let mut buf = [0u8; BLOCK as usize];
    let mut cur = None;
    for &(at, name, check, ids) in PROBES {
        let block = match at {
            At::Block(b) => u64::from(b),
            At::PageEnd => page_size.saturating_sub(BLOCK) >> 10,
        };
        if cur != Some(block) {
            cur = Some(block);
            read_exact(dev, block * BLOCK, &mut buf)?;
        }
        if let Some(size) = check(&buf) {
            let mut info = FsInfo {
                fstype: name,
                size,
                uuid: None,
                label: None,
            };
            ids::fill(dev, &mut info, ids, block * BLOCK, &buf);
            return Ok(Some(info));
        }
    }
    Ok(None)
}

// Each check sees the 1 KiB block its table entry names and returns the
// size in bytes when the signature is there. Shifts and products wrap the
// way klibc's C does on x86 (shift counts taken modulo 64).

fn shl(v: u64, by: u32) -> u64 {
    v.wrapping_shl(by)
}

fn gzip(b: &[u8]) -> Option<u64> {
    (u8_at(b, 0) == 0o37 && matches!(u8_at(b, 1), 0o213 | 0o236)).then_some(0)
}

fn cramfs(b: &[u8]) -> Option<u64> {
    (ne32(b, 0) == 0x28cd_3d45).then(|| {
        if ne32(b, 8) & 1 != 0 {
            u64::from(ne32(b, 40)) << 10
        } else {
            0
        }
    })
}

fn romfs(b: &[u8]) -> Option<u64> {
    (has(b, 0, b"-rom1fs-")).then(|| u64::from(be32(b, 8)))
}

fn xfs(b: &[u8]) -> Option<u64> {
    (be32(b, 0) == 0x5846_5342).then(|| be64(b, 8).wrapping_mul(u64::from(be32(b, 4))))
}

fn squashfs(b: &[u8]) -> Option<u64> {
    // klibc reads `bytes_used` where squashfs 3 kept it (offset 63).
    matches!(
        ne32(b, 0),
        0x7371_7368 | 0x6873_7173 | 0x7173_6873 | 0x7368_7371
    )
    .then(|| ne64(b, 63))
}

const EXT_MAGIC: u16 = 0xEF53;

fn ext_size(b: &[u8]) -> u64 {
    shl(u64::from(le32(b, 4)), 10u32.wrapping_add(le32(b, 24)))
}

fn ext4(b: &[u8]) -> Option<u64> {
    // Any incompat or ro_compat feature ext3 lacks makes it ext4.
    const INCOMPAT_EXT3: u32 = 0x0002 | 0x0004 | 0x0010;
    const RO_COMPAT_EXT3: u32 = 0x0001 | 0x0002 | 0x0004;
    (le16(b, 0x38) == EXT_MAGIC
        && (le32(b, 0x60) & !INCOMPAT_EXT3 != 0 || le32(b, 0x64) & !RO_COMPAT_EXT3 != 0))
        .then(|| ext_size(b))
}

fn ext3(b: &[u8]) -> Option<u64> {
    (le16(b, 0x38) == EXT_MAGIC && le32(b, 0x5c) & 0x0004 != 0).then(|| ext_size(b))
}

fn ext2(b: &[u8]) -> Option<u64> {
    (le16(b, 0x38) == EXT_MAGIC).then(|| ext_size(b))
}

fn minix(b: &[u8]) -> Option<u64> {
    // Only the two version-1 magics, as klibc.
    matches!(ne16(b, 16), 0x137F | 0x138F).then(|| {
        shl(
            u64::from(ne16(b, 2)),
            u32::from(ne16(b, 10)).wrapping_add(10),
        )
    })
}

fn nilfs2(b: &[u8]) -> Option<u64> {
    (le16(b, 6) == 0x3434 && le32(b, 0) == 2).then(|| le64(b, 32))
}

fn erofs(b: &[u8]) -> Option<u64> {
    let bits = u8_at(b, 12);
    (le32(b, 0) == 0xE0F5_E1E2 && (9..=16).contains(&bits)).then(|| u64::from(le32(b, 36)) << bits)
}

fn f2fs(b: &[u8]) -> Option<u64> {
    (le32(b, 0) == 0xF2F5_2010).then(|| shl(le64(b, 36), le32(b, 16)))
}

fn exfat(b: &[u8]) -> Option<u64> {
    (has(b, 3, b"EXFAT   ")).then(|| shl(le64(b, 72), u32::from(u8_at(b, 108))))
}

fn vfat(b: &[u8]) -> Option<u64> {
    let sector = u64::from(le16(b, 11));
    let cluster = u8_at(b, 13);
    let media = u8_at(b, 21);
    let valid = matches!(u8_at(b, 0), 0xEB | 0xE9)
        && (has(b, 0x36, b"FAT") || has(b, 0x52, b"FAT32"))
        && sector.is_power_of_two()
        && (512..=4096).contains(&sector)
        && cluster.is_power_of_two()
        && le16(b, 14) != 0
        && u8_at(b, 16) != 0
        && (media == 0xF0 || media >= 0xF8);
    if !valid {
        return None;
    }
    let total = match le16(b, 19) {
        0 => u64::from(le32(b, 32)),
        n => u64::from(n),
    };
    Some(total * sector)
}

fn ocfs2(b: &[u8]) -> Option<u64> {
    has(b, 0, b"OCFSV2").then_some(0)
}

fn reiserfs(b: &[u8]) -> Option<u64> {
    (has(b, 52, b"ReIsErFs") || has(b, 52, b"ReIsEr2Fs") || has(b, 52, b"ReIsEr3Fs"))
        .then(|| u64::from(le32(b, 0)) * u64::from(le16(b, 44)))
}

fn reiser4(b: &[u8]) -> Option<u64> {
    has(b, 0, b"ReIsEr4").then(|| u64::from(le16(b, 16)) * u64::from(le16(b, 18)))
}

fn gfs2(b: &[u8]) -> Option<u64> {
    (be32(b, 0) == 0x0116_1970 && matches!(be32(b, 24), 1801 | 1900)).then_some(0)
}

fn btrfs(b: &[u8]) -> Option<u64> {
    has(b, 64, b"_BHRfS_M").then(|| le64(b, 112))
}

fn jfs(b: &[u8]) -> Option<u64> {
    has(b, 0, b"JFS1").then(|| shl(le64(b, 8), u32::from(le16(b, 28))))
}

fn iso9660(b: &[u8]) -> Option<u64> {
    (has(b, 1, b"CD001") || has(b, 9, b"CDROM")).then_some(0)
}

fn luks(b: &[u8]) -> Option<u64> {
    has(b, 0, b"LUKS\xBA\xBE").then_some(0)
}

fn lvm2(b: &[u8]) -> Option<u64> {
    // A label may sit in either 512-byte sector of the block.
    let at = |s| has(b, s, b"LABELONE") && has(b, s + 24, b"LVM2 001");
    (at(0) || at(512)).then_some(0)
}

fn swap(b: &[u8]) -> Option<u64> {
    (has(b, 1014, b"SWAP-SPACE") || has(b, 1014, b"SWAPSPACE2")).then_some(0)
}

/// Whether the last 1 KiB of a swap header page carries a hibernation
/// image signature (the `suspend` type).
pub fn is_suspend_block(b: &[u8]) -> bool {
    suspend(b).is_some()
}

fn suspend(b: &[u8]) -> Option<u64> {
    (has(b, 1014, b"S1SUSPEND") || has(b, 1014, b"S2SUSPEND") || has(b, 1014, b"ULSUSPEND"))
        .then_some(0)
}
