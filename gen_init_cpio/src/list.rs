//! The parser for the kernel's cpio list format.
//!
//! ```text
//! # a comment
//! file <name> <location> <mode> <uid> <gid> [<hard links>...]
//! dir <name> <mode> <uid> <gid>
//! nod <name> <mode> <uid> <gid> <b|c> <maj> <min>
//! slink <name> <target> <mode> <uid> <gid>
//! pipe <name> <mode> <uid> <gid>
//! sock <name> <mode> <uid> <gid>
//! ```
//!
//! Every line the kernel's tool turns into an entry gives the same entry here.
//! Where the C tool guesses, ignores or truncates (unknown types, extra or
//! missing fields, over-long names, numbers that do not fit, signs on modes),
//! this parser reports `FILE:LINE: what is wrong` instead.

use crate::entry::{Entry, Kind, Origin};
use crate::error::{Error, Result};
use crate::newc::{
    PATH_MAX, S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK,
};
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;
use std::rc::Rc;

/// The kernel tool reads lines with a buffer of this size (2 * PATH_MAX + 50);
/// longer lines would be split there, so we refuse them.
pub const LINE_MAX: usize = 2 * PATH_MAX + 50 - 1;

/// The C library's `isspace` in the C locale.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Parses a whole list. `lookup` resolves `${VAR}` in file locations.
/// All malformed lines are reported, one per line of the error message.
pub fn parse_list(
    text: &[u8],
    source: &str,
    lookup: &dyn Fn(&[u8]) -> Option<Vec<u8>>,
) -> Result<Vec<Entry>> {
    let source: Rc<str> = Rc::from(source);
    let mut entries = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut rest = text;
    let mut line_nr = 0usize;
    while !rest.is_empty() {
        line_nr += 1;
        let (line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        let origin = Origin {
            source: source.clone(),
            line: line_nr,
        };
        match parse_line(line, &origin, lookup) {
            Ok(Some(e)) => entries.push(e),
            Ok(None) => {}
            Err(e) => errors.push(format!("{origin}: {e}")),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(Error::new(errors.join("\n")))
    }
}

/// Parses one line (without its newline). `Ok(None)` for comments and blank
/// lines. The error does not carry the `FILE:LINE` prefix.
pub fn parse_line(
    line: &[u8],
    origin: &Origin,
    lookup: &dyn Fn(&[u8]) -> Option<Vec<u8>>,
) -> Result<Option<Entry>> {
    if line.len() > LINE_MAX {
        return Err(Error::new(format!(
            "line is longer than {LINE_MAX} bytes (the kernel's tool would split it)"
        )));
    }
    if line.contains(&0) {
        return Err(Error::new("line contains a NUL byte"));
    }
    let mut fields = line
        .split(|&b| is_space(b))
        .filter(|f| !f.is_empty())
        .peekable();
    let Some(&first) = fields.peek() else {
        return Ok(None); // blank
    };
    if first[0] == b'#' {
        return Ok(None); // comment
    }
    if is_space(line[0]) {
        return Err(Error::new(format!(
            "line starts with white space before '{}' (the kernel's tool ignores such lines)",
            show(first)
        )));
    }
    // The type ends at the first blank or tab, as the kernel's tool splits it.
    let type_end = line
        .iter()
        .position(|&b| b == b' ' || b == b'\t')
        .unwrap_or(line.len());
    let ty = &line[..type_end];
    let args: Vec<&[u8]> = line[type_end..]
        .split(|&b| is_space(b))
        .filter(|f| !f.is_empty())
        .collect();
    let (kind_name, want) = match ty {
        b"file" => (
            "file",
            "file <name> <location> <mode> <uid> <gid> [<hard links>]",
        ),
        b"dir" => ("dir", "dir <name> <mode> <uid> <gid>"),
        b"nod" => (
            "nod",
            "nod <name> <mode> <uid> <gid> <dev_type> <maj> <min>",
        ),
        b"slink" => ("slink", "slink <name> <target> <mode> <uid> <gid>"),
        b"pipe" => ("pipe", "pipe <name> <mode> <uid> <gid>"),
        b"sock" => ("sock", "sock <name> <mode> <uid> <gid>"),
        _ => {
            return Err(Error::new(format!(
                "unknown type '{}' (want file, dir, nod, slink, pipe or sock)",
                show(ty)
            )))
        }
    };
    let count_ok = match kind_name {
        "file" => args.len() >= 5,
        "nod" => args.len() == 7,
        "slink" => args.len() == 5,
        _ => args.len() == 4,
    };
    if !count_ok {
        let what = if args.len() < 4 || (kind_name != "file" && args.len() < expected(kind_name)) {
            "too few fields"
        } else {
            "too many fields"
        };
        return Err(Error::new(format!(
            "{what} for {kind_name} ({} given; format: {want})",
            args.len()
        )));
    }
    let name = check_name(args[0], "name")?;
    let (mode_idx, own_type) = match kind_name {
        "file" => (2, S_IFREG),
        "slink" => (2, S_IFLNK),
        "dir" => (1, S_IFDIR),
        "pipe" => (1, S_IFIFO),
        "sock" => (1, S_IFSOCK),
        _ => (1, 0),
    };
    let mode = parse_mode(args[mode_idx])?;
    let uid = parse_id(args[mode_idx + 1], "uid")?;
    let gid = parse_id(args[mode_idx + 2], "gid")?;
    let kind = match kind_name {
        "file" => {
            let raw = args[1].to_vec();
            if raw.len() > PATH_MAX {
                return Err(Error::new(format!(
                    "location is longer than {PATH_MAX} bytes"
                )));
            }
            let expanded = crate::expand::expand_with(&raw, lookup)?;
            if expanded.is_empty() {
                return Err(Error::new("location is empty after ${} expansion"));
            }
            let mut links = Vec::new();
            for l in &args[5..] {
                if !l[0].is_ascii_graphic() {
                    return Err(Error::new(format!(
                        "hard link name '{}' starts with a byte the kernel's tool stops at",
                        show(l)
                    )));
                }
                links.push(check_name(l, "hard link name")?);
            }
            Kind::File {
                raw_location: raw,
                location: PathBuf::from(std::ffi::OsString::from_vec(expanded)),
                links,
            }
        }
        "slink" => {
            let target = args[1];
            if target.len() + 1 > PATH_MAX {
                return Err(Error::new(format!(
                    "symlink target is longer than {} bytes",
                    PATH_MAX - 1
                )));
            }
            Kind::Slink {
                target: target.to_vec(),
            }
        }
        "nod" => {
            let block = match args[4] {
                b"b" => true,
                b"c" => false,
                other => {
                    return Err(Error::new(format!(
                        "device type '{}' is not b or c",
                        show(other)
                    )))
                }
            };
            let major = parse_u32(args[5], "major")?;
            let minor = parse_u32(args[6], "minor")?;
            Kind::Nod {
                block,
                major,
                minor,
            }
        }
        "dir" => Kind::Dir,
        "pipe" => Kind::Pipe,
        _ => Kind::Sock,
    };
    let own = match &kind {
        Kind::Nod { block: true, .. } => S_IFBLK,
        Kind::Nod { block: false, .. } => S_IFCHR,
        _ => own_type,
    };
    if mode & S_IFMT != 0 && mode & S_IFMT != own {
        return Err(Error::new(format!(
            "mode {:o} has file type bits that are not those of a {kind_name}",
            mode
        )));
    }
    Ok(Some(Entry {
        name,
        mode,
        uid,
        gid,
        kind,
        origin: origin.clone(),
    }))
}

fn expected(kind: &str) -> usize {
    match kind {
        "nod" => 7,
        "slink" | "file" => 5,
        _ => 4,
    }
}

/// A name must fit the kernel's PATH_MAX once its leading `/` is dropped.
fn check_name(name: &[u8], what: &str) -> Result<Vec<u8>> {
    let stored = name.strip_prefix(b"/").unwrap_or(name);
    if stored.len() + 1 > PATH_MAX {
        return Err(Error::new(format!(
            "{what} is too long: {} bytes, the kernel takes at most {}",
            stored.len(),
            PATH_MAX - 1
        )));
    }
    Ok(name.to_vec())
}

fn parse_mode(s: &[u8]) -> Result<u32> {
    let bad = || Error::new(format!("mode '{}' is not an octal number", show(s)));
    if s.is_empty() || !s.iter().all(|b| (b'0'..=b'7').contains(b)) {
        return Err(bad());
    }
    let mut v: u32 = 0;
    for &b in s {
        v = v
            .checked_mul(8)
            .and_then(|v| v.checked_add(u32::from(b - b'0')))
            .ok_or_else(|| Error::new(format!("mode '{}' is too large", show(s))))?;
    }
    if v & !(S_IFMT | 0o7777) != 0 {
        return Err(Error::new(format!("mode '{}' is too large", show(s))));
    }
    Ok(v)
}

/// A uid or gid: decimal, `-1`-style negatives wrap like the C tool's `int`.
fn parse_id(s: &[u8], what: &str) -> Result<u32> {
    let bad = || {
        Error::new(format!(
            "{what} '{}' is not a number from -2147483648 to 4294967295",
            show(s)
        ))
    };
    let (neg, digits) = match s.strip_prefix(b"-") {
        Some(d) => (true, d),
        None => (false, s),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) || digits.len() > 10 {
        return Err(bad());
    }
    let mut v: i64 = 0;
    for &b in digits {
        v = v * 10 + i64::from(b - b'0');
    }
    if neg {
        v = -v;
    }
    if !(i64::from(i32::MIN)..=i64::from(u32::MAX)).contains(&v) {
        return Err(bad());
    }
    Ok(v as u32)
}

fn parse_u32(s: &[u8], what: &str) -> Result<u32> {
    let bad = || {
        Error::new(format!(
            "{what} '{}' is not a number from 0 to 4294967295",
            show(s)
        ))
    };
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) || s.len() > 10 {
        return Err(bad());
    }
    let mut v: u64 = 0;
    for &b in s {
        v = v * 10 + u64::from(b - b'0');
    }
    u32::try_from(v).map_err(|_| bad())
}

/// Bytes for an error message.
fn show(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    if s.len() > 80 {
        let mut cut = 77;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}...", &s[..cut])
    } else {
        s.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &[u8]) -> Option<Vec<u8>> {
        None
    }

    fn one(line: &str) -> Result<Option<Entry>> {
        let o = Origin {
            source: Rc::from("t"),
            line: 1,
        };
        parse_line(line.as_bytes(), &o, &no_env)
    }

    #[test]
    fn every_type() {
        let e = one("dir /dev 0755 0 0").unwrap().unwrap();
        assert_eq!(
            (e.name.as_slice(), e.mode, e.kind),
            (&b"/dev"[..], 0o755, Kind::Dir)
        );
        let e = one("nod /dev/console 0600 0 0 c 5 1").unwrap().unwrap();
        assert_eq!(
            e.kind,
            Kind::Nod {
                block: false,
                major: 5,
                minor: 1
            }
        );
        let e = one("slink /bin/sh busybox 777 0 0").unwrap().unwrap();
        assert_eq!(
            e.kind,
            Kind::Slink {
                target: b"busybox".to_vec()
            }
        );
        let e = one("file /a /tmp/x 644 -1 4294967295 /b /c\r")
            .unwrap()
            .unwrap();
        assert_eq!((e.uid, e.gid), (u32::MAX, u32::MAX));
        match e.kind {
            Kind::File { links, .. } => assert_eq!(links, vec![b"/b".to_vec(), b"/c".to_vec()]),
            k => panic!("{k:?}"),
        }
        assert!(one("pipe /p 644 0 0").unwrap().is_some());
        assert!(one("sock\t/s 644 0 0").unwrap().is_some());
    }

    #[test]
    fn skips() {
        assert_eq!(one("# x"), Ok(None));
        assert_eq!(one(""), Ok(None));
        assert_eq!(one("  \t "), Ok(None));
        assert_eq!(one("   # indented comment"), Ok(None));
    }

    #[test]
    fn errors() {
        for bad in [
            "dir /x 0755 0",
            "dir /x 0755 0 0 extra",
            "dir /x 0855 0 0",
            "dir /x -755 0 0",
            "dir /x 755 0x1 0",
            "dir /x 755 99999999999 0",
            "nod /x 600 0 0 x 1 1",
            "nod /x 600 0 0 c -1 1",
            "frob /x 600 0 0",
            " dir /x 755 0 0",
            "dir",
            "file /x /y 644 0",
            "dir /x 0100755 0 0",
            "file /x /y 644 0 0 \u{e9}",
        ] {
            assert!(one(bad).is_err(), "{bad:?} accepted");
        }
        let long = format!("dir /{} 755 0 0", "a".repeat(4096));
        assert!(one(&long).unwrap_err().message().contains("too long"));
        let ok = format!("dir /{} 755 0 0", "a".repeat(4095));
        assert!(one(&ok).is_ok());
    }

    #[test]
    fn list_reports_file_and_line() {
        let err = parse_list(
            b"dir /a 755 0 0\n\nbad line\ndir /b 7 0\n",
            "l.txt",
            &no_env,
        )
        .unwrap_err();
        let lines: Vec<&str> = err.message().lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("l.txt:3: unknown type 'bad'"));
        assert!(lines[1].starts_with("l.txt:4: too few fields"));
    }
}
