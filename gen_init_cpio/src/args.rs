//! A small getopt: the kernel tool's command line is parsed by glibc's
//! `getopt`, so options may be bundled (`-ct0`), take their value attached or
//! as the next word (`-t0`, `-t 0`), and may come after the list (GNU
//! permutation) until a `--`. Long options (`--name=value` or `--name value`)
//! are our additions; the C tool has none, so they cannot clash.

use crate::error::{Error, Result};
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;

/// One parsed command-line item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A short option and its value, if it takes one.
    Short(char, Option<OsString>),
    /// A long option (without `--`) and its value.
    Long(String, OsString),
    /// Anything else, in order.
    Operand(OsString),
}

/// Parses `args` (without argv[0]). `optstring` is getopt's: letters, with
/// `:` after those that take a value. `longs` lists long options, which all
/// take a value.
pub fn getopt(args: &[OsString], optstring: &str, longs: &[&str]) -> Result<Vec<Arg>> {
    let takes_value = |c: char| -> Option<bool> {
        let i = optstring.find(c)?;
        Some(optstring[i + c.len_utf8()..].starts_with(':'))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_bytes();
        i += 1;
        if a == b"--" {
            out.extend(args[i..].iter().cloned().map(Arg::Operand));
            break;
        }
        if let Some(long) = a.strip_prefix(b"--") {
            let (name, value) = match long.iter().position(|&b| b == b'=') {
                Some(p) => (
                    &long[..p],
                    Some(OsStr::from_bytes(&long[p + 1..]).to_owned()),
                ),
                None => (long, None),
            };
            let name = String::from_utf8_lossy(name).into_owned();
            if !longs.contains(&name.as_str()) {
                return Err(Error::new(format!("unknown option '--{name}'")));
            }
            let value = match value {
                Some(v) => v,
                None => {
                    let v = args
                        .get(i)
                        .ok_or_else(|| Error::new(format!("option '--{name}' needs a value")))?;
                    i += 1;
                    v.clone()
                }
            };
            out.push(Arg::Long(name, value));
            continue;
        }
        if a.len() < 2 || a[0] != b'-' {
            out.push(Arg::Operand(args[i - 1].clone()));
            continue;
        }
        let mut j = 1;
        while j < a.len() {
            let c = a[j] as char;
            j += 1;
            match takes_value(c) {
                None => {
                    return Err(Error::new(format!(
                        "unknown option '-{}'",
                        String::from_utf8_lossy(&a[j - 1..j])
                    )))
                }
                Some(false) => out.push(Arg::Short(c, None)),
                Some(true) => {
                    let value = if j < a.len() {
                        OsStr::from_bytes(&a[j..]).to_owned()
                    } else {
                        let v = args
                            .get(i)
                            .ok_or_else(|| Error::new(format!("option '-{c}' needs a value")))?;
                        i += 1;
                        v.clone()
                    };
                    out.push(Arg::Short(c, Some(value)));
                    break;
                }
            }
        }
    }
    Ok(out)
}

/// Parses a decimal number the way `strtol(s, &end, 10)` with a full-string
/// check does: leading white space and a sign allowed, nothing after.
pub fn parse_strtol(s: &OsStr) -> Option<i64> {
    let b = s.as_bytes();
    let t = std::str::from_utf8(b).ok()?;
    let t = t.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // strtol saturates; anything that long is out of range for us anyway.
    let v: i64 = digits.parse().unwrap_or(i64::MAX);
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn bundling_and_permutation() {
        let r = getopt(
            &os(&["-ct5", "list", "-o", "out", "--kernel=6.1", "--", "-x"]),
            "t:cho:a:",
            &["kernel"],
        )
        .unwrap();
        assert_eq!(
            r,
            vec![
                Arg::Short('c', None),
                Arg::Short('t', Some("5".into())),
                Arg::Operand("list".into()),
                Arg::Short('o', Some("out".into())),
                Arg::Long("kernel".into(), "6.1".into()),
                Arg::Operand("-x".into()),
            ]
        );
        assert!(getopt(&os(&["-z"]), "t:", &[]).is_err());
        assert!(getopt(&os(&["-t"]), "t:", &[]).is_err());
        assert!(getopt(&os(&["--nope=1"]), "t:", &["kernel"]).is_err());
        assert_eq!(
            getopt(&os(&["-"]), "t:", &[]).unwrap(),
            vec![Arg::Operand("-".into())]
        );
    }

    #[test]
    fn strtol() {
        assert_eq!(parse_strtol(OsStr::new(" 42")), Some(42));
        assert_eq!(parse_strtol(OsStr::new("-1")), Some(-1));
        assert_eq!(parse_strtol(OsStr::new("")), None);
        assert_eq!(parse_strtol(OsStr::new("1x")), None);
    }
}
