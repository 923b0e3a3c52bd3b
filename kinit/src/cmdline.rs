//! The kernel command line as kinit reads it from /proc/cmdline: split into
//! parameters with the kernel's own quoting rules (lib/cmdline.c
//! `next_arg`), then the parameters kinit acts on, with the kernel's
//! meanings (init/do_mounts.c, init/main.c) and klibc's additions. Never
//! fails on any input: unknown or malformed values are kept or ignored as
//! the kernel would, and `root=` is checked separately (see [`crate::rootspec`]).

use crate::modules::fields;
use alloc::vec::Vec;

/// One `param` or `param=value` word, quotes removed as the kernel does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param<'a> {
    pub name: &'a [u8],
    pub value: Option<&'a [u8]>,
}

/// The kernel's `isspace` (lib/ctype.c: also 0xa0).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0xa0)
}

fn skip_spaces(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&b| is_space(b)).count();
    s.get(n..).unwrap_or(&[])
}

/// Splits off the first word of `args` (which must not start with spaces),
/// as the kernel's `next_arg`; returns it and the rest, spaces skipped.
fn next_param(args: &[u8]) -> (Param<'_>, &[u8]) {
    let (quoted, s) = match args.split_first() {
        Some((b'"', rest)) => (true, rest),
        _ => (false, args),
    };
    let mut in_quote = quoted;
    let mut equals = 0;
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if is_space(c) && !in_quote {
            break;
        }
        if equals == 0 && c == b'=' {
            equals = i;
        }
        if c == b'"' {
            in_quote = !in_quote;
        }
        i += 1;
    }
    let word = s.get(..i).unwrap_or(&[]);
    let last_is_quote = i > 0 && word.last() == Some(&b'"');
    // The kernel writes NULs into the word; the earliest one ends each part.
    let mut end = i;
    if quoted && last_is_quote {
        end = i - 1;
    }
    let param = if equals == 0 {
        Param {
            name: word.get(..end).unwrap_or(&[]),
            value: None,
        }
    } else {
        let mut start = equals + 1;
        if word.get(start) == Some(&b'"') {
            start += 1;
            if last_is_quote {
                end = i - 1;
            }
        }
        Param {
            name: word.get(..equals).unwrap_or(&[]),
            value: Some(word.get(start..end.max(start)).unwrap_or(&[])),
        }
    };
    let rest = s.get(i..).unwrap_or(&[]);
    // The separator is consumed, then the spaces after it.
    let rest = rest.get(1..).unwrap_or(&[]);
    (param, skip_spaces(rest))
}

/// Splits a command line into parameters up to a bare `--`, and the text
/// after it if there is one (what the kernel hands to init as arguments).
pub fn split(line: &[u8]) -> (Vec<Param<'_>>, Option<&[u8]>) {
    let mut out = Vec::new();
    let rest = each_param(line, |p| out.push(p));
    (out, rest)
}

/// Hands each parameter before a bare `--` to `f`, in order; returns the
/// text after `--` if there is one. [`Cmdline::parse`] acts on each as it
/// goes: one pass, no list walked a second time.
fn each_param<'a>(line: &'a [u8], mut f: impl FnMut(Param<'a>)) -> Option<&'a [u8]> {
    let mut args = skip_spaces(line);
    while !args.is_empty() {
        let (p, rest) = next_param(args);
        args = rest;
        if p.value.is_none() && p.name == b"--" {
            return Some(args);
        }
        f(p);
    }
    None
}

/// `panic=`'s value (the last one that parses, as [`Cmdline::parse`] takes
/// it), found without allocating: kinit's panic handler reads it when a
/// panic comes before the flow has parsed the command line.
pub fn panic_param(line: &[u8]) -> Option<i64> {
    let mut secs = None;
    each_param(line, |p| {
        if let (b"panic", Some(n)) = (p.name, p.value.and_then(parse_int)) {
            secs = Some(n);
        }
    });
    secs
}

/// The parameters kinit acts on, see `Cmdline::apply`: the first four
/// without a value (`rootwait` also with one), the others with one.
const NAMES: [&[u8]; 19] = [
    b"ro",
    b"rw",
    b"rootwait",
    b"noresume",
    b"root",
    b"rootfstype",
    b"rootflags",
    b"init",
    b"resume",
    b"resume_offset",
    b"drop_capabilities",
    b"ip",
    b"nfsaddrs",
    b"nfsroot",
    b"rootdelay",
    b"panic",
    b"kinit_mount",
    b"modules-load",
    b"rd.modules-load",
];

/// How long `rootwait` waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootWait {
    /// No `rootwait`: a missing root device fails at once.
    No,
    /// `rootwait` (or a `rootwait=` the kernel would ignore): forever.
    Forever,
    /// `rootwait=<seconds>`.
    Seconds(u32),
}

