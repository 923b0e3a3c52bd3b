//! klibc kinit's extra mounts, made once root is mounted on /root: first
//! every entry of the initramfs's /etc/fstab (fstab(5) fields; `noauto`
//! entries and swap are skipped), then every `kinit_mount=` on the command
//! line, `<device>;<directory>;<type>[;<options>]` (empty fields are
//! skipped, as klibc's strtok does). Directories are inside the new root
//! (`/data` mounts on /root/data); options are mount(8)'s words, the ones
//! that are flags (klibc's table: ro, rw, nosuid, bind, ...) become MS_*
//! flags and the rest the filesystem's data string. A read-write mount
//! refused with EACCES is retried read-only, as klibc does; type `auto`
//! (which klibc passed on as is) is probed. A mount that fails is reported
//! and skipped; boot goes on.

use crate::cmdline::Cmdline;
use crate::cpath::CPath;
use crate::modules::{fields, lines, words};
use crate::say;
use alloc::vec::Vec;
use core::ffi::CStr;
use klibc::fd::CWD;
use klibc::uapi::general as g;
use klibc::Errno;

/// One mount to make, as written (fstab's `\ooo` escapes in the device
/// and directory are decoded by [`mount`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MountSpec<'a> {
    pub source: &'a [u8],
    /// Inside the new root, e.g. `/data` (`data` means the same).
    pub dir: &'a [u8],
    pub fstype: &'a [u8],
    /// Comma-separated options.
    pub options: &'a [u8],
}

/// Why a `kinit_mount=` value or an fstab line was refused: the field that
/// is missing (`device`, `directory` or `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Missing(pub &'static str);

/// Parses a `kinit_mount=` value.
pub fn parse_spec(value: &[u8]) -> Result<MountSpec<'_>, Missing> {
    spec_from(&mut fields(value, b';'))
}

/// The four fields of a mount; the first three are required.
fn spec_from<'a>(f: &mut impl Iterator<Item = &'a [u8]>) -> Result<MountSpec<'a>, Missing> {
    Ok(MountSpec {
        source: f.next().ok_or(Missing("device"))?,
        dir: f.next().ok_or(Missing("directory"))?,
        fstype: f.next().ok_or(Missing("type"))?,
        options: f.next().unwrap_or_default(),
    })
}

/// The entries of an fstab text, numbered by line (from 1); blank lines and
/// `#` comments are skipped.
pub fn parse_fstab(
    text: &[u8],
) -> impl Iterator<Item = (usize, Result<MountSpec<'_>, Missing>)> + '_ {
    lines(text).map(|(n, line)| (n, spec_from(&mut words(line))))
}

/// Appends `field` with fstab's `\ooo` escapes (three octal digits)
/// decoded; anything else is kept as it is.
pub fn unescape_into(out: &mut Vec<u8>, field: &[u8]) {
    let mut rest = field;
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        if let (b'\\', [d0 @ b'0'..=b'7', d1 @ b'0'..=b'7', d2 @ b'0'..=b'7', after @ ..]) =
            (b, tail)
        {
            let v = u32::from(d0 - b'0') << 6 | u32::from(d1 - b'0') << 3 | u32::from(d2 - b'0');
            if let Ok(v) = u8::try_from(v) {
                out.push(v);
                rest = after;
                continue;
            }
        }
        out.push(b);
    }
}

/// The option words klibc turns into flags, space-separated; [`FLAG_BITS`]
/// holds (mask cleared, bits set, bits set for the `no` form) for each.
const FLAG_WORDS: &[u8] = b"async atime bind dev diratime dirsync exec move recurse relatime remount ro rw strictatime suid sync verbose";

const MS_TYPE: u32 = g::MS_REMOUNT | g::MS_BIND | g::MS_MOVE;

const FLAG_BITS: [(u32, u32, u32); 17] = [
    (g::MS_SYNCHRONOUS, 0, g::MS_SYNCHRONOUS),
    (g::MS_NOATIME, 0, g::MS_NOATIME),
    (MS_TYPE, g::MS_BIND, 0),
    (g::MS_NODEV, 0, g::MS_NODEV),
    (g::MS_NODIRATIME, 0, g::MS_NODIRATIME),
    (g::MS_DIRSYNC, g::MS_DIRSYNC, 0),
    (g::MS_NOEXEC, 0, g::MS_NOEXEC),
    (MS_TYPE, g::MS_MOVE, 0),
    (g::MS_REC, g::MS_REC, 0),
    (g::MS_RELATIME, g::MS_RELATIME, 0),
    (MS_TYPE, g::MS_REMOUNT, 0),
    (g::MS_RDONLY, g::MS_RDONLY, 0),
    (g::MS_RDONLY, 0, g::MS_RDONLY),
    (g::MS_STRICTATIME, g::MS_STRICTATIME, 0),
    (g::MS_NOSUID, 0, g::MS_NOSUID),
    (g::MS_SYNCHRONOUS, g::MS_SYNCHRONOUS, 0),
    (g::MS_VERBOSE, g::MS_VERBOSE, 0),
];

