//! dm-verity roots with systemd's parameters (systemd-veritysetup-generator
//! and kernel-command-line(7)): `roothash=<hex>` with
//! `systemd.verity_root_data=` and `systemd.verity_root_hash=` naming the
//! data and hash devices (any `root=` form), or without them the GPT
//! partitions whose UUIDs are the first and the last 128 bits of the root
//! hash (systemd's rule for discovered partitions); `usrhash=` and
//! `systemd.verity_usr_*` the same for /usr. kinit reads the verity
//! superblock that `veritysetup format` writes at the start of the hash
//! device, builds the dm-verity table from it and creates the read-only
//! device `/dev/mapper/root` (or `usr`) with the device-mapper ioctls — no
//! libdevmapper, no veritysetup. The root is then that device unless
//! `root=` says otherwise. When mounting it fails, kinit asks the target
//! whether it saw corruption and says so, naming the devices.

use crate::blockdevs::BlockDev;
use crate::cmdline::Cmdline;
use crate::cpath::CPath;
use crate::modules::fields;
use crate::rootspec::RootSpec;
use crate::say;
use alloc::vec::Vec;
use core::mem::{offset_of, size_of};
use klibc::dm::{self, Buffer, TargetSpec};
use klibc::fd::CWD;
use klibc::fs;
use klibc::uapi::dm as u;
use klibc::uapi::general as g;

/// The verity superblock (cryptsetup's `struct verity_sb`, 512 bytes,
/// little-endian; not a kernel UAPI): what kinit reads of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superblock {
    /// The hash format (0: the original Chrome OS one, 1: the normal one).
    pub hash_type: u32,
    pub uuid: [u8; 16],
    pub algorithm: Vec<u8>,
    pub data_block_size: u32,
    pub hash_block_size: u32,
    pub data_blocks: u64,
    pub salt: Vec<u8>,
}

/// Why the hash device's superblock cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SbError {
    /// No `verity\0\0` signature: not made by `veritysetup format`, or
    /// made with `--no-superblock`.
    NoSignature,
    /// A version other than 1.
    Version,
    /// A hash type other than 0 or 1.
    HashType,
    /// A block size that is no power of two from 512 bytes to 1 MiB, or
    /// no data blocks.
    Geometry,
    /// A salt longer than the 256 bytes the superblock has room for.
    Salt,
    /// No NUL-terminated algorithm name of letters, digits and dashes.
    Algorithm,
}

impl SbError {
    pub fn message(self) -> &'static str {
        match self {
            SbError::NoSignature => "no verity superblock (veritysetup format writes one)",
            SbError::Version => "unknown verity superblock version",
            SbError::HashType => "unknown verity hash type",
            SbError::Geometry => "bad block sizes or data block count",
            SbError::Salt => "salt too long",
            SbError::Algorithm => "bad hash algorithm name",
        }
    }
}

fn le32(b: &[u8], off: usize) -> u32 {
    let mut w = [0u8; 4];
    if let Some(s) = b.get(off..off + 4) {
        w.copy_from_slice(s);
    }
    u32::from_le_bytes(w)
}