/// The parameters kinit acts on. The last occurrence wins, as with the
/// kernel's `__setup` handlers; list parameters accumulate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cmdline<'a> {
    /// Every parameter before `--`, in order.
    pub params: Vec<Param<'a>>,
    /// What follows `--`.
    pub init_args: &'a [u8],
    pub root: Option<&'a [u8]>,
    pub rootfstype: Option<&'a [u8]>,
    pub rootflags: Option<&'a [u8]>,
    /// `ro`/`rw`: the kernel mounts root read-only unless `rw` comes last.
    pub read_only: bool,
    pub rootwait: RootWait,
    /// `rootdelay=` seconds (0 when absent).
    pub rootdelay: u32,
    pub init: Option<&'a [u8]>,
    pub resume: Option<&'a [u8]>,
    pub resume_offset: Option<&'a [u8]>,
    pub noresume: bool,
    pub drop_capabilities: Option<&'a [u8]>,
    /// Every `kinit_mount=` value (klibc allows several).
    pub kinit_mounts: Vec<&'a [u8]>,
    /// Module names from every `modules-load=` and `rd.modules-load=`.
    pub modules: Vec<&'a [u8]>,
    /// `panic=` seconds: what kinit does when it cannot go on (see pid1).
    pub panic: i64,
    pub ip: Option<&'a [u8]>,
    pub nfsroot: Option<&'a [u8]>,
}

impl<'a> Cmdline<'a> {
    /// Parses a whole command line; never fails.
    // Not inlined into pid1's flow: measured smaller so with network boot
    // (-64 B; +24 B without, the build that has room).
    #[inline(never)]
    pub fn parse(line: &'a [u8]) -> Cmdline<'a> {
        let mut c = Cmdline {
            params: Vec::new(),
            init_args: &[],
            root: None,
            rootfstype: None,
            rootflags: None,
            read_only: true,
            rootwait: RootWait::No,
            rootdelay: 0,
            init: None,
            resume: None,
            resume_offset: None,
            noresume: false,
            drop_capabilities: None,
            kinit_mounts: Vec::new(),
            modules: Vec::new(),
            panic: 0,
            ip: None,
            nfsroot: None,
        };
        let rest = each_param(line, |p| {
            c.apply(p);
            c.params.push(p);
        });
        c.init_args = rest.unwrap_or(&[]);
        c
    }

    // Not inlined: `parse` has two callers (kinit and modules).
    #[inline(never)]
    fn apply(&mut self, p: Param<'a>) {
        // One lookup in a table, then a jump: far smaller than a match on
        // byte strings, which compares each name in turn.
        let Some(i) = NAMES.iter().position(|n| *n == p.name) else {
            return;
        };
        let v = match (p.value, i) {
            (None, 0) => return self.read_only = true,
            (None, 1) => return self.read_only = false,
            (None, 2) => return self.rootwait = RootWait::Forever,
            (None, 3) => return self.noresume = true,
            (Some(v), 2) => {
                // The kernel's kstrtoint(base 0) in milliseconds; an
                // invalid or excessive value means "forever".
                self.rootwait = match parse_int(v).and_then(|s| u32::try_from(s).ok()) {
                    Some(s) if s <= i32::MAX as u32 / 1000 => RootWait::Seconds(s),
                    _ => RootWait::Forever,
                };
                return;
            }
            (Some(v), 4..) => v,
            // A flag with a value or a value without one: not ours.
            _ => return,
        };
        // The plain values pick their field, then one store.
        let field = match i {
            4 => &mut self.root,
            5 => &mut self.rootfstype,
            6 => &mut self.rootflags,
            7 => &mut self.init,
            8 => &mut self.resume,
            9 => &mut self.resume_offset,
            10 => &mut self.drop_capabilities,
            11 | 12 => &mut self.ip,
            13 => &mut self.nfsroot,
            14 => {
                self.rootdelay = u32::try_from(parse_prefix(v).0).unwrap_or(u32::MAX);
                return;
            }
            15 => {
                if let Some(n) = parse_int(v) {
                    self.panic = n;
                }
                return;
            }
            16 => return self.kinit_mounts.push(v),
            _ => {
                // One push at a time: `extend`'s size-hint path is larger.
                for m in fields(v, b',') {
                    self.modules.push(m);
                }
                return;
            }
        };
        *field = Some(v);
    }

    /// The `rootfstype=` list, empty entries skipped as the kernel does.
    pub fn rootfstypes(&self) -> impl Iterator<Item = &'a [u8]> {
        fields(self.rootfstype.unwrap_or(&[]), b',')
    }

