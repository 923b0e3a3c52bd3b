//! What a `root=` (or `resume=`) value names, with the kernel's syntax
//! (block/early-lookup.c `early_lookup_bdev`): `/dev/<name>`, `MAJ:MIN`,
//! a hex dev_t, `PARTUUID=<uuid>[/PARTNROFF=<n>]`, `PARTLABEL=<label>`,
//! and beyond the kernel `UUID=` and `LABEL=` (filesystem identifiers);
//! klibc's comma lists of them ([`list`]).
//! Parsing only; finding the device is [`crate::rootdev`]'s job.

use crate::cmdline::parse_radix;

/// A parsed `root=` value, borrowing from the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootSpec<'a> {
    /// `/dev/<name>`: the name after `/dev/` (a `/` in it stays a `/`;
    /// sysfs spells it `!`).
    Name(&'a [u8]),
    /// `MAJ:MIN` or a hex dev_t.
    DevNum { major: u32, minor: u32 },
    /// `PARTUUID=`: matches a partition whose UUID starts with `uuid`
    /// (ignoring case, as the kernel's strncasecmp); `offset` is PARTNROFF.
    PartUuid { uuid: &'a [u8], offset: i32 },
    /// `PARTLABEL=`: a partition's name (GPT), exactly.
    PartLabel(&'a [u8]),
    /// `UUID=`: a filesystem's UUID (ignoring case).
    Uuid(&'a [u8]),
    /// `LABEL=`: a filesystem's label, exactly.
    Label(&'a [u8]),
}

/// Why a `root=` value cannot name a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecError {
    /// `PARTUUID=` without a UUID or with a bad `/PARTNROFF=`.
    BadPartUuid,
    /// A `/dev/` name longer than the kernel's 31 bytes, or empty.
    BadName,
    /// Not any of the forms.
    Unrecognised,
    /// `UUID=`, `LABEL=` or `PARTLABEL=` with nothing after it.
    Empty,
}

impl SpecError {
    /// The message kinit prints after `kinit: root=<value>: `.
    pub fn message(self) -> &'static str {
        match self {
            SpecError::BadPartUuid => "expected PARTUUID=<uuid>[/PARTNROFF=<n>]",
            SpecError::BadName => "device name after /dev/ must be 1 to 31 bytes",
            SpecError::Unrecognised => {
                "expected /dev/<name>, MAJ:MIN, hex dev_t, PARTUUID=, PARTLABEL=, UUID= or LABEL="
            }
            SpecError::Empty => "empty identifier",
        }
    }
}

/// The entries of a `root=` value: klibc's comma list (`Root_MULTI`),
/// tried in order; a value without a comma is its only entry. Empty
/// entries are skipped.
pub fn list(root: &[u8]) -> crate::modules::Fields<'_> {
    crate::modules::fields(root, b',')
}

/// The kernel's Root_Generic names, mounted by name rather than looked up
/// as block devices: `mtd...` (`mtd<N>`, `mtd:<name>`; jffs2 unless
/// `rootfstype=` says otherwise) and `ubi...` (`ubi<N>:<volume>`,
/// `ubi:<volume>`; ubifs). The type to mount it as by default, for them.
pub fn named_default_type(entry: &[u8]) -> Option<&'static [u8]> {
    match entry.get(..3) {
        Some(b"mtd") => Some(b"jffs2"),
        Some(b"ubi") => Some(b"ubifs"),
        _ => None,
    }
}

impl<'a> RootSpec<'a> {
    /// Parses a `root=` value.
    pub fn parse(s: &'a [u8]) -> Result<RootSpec<'a>, SpecError> {
        if let Some(rest) = s.strip_prefix(b"PARTUUID=".as_slice()) {
            return parse_partuuid(rest);
        }
        if let Some(rest) = s.strip_prefix(b"PARTLABEL=".as_slice()) {
            return non_empty(rest).map(RootSpec::PartLabel);
        }
        if let Some(rest) = s.strip_prefix(b"UUID=".as_slice()) {
            return non_empty(rest).map(RootSpec::Uuid);
        }
        if let Some(rest) = s.strip_prefix(b"LABEL=".as_slice()) {
            return non_empty(rest).map(RootSpec::Label);
        }
        if let Some(name) = s.strip_prefix(b"/dev/".as_slice()) {
            if name.is_empty() || name.len() > 31 {
                return Err(SpecError::BadName);
            }
            return Ok(RootSpec::Name(name));
        }
        parse_devnum(s).ok_or(SpecError::Unrecognised)
    }
}

fn non_empty(s: &[u8]) -> Result<&[u8], SpecError> {
    if s.is_empty() {
        Err(SpecError::Empty)
    } else {
        Ok(s)
    }
}

fn parse_partuuid(s: &[u8]) -> Result<RootSpec<'_>, SpecError> {
    let (uuid, offset) = match s.iter().position(|&b| b == b'/') {
        Some(slash) => {
            let (uuid, tail) = s.split_at_checked(slash).unwrap_or((s, &[]));
            let n = tail
                .strip_prefix(b"/PARTNROFF=".as_slice())
                .and_then(parse_signed)
                .ok_or(SpecError::BadPartUuid)?;
            (uuid, n)
        }
        None => (s, 0),
    };
    if uuid.is_empty() {
        return Err(SpecError::BadPartUuid);
    }
    Ok(RootSpec::PartUuid { uuid, offset })
}

/// A whole signed decimal `i32` (sscanf "%d" with nothing after).
fn parse_signed(s: &[u8]) -> Option<i32> {
    let (neg, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s),
    };
    let (v, used) = parse_radix(digits, 10, 0);
    if used == 0 || used != digits.len() {
        return None;
    }
    let v = i64::try_from(v).ok()?;
    i32::try_from(if neg { -v } else { v }).ok()
}

/// `MAJ:MIN` (also the kernel's odd `MAJ:MIN:OFFSET:`), else a whole hex
/// number decoded as the kernel's `new_decode_dev`.
fn parse_devnum(s: &[u8]) -> Option<RootSpec<'static>> {
    let (major, used) = parse_radix(s, 10, 0);
    if used > 0 && s.get(used) == Some(&b':') {
        let rest = s.get(used + 1..)?;
        let (minor, used2) = parse_radix(rest, 10, 0);
        let tail = rest.get(used2..)?;
        let ok = used2 > 0
            && (tail.is_empty() || {
                let (_, used3) = parse_radix(tail.get(1..)?, 10, 0);
                tail.first() == Some(&b':') && used3 > 0 && tail.get(used3 + 1..) == Some(b":")
            });
        // MKDEV keeps 12 bits of major and 20 of minor; more is invalid.
        if ok && major < (1 << 12) && minor < (1 << 20) {
            return Some(RootSpec::DevNum {
                major: major as u32,
                minor: minor as u32,
            });
        }
        return None;
    }
    let start = match s {
        [b'0', b'x' | b'X', ..] => 2,
        _ => 0,
    };
    let (v, used) = parse_radix(s, 16, start);
    if used == 0 || used != s.len() || v > u32::MAX as u64 {
        return None;
    }
    let major = (v & 0xfff00) >> 8;
    let minor = (v & 0xff) | ((v >> 12) & 0xfff00);
    Some(RootSpec::DevNum {
        major: major as u32,
        minor: minor as u32,
    })
}