/// Parses the 512-byte verity superblock: signature @0, version @8,
/// hash_type @12, uuid @16, algorithm @32 (32 bytes), data and hash block
/// sizes @64 and @68, data_blocks @72, salt_size @80, salt @88 (256 bytes).
pub fn parse_superblock(b: &[u8]) -> Result<Superblock, SbError> {
    if b.get(..8) != Some(b"verity\0\0") {
        return Err(SbError::NoSignature);
    }
    if le32(b, 8) != 1 {
        return Err(SbError::Version);
    }
    let hash_type = le32(b, 12);
    if hash_type > 1 {
        return Err(SbError::HashType);
    }
    let uuid: [u8; 16] = b
        .get(16..32)
        .and_then(|s| s.try_into().ok())
        .ok_or(SbError::NoSignature)?;
    let alg = b.get(32..64).ok_or(SbError::Algorithm)?;
    let alg = alg.split(|&c| c == 0).next().unwrap_or_default();
    if alg.is_empty()
        || alg.len() == 32
        || !alg.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    {
        return Err(SbError::Algorithm);
    }
    let (dbs, hbs) = (le32(b, 64), le32(b, 68));
    let data_blocks = u64::from(le32(b, 72)) | (u64::from(le32(b, 76)) << 32);
    let ok = |s: u32| s.is_power_of_two() && (512..=1 << 20).contains(&s);
    if !ok(dbs) || !ok(hbs) || data_blocks == 0 || data_blocks > u64::MAX / u64::from(dbs) {
        return Err(SbError::Geometry);
    }
    let salt_size = usize::from(u16::from_le_bytes([
        b.get(80).copied().unwrap_or(0),
        b.get(81).copied().unwrap_or(0),
    ]));
    let salt = b
        .get(88..88 + salt_size)
        .filter(|_| salt_size <= 256)
        .ok_or(SbError::Salt)?;
    Ok(Superblock {
        hash_type,
        uuid,
        algorithm: alg.to_vec(),
        data_block_size: dbs,
        hash_block_size: hbs,
        data_blocks,
        salt: salt.to_vec(),
    })
}

/// The dm-verity options of systemd's `systemd.verity_*_options=` names
/// that kinit passes on (dashes become the kernel's underscores); the
/// others are said and left out.
const OPTIONS: [&[u8]; 5] = [
    b"ignore-corruption",
    b"restart-on-corruption",
    b"panic-on-corruption",
    b"ignore-zero-blocks",
    b"check-at-most-once",
];

/// The table line of a verity target (after its start and length):
/// `<hash_type> <data> <hash> <data block> <hash block> <blocks> <hash
/// start> <algorithm> <root hash> <salt|-> [<count> <options>...]`. The hash
/// tree starts in the hash block after the superblock.
pub fn table_params(
    sb: &Superblock,
    data: &[u8],
    hash: &[u8],
    root_hash: &[u8],
    options: &[&[u8]],
) -> Vec<u8> {
    let mut t = Vec::new();
    let mut n = say::Num::new();
    let word = |t: &mut Vec<u8>, w: &[u8]| {
        if !t.is_empty() {
            t.push(b' ');
        }
        t.extend_from_slice(w);
    };
    word(&mut t, n.dec(sb.hash_type.into()));
    word(&mut t, data);
    word(&mut t, hash);
    word(&mut t, n.dec(sb.data_block_size.into()));
    word(&mut t, n.dec(sb.hash_block_size.into()));
    word(&mut t, n.dec(sb.data_blocks));
    // The superblock is 512 bytes at offset 0: the tree starts at the next
    // hash block.
    let hash_start = 512u64.div_ceil(sb.hash_block_size.into());
    word(&mut t, n.dec(hash_start));
    word(&mut t, &sb.algorithm);
    word(&mut t, root_hash);
    if sb.salt.is_empty() {
        word(&mut t, b"-");
    } else {
        word(&mut t, &hex(&sb.salt));
    }
    if !options.is_empty() {
        word(&mut t, n.dec(options.len() as u64));
        for o in options {
            let kernel: Vec<u8> = o
                .iter()
                .map(|&c| if c == b'-' { b'_' } else { c })
                .collect();
            word(&mut t, &kernel);
        }
    }
    t
}

fn hex(b: &[u8]) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(b.len() * 2);
    for &x in b {
        out.push(DIGITS[usize::from(x >> 4)]);
        out.push(DIGITS[usize::from(x & 15)]);
    }
    out
}

/// A root hash: an even number of hex digits (at least 32: the two
/// partition UUIDs come from it), lower-cased.
pub fn parse_root_hash(v: &[u8]) -> Option<Vec<u8>> {
    (v.len() >= 32 && v.len() & 1 == 0 && v.iter().all(u8::is_ascii_hexdigit))
        .then(|| v.to_ascii_lowercase())
}