/// Mount options: MS_* flags, and the rest joined by commas as the data
/// string (`defaults` means nothing; klibc passed it on to the filesystem).
pub fn parse_options(options: &[u8]) -> (u64, Vec<u8>) {
    let mut flags = 0u32;
    let mut data = Vec::new();
    for word in fields(options, b',') {
        if word == b"defaults" {
            continue;
        }
        let (no, name) = match word.strip_prefix(b"no".as_slice()) {
            Some(rest) => (true, rest),
            None => (false, word),
        };
        let found = fields(FLAG_WORDS, b' ')
            .position(|w| w == name)
            .and_then(|i| FLAG_BITS.get(i));
        match found {
            Some(&(mask, set, noset)) => {
                flags = (flags & !mask) | if no { noset } else { set };
            }
            None => {
                if !data.is_empty() {
                    data.push(b',');
                }
                data.extend_from_slice(word);
            }
        }
    }
    (u64::from(flags), data)
}

/// Mounts `spec` below `root` (e.g. `/root`).
pub fn mount(spec: &MountSpec<'_>, root: &[u8]) -> Result<(), Errno> {
    let (mut flags, data) = parse_options(spec.options);
    // Source and target as two C strings in one buffer.
    let mut paths = Vec::new();
    unescape_into(&mut paths, spec.source);
    paths.push(0);
    let split = paths.len();
    paths.extend_from_slice(root);
    // klibc glued "/root" and a relative directory together; keep a '/'.
    if !spec.dir.starts_with(b"/") {
        paths.push(b'/');
    }
    unescape_into(&mut paths, spec.dir);
    paths.push(0);
    let (source, target) = paths.split_at_checked(split).ok_or(Errno::INVAL)?;
    let data = CPath::new(&[&data]);
    // An escaped NUL (`\000`) inside source or target is refused.
    let source = CStr::from_bytes_with_nul(source).map_err(|_| Errno::INVAL)?;
    let target = CStr::from_bytes_with_nul(target).map_err(|_| Errno::INVAL)?;
    let data = Some(data.as_cstr()).filter(|d| !d.is_empty());
    let fstype = if spec.fstype == b"auto" {
        crate::probe::fstype_of(source).ok_or(Errno::NODEV)?
    } else {
        spec.fstype
    };
    let fstype = CPath::new(&[fstype]);
    let fstype = fstype.as_cstr();
    // Read-write refused with EACCES: once more read-only.
    loop {
        match klibc::mount::mount(Some(source), target, Some(fstype), flags, data) {
            Err(Errno::ACCES) if flags & u64::from(g::MS_RDONLY) == 0 => {
                flags |= u64::from(g::MS_RDONLY)
            }
            r => return r,
        }
    }
}

fn mount_or_say(spec: &MountSpec<'_>, root: &[u8]) {
    if let Err(e) = mount(spec, root) {
        say::msg_fail(
            b"kinit: mounting {} on {}/{} as {}",
            &[
                spec.source,
                root,
                spec.dir.strip_prefix(b"/".as_slice()).unwrap_or(spec.dir),
                spec.fstype,
            ],
            e,
        );
    }
}

/// klibc's extra mounts below `root` (kinit's `/root`): /etc/fstab, then
/// `kinit_mount=`. Prints `kinit: ...` for what it skips; never stops.
pub fn mount_extra(cmd: &Cmdline<'_>, root: &[u8]) {
    let fstab = klibc::fs::read_file(CWD, c"/etc/fstab").unwrap_or_default();
    for (n, spec) in parse_fstab(&fstab) {
        match spec {
            Ok(s) if s.fstype == b"swap" || has_word(s.options, b"noauto") => {}
            Ok(s) => mount_or_say(&s, root),
            Err(Missing(what)) => {
                let mut num = say::Num::new();
                say::msg(
                    b"kinit: /etc/fstab: line {}: no {}",
                    &[num.dec(n as u64), what.as_bytes()],
                );
            }
        }
    }
    for value in &cmd.kinit_mounts {
        match parse_spec(value) {
            Ok(s) => mount_or_say(&s, root),
            Err(Missing(what)) => say::msg(
                b"kinit: kinit_mount={}: no {} (want <device>;<directory>;<type>[;<options>])",
                &[value, what.as_bytes()],
            ),
        }
    }
}

fn has_word(options: &[u8], word: &[u8]) -> bool {
    fields(options, b',').any(|w| w == word)
}