    /// The last value of any parameter `name`, for those kinit does not
    /// interpret itself.
    pub fn get(&self, name: &[u8]) -> Option<&'a [u8]> {
        self.params
            .iter()
            .rev()
            .find(|p| p.name == name && p.value.is_some())
            .and_then(|p| p.value)
    }
}

/// The kernel's `simple_strtoul(s, &end, 0)`: the longest numeric prefix
/// (`0x` hex, leading `0` octal, else decimal), saturating; returns the
/// value and how many bytes it used (0 when there is no number).
pub fn parse_prefix(s: &[u8]) -> (u64, usize) {
    let (radix, start) = match s {
        [b'0', b'x' | b'X', d, ..] if d.is_ascii_hexdigit() => (16, 2),
        [b'0', ..] => (8, 0),
        _ => (10, 0),
    };
    parse_radix(s, radix, start)
}

/// Digits of `radix` from `start`, saturating; (value, end index).
pub fn parse_radix(s: &[u8], radix: u32, start: usize) -> (u64, usize) {
    let mut v: u64 = 0;
    let mut i = start;
    while let Some(&b) = s.get(i) {
        // A digit's value in any radix up to 36, as char::to_digit.
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'z' => b - b'a' + 10,
            b'A'..=b'Z' => b - b'A' + 10,
            _ => break,
        };
        if u32::from(d) >= radix {
            break;
        }
        v = v.saturating_mul(radix as u64).saturating_add(d as u64);
        i += 1;
    }
    if i == start {
        (0, 0)
    } else {
        (v, i)
    }
}

/// The kernel's `kstrtoint(s, 0)`: optional sign, a whole number in
/// base 0, one trailing newline allowed; `None` when invalid or too large.
pub fn parse_int(s: &[u8]) -> Option<i64> {
    let s = s.strip_suffix(b"\n").unwrap_or(s);
    let (neg, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s),
    };
    let (v, used) = parse_prefix(digits);
    if used == 0 || used != digits.len() || v > i32::MAX as u64 + neg as u64 {
        return None;
    }
    let v = v as i64;
    Some(if neg { -v } else { v })
}

/// Splits the text after `--` into init's arguments (plain whitespace).
pub fn words(s: &[u8]) -> impl Iterator<Item = &[u8]> {
    s.split(|&b| is_space(b)).filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parse before it became one pass: split first, then apply each
    /// parameter. Kept as the reference of the differential test below.
    fn parse_two_passes(line: &[u8]) -> Cmdline<'_> {
        let (params, init_args) = split(line);
        let mut c = Cmdline::parse(b"");
        for p in &params {
            c.apply(*p);
        }
        c.params = params;
        c.init_args = init_args.unwrap_or(&[]);
        c
    }

    /// Command lines of the words kinit acts on, quotes, `=`, `--` and
    /// spaces, from a fixed seed.
    fn random_lines(count: usize) -> Vec<Vec<u8>> {
        let pieces: [&[u8]; 24] = [
            b"root=",
            b"ro",
            b"rw",
            b"rootwait",
            b"rootwait=",
            b"noresume",
            b"panic=",
            b"rootdelay=",
            b"modules-load=",
            b"rd.modules-load=",
            b"kinit_mount=",
            b"init=",
            b"ip=",
            b"nfsaddrs=",
            b"resume=",
            b"-5",
            b"0x1f",
            b"010",
            b"a,b,,c",
            b"\"",
            b"=",
            b"--",
            b" ",
            b"\t",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        (0..count)
            .map(|_| {
                let mut line = Vec::new();
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let mut r = seed;
                for _ in 0..(seed % 12) {
                    r = r
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    line.extend_from_slice(pieces[((r >> 33) % pieces.len() as u64) as usize]);
                }
                line
            })
            .collect()
    }

    #[test]
    fn one_pass_parses_as_two_passes_did() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/cmdline");
        let mut lines: Vec<Vec<u8>> = std::fs::read_dir(corpus)
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
        lines.extend(random_lines(200_000));
        for line in &lines {
            assert_eq!(
                Cmdline::parse(line),
                parse_two_passes(line),
                "{:?}",
                String::from_utf8_lossy(line)
            );
            // The panic handler's allocation-free look-up agrees with the
            // parse (absent, it is the kernel's default 0).
            assert_eq!(
                panic_param(line).unwrap_or(0),
                Cmdline::parse(line).panic,
                "{:?}",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[test]
    fn panic_param_without_allocating() {
        assert_eq!(panic_param(b"root=/dev/vda panic=5"), Some(5));
        assert_eq!(panic_param(b"panic=5 panic=-1 panic=x"), Some(-1));
        assert_eq!(panic_param(b"\"panic=7\" -- panic=3"), Some(7));
        assert_eq!(panic_param(b"panic panic= ro"), None);
        assert_eq!(panic_param(b"panic=99999999999"), None);
    }
}