/// The PARTUUID (as text) of the data or hash partition systemd looks for:
/// the first or the last 32 hex digits of the root hash.
pub fn partuuid_from_hash(root_hash: &[u8], last: bool) -> Vec<u8> {
    let h = if last {
        root_hash.get(root_hash.len().saturating_sub(32)..)
    } else {
        root_hash.get(..32)
    }
    .unwrap_or_default();
    let mut out = Vec::with_capacity(36);
    for (i, &c) in h.iter().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push(b'-');
        }
        out.push(c);
    }
    out
}

/// The two verity devices kinit makes: root and /usr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Volume {
    Root,
    Usr,
}

impl Volume {
    fn name(self) -> &'static [u8] {
        match self {
            Volume::Root => b"root",
            Volume::Usr => b"usr",
        }
    }

    /// (root hash, data, hash, options) parameter names.
    fn params(self) -> [&'static [u8]; 4] {
        match self {
            Volume::Root => [
                b"roothash",
                b"systemd.verity_root_data",
                b"systemd.verity_root_hash",
                b"systemd.verity_root_options",
            ],
            Volume::Usr => [
                b"usrhash",
                b"systemd.verity_usr_data",
                b"systemd.verity_usr_hash",
                b"systemd.verity_usr_options",
            ],
        }
    }
}

/// Whether the command line asks for a verity root.
pub fn wanted(cmd: &Cmdline<'_>) -> bool {
    cmd.get(b"roothash").is_some()
}

/// Sets up the verity devices the command line asks for (`roothash=`,
/// `usrhash=`); says what it made or why not. Returns which were made.
#[inline(never)]
pub fn setup(cmd: &Cmdline<'_>) -> (bool, bool) {
    if !cfg!(feature = "verity") {
        if wanted(cmd) || cmd.get(b"usrhash").is_some() {
            say::msg(b"kinit: roothash=/usrhash= ignored: built without dm-verity (INITRAMFS_KINIT_VERITY)", &[]);
        }
        return (false, false);
    }
    (setup_one(cmd, Volume::Root), setup_one(cmd, Volume::Usr))
}

fn setup_one(cmd: &Cmdline<'_>, vol: Volume) -> bool {
    let [p_hash, p_data, p_hashdev, p_opts] = vol.params();
    let Some(text) = cmd.get(p_hash) else {
        return false;
    };
    let Some(root_hash) = parse_root_hash(text) else {
        say::msg(
            b"kinit: {}={}: not a root hash (hex digits)",
            &[p_hash, text],
        );
        return false;
    };
    let data_uuid = partuuid_from_hash(&root_hash, false);
    let hash_uuid = partuuid_from_hash(&root_hash, true);
    let data_text = cmd.get(p_data);
    let hash_text = cmd.get(p_hashdev);
    let data_uuid: &[u8] = &data_uuid;
    let hash_uuid: &[u8] = &hash_uuid;
    let (Some(d), Some(h)) = (
        spec_for(data_text, data_uuid),
        spec_for(hash_text, hash_uuid),
    ) else {
        say::msg(b"kinit: {}: bad device name", &[p_data]);
        return false;
    };
    let mut prober = crate::rootid::Prober;
    let what: &[u8] = match vol {
        Volume::Root => b"verity data and hash devices of the root",
        Volume::Usr => b"verity data and hash devices of /usr",
    };
    let found = crate::rootdev::wait_for(what, &[d, h], cmd.rootwait, &mut prober);
    let (data, hash) = match found.as_deref() {
        Ok([Some(d), Some(h)]) => (d.clone(), h.clone()),
        _ => {
            let shown = |t: Option<&[u8]>, uuid: &[u8]| -> Vec<u8> {
                t.map_or_else(|| [&b"PARTUUID="[..], uuid].concat(), <[u8]>::to_vec)
            };
            say::msg(
                b"kinit: verity: cannot find the data device {} and the hash device {}",
                &[&shown(data_text, data_uuid), &shown(hash_text, hash_uuid)],
            );
            return false;
        }
    };
    let options: Vec<&[u8]> = fields(cmd.get(p_opts).unwrap_or_default(), b',')
        .filter(|o| {
            let known = OPTIONS.contains(o);
            if !known {
                say::msg(b"kinit: {}: {} is not supported; ignored", &[p_opts, o]);
            }
            known
        })
        .collect();
    match create(vol, &data, &hash, &root_hash, &options) {
        Ok(()) => true,
        Err(()) => false,
    }
}