/// The `kinit_mount` fuzz target and its corpus replay: `data` as a
/// `kinit_mount=` value, as an fstab text, and as option strings. Returns
/// how many fstab entries parse.
pub fn fuzz_entry(data: &[u8]) -> usize {
    let mut out = Vec::new();
    if let Ok(s) = parse_spec(data) {
        let _ = parse_options(s.options);
    }
    let _ = parse_options(data);
    unescape_into(&mut out, data);
    let mut n = 0;
    for s in parse_fstab(data).filter_map(|(_, s)| s.ok()) {
        let _ = parse_options(s.options);
        unescape_into(&mut out, s.dir);
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinit_mount_values() {
        let s = parse_spec(b"/dev/vdb;/data;ext4;ro,noatime,data=journal").unwrap();
        assert_eq!(
            (s.source, s.dir, s.fstype, s.options),
            (
                &b"/dev/vdb"[..],
                &b"/data"[..],
                &b"ext4"[..],
                &b"ro,noatime,data=journal"[..]
            )
        );
        let s = parse_spec(b";;tmpfs;;/tmp;;tmpfs").unwrap();
        assert_eq!(s.dir, b"/tmp");
        assert!(s.options.is_empty());
        assert_eq!(parse_spec(b""), Err(Missing("device")));
        assert_eq!(parse_spec(b"/dev/x"), Err(Missing("directory")));
        assert_eq!(parse_spec(b"/dev/x;/y;"), Err(Missing("type")));
    }

    #[test]
    fn options_as_klibc() {
        let f = |o: &[u8]| parse_options(o);
        assert_eq!(
            f(b"ro,noatime,data=journal"),
            (
                u64::from(g::MS_RDONLY | g::MS_NOATIME),
                b"data=journal".to_vec()
            )
        );
        assert_eq!(f(b"ro,rw"), (0, Vec::new()));
        assert_eq!(
            f(b"defaults,nosuid,nodev,noexec"),
            (
                u64::from(g::MS_NOSUID | g::MS_NODEV | g::MS_NOEXEC),
                Vec::new()
            )
        );
        assert_eq!(
            f(b"bind,move,x,,y"),
            (u64::from(g::MS_MOVE), b"x,y".to_vec())
        );
        assert_eq!(f(b"noatime,atime,nouser"), (0, b"nouser".to_vec()));
        assert_eq!(f(b"no"), (0, b"no".to_vec()));
        assert_eq!(
            f(b"relatime,strictatime,sync,async,dirsync,recurse,verbose").0,
            u64::from(
                g::MS_RELATIME | g::MS_STRICTATIME | g::MS_DIRSYNC | g::MS_REC | g::MS_VERBOSE
            )
        );
    }

    /// The flag lookup goes by a word's position in FLAG_WORDS: one distinct
    /// word for each entry of FLAG_BITS, in the same order.
    #[test]
    fn one_flag_word_per_flag_entry() {
        let words: Vec<&[u8]> = fields(FLAG_WORDS, b' ').collect();
        assert_eq!(words.len(), FLAG_BITS.len());
        for (i, w) in words.iter().enumerate() {
            assert!(!w.is_empty() && !words[..i].contains(w), "{w:?}");
        }
    }

    #[test]
    fn a_nul_in_source_or_directory_is_einval() {
        // Refused before any mount(2): safe to run anywhere.
        for v in [&b"a\\000b;/x;tmpfs"[..], b"none;/x\\000y;tmpfs"] {
            let spec = parse_spec(v).unwrap();
            assert_eq!(mount(&spec, b"/nonexistent-root"), Err(Errno::INVAL));
        }
    }

    #[test]
    fn fstab_lines() {
        let t =
            b"# c\n\n/dev/vdb /da\\040ta ext4 ro 0 2\nnone\t/tmp tmpfs\n/dev/x /y\n\\999 \\0 t\n";
        let v: Vec<_> = parse_fstab(t).collect();
        assert_eq!(v.len(), 4);
        let a = v[0].1.unwrap();
        assert_eq!(
            (v[0].0, a.dir, a.options),
            (3, &b"/da\\040ta"[..], &b"ro"[..])
        );
        assert!(v[1].1.unwrap().options.is_empty());
        assert_eq!(v[2], (5, Err(Missing("type"))));
        let unescaped = |f: &[u8]| {
            let mut out = Vec::new();
            unescape_into(&mut out, f);
            out
        };
        assert_eq!(unescaped(a.dir), b"/da ta");
        assert_eq!(unescaped(v[3].1.unwrap().source), b"\\999");
        assert_eq!(unescaped(b"\\0\\1234\\"), b"\\0\x534\\");
        assert_eq!(unescaped(b"\\377\\400\\08"), b"\xff\\400\\08");
    }
}