/// A spec for a verity device: the one given, else the PARTUUID.
fn spec_for<'a>(given: Option<&'a [u8]>, uuid: &'a [u8]) -> Option<RootSpec<'a>> {
    match given {
        Some(t) => RootSpec::parse(t).ok(),
        None => Some(RootSpec::PartUuid { uuid, offset: 0 }),
    }
}

/// The `MAJ:MIN` of a device, as dm tables name devices.
fn devnum(d: &BlockDev) -> Vec<u8> {
    let (mut a, mut b) = (say::Num::new(), say::Num::new());
    [a.dec(d.major.into()), b":", b.dec(d.minor.into())].concat()
}

/// Reads the superblock, makes the device, loads its table and resumes it.
fn create(
    vol: Volume,
    data: &BlockDev,
    hash: &BlockDev,
    root_hash: &[u8],
    options: &[&[u8]],
) -> Result<(), ()> {
    let name = vol.name();
    let hash_node = crate::blockdevs::dev_node(&hash.name);
    let mut sb_bytes = [0u8; 512];
    let read = crate::probe::Device::open(hash_node.as_cstr()).and_then(|mut d| {
        crate::probe::read_exact(&mut d, 0, &mut sb_bytes).map_err(|_| klibc::Errno::IO)
    });
    if let Err(e) = read {
        say::msg_fail(b"kinit: verity: reading {}", &[hash_node.to_bytes()], e);
        return Err(());
    }
    let sb = parse_superblock(&sb_bytes).map_err(|e| {
        say::msg(
            b"kinit: verity: {}: {}",
            &[hash_node.to_bytes(), e.message().as_bytes()],
        );
    })?;
    let params = table_params(&sb, &devnum(data), &devnum(hash), root_hash, options);
    let sectors = sb.data_blocks.saturating_mul(sb.data_block_size.into()) / 512;
    let fail = |step: &[u8], e: klibc::Errno| {
        say::msg_fail(b"kinit: verity: {}: {}", &[name, step], e);
    };
    let _ = fs::mkdirat(CWD, c"/dev/mapper", 0o755);
    let control = control().map_err(|e| fail(b"opening /dev/mapper/control", e))?;
    let mut b = request(name, 0);
    dm::ioctl(&control, u::DM_DEV_CREATE, &mut b).map_err(|e| fail(b"creating the device", e))?;
    // One target: verity over the whole data.
    let spec_len = size_of::<TargetSpec>();
    let mut t = request(name, (spec_len + params.len() + 1).next_multiple_of(8));
    {
        let h = t.header_mut();
        h.target_count = 1;
        h.flags = u::DM_READONLY_FLAG;
    }
    {
        let p = t.payload_mut();
        put64(p, offset_of!(TargetSpec, sector_start), 0);
        put64(p, offset_of!(TargetSpec, length), sectors);
        let ty = offset_of!(TargetSpec, target_type);
        if let Some(dst) = p.get_mut(ty..ty + 6) {
            dst.copy_from_slice(b"verity");
        }
        if let Some(dst) = p.get_mut(spec_len..spec_len + params.len()) {
            dst.copy_from_slice(&params);
        }
    }
    dm::ioctl(&control, u::DM_TABLE_LOAD, &mut t)
        .map_err(|e| fail(b"loading the verity table", e))?;
    let mut r = request(name, 0);
    dm::ioctl(&control, u::DM_DEV_SUSPEND, &mut r)
        .map_err(|e| fail(b"activating the device", e))?;
    let dev = r.header().dev;
    let node = CPath::new(&[b"/dev/mapper/", name]);
    let _ = fs::unlinkat(CWD, node.as_cstr(), 0);
    if let Err(e) = fs::mknodat(CWD, node.as_cstr(), g::S_IFBLK | 0o600, dev) {
        fail(b"creating its node", e);
        return Err(());
    }
    say::msg(
        b"kinit: verity: /dev/mapper/{} is {} verified against {} ({}, {})",
        &[
            name,
            &data.dev_name(),
            &hash.dev_name(),
            &sb.algorithm,
            root_hash,
        ],
    );
    Ok(())
}

fn put64(p: &mut [u8], off: usize, v: u64) {
    if let Some(dst) = p.get_mut(off..off + 8) {
        dst.copy_from_slice(&v.to_ne_bytes());
    }
}

/// A request for the device `name` with `payload` bytes after the header.
fn request(name: &[u8], payload: usize) -> Buffer {
    let mut b = Buffer::new(payload);
    let h = b.header_mut();
    for (dst, &c) in h
        .name
        .iter_mut()
        .zip(name.iter().take(u::DM_NAME_LEN as usize - 1))
    {
        *dst = c as _;
    }
    b
}

/// Opens /dev/mapper/control (devtmpfs has it once device-mapper is in
/// the kernel; else kinit makes it from /sys/class/misc).
fn control() -> Result<klibc::fd::OwnedFd, klibc::Errno> {
    let path = c"/dev/mapper/control";
    let flags = g::O_RDWR | g::O_CLOEXEC;
    match fs::openat(CWD, path, flags, 0) {
        Err(klibc::Errno::NOENT) => {
            let text = fs::read_file(CWD, c"/sys/class/misc/device-mapper/dev")?;
            let (major, minor) =
                crate::blockdevs::parse_dev(text.trim_ascii()).ok_or(klibc::Errno::NODEV)?;
            fs::mknodat(CWD, path, g::S_IFCHR | 0o600, fs::makedev(major, minor))?;
            fs::openat(CWD, path, flags, 0)
        }
        r => r,
    }
}

/// The verity target's status of the device `name` (`V` verified, `C`
/// corruption seen), from DM_TABLE_STATUS.
pub fn status(name: &[u8]) -> Option<u8> {
    let control = control().ok()?;
    let mut b = request(name, 1024);
    dm::ioctl(&control, u::DM_TABLE_STATUS, &mut b).ok()?;
    if b.header().target_count == 0 {
        return None;
    }
    let p = b.payload();
    let start = size_of::<TargetSpec>();
    p.get(start..)?
        .iter()
        .copied()
        .find(|c| !c.is_ascii_whitespace())
}

/// After the root on /dev/mapper/root failed to mount: says whether
/// dm-verity saw corruption.
#[inline(never)]
pub fn report_root_failure() {
    if !cfg!(feature = "verity") {
        return;
    }
    match status(b"root") {
        Some(b'C') => say::msg(
            b"kinit: verity: /dev/mapper/root: data corruption detected (dm-verity status C): the root does not match roothash=",
            &[],
        ),
        Some(b'V') => say::msg(b"kinit: verity: /dev/mapper/root: no corruption seen (dm-verity status V)", &[]),
        _ => {}
    }
}

/// The `verity` fuzz target and its corpus replay: `data` as a superblock
/// and as a root hash. Returns the data block count of a valid superblock.
pub fn fuzz_entry(data: &[u8]) -> u64 {
    if let Some(h) = parse_root_hash(data) {
        let _ = partuuid_from_hash(&h, false);
        let _ = partuuid_from_hash(&h, true);
    }
    match parse_superblock(data) {
        Ok(sb) => {
            let _ = table_params(&sb, b"254:0", b"254:16", b"00", &[b"ignore-zero-blocks"]);
            sb.data_blocks
        }
        Err(_) => 0,
    }
}
