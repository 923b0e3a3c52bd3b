//! Loading kernel modules before root is looked for: the names in the
//! initramfs's /etc/modules (one a line, `#` comments, parameters after the
//! name) and in `modules-load=`/`rd.modules-load=`, each after its
//! dependencies, as modprobe orders them: /lib/modules/<uname -r>/
//! modules.dep (dependencies, loaded last-listed first), modules.softdep
//! (`pre:` and `post:` modules, e.g. ext4's crc32c), modules.alias (exact
//! names only, e.g. `crypto-crc32c`) and modules.builtin (built-in modules
//! need nothing). Loading is finit_module(2): a `.ko` as it is, a `.ko.xz`,
//! `.ko.zst` or `.ko.gz` with MODULE_INIT_COMPRESSED_FILE when the kernel
//! decompresses that format itself (CONFIG_MODULE_DECOMPRESS handles the
//! one format the kernel was built for, named in /sys/module/compression);
//! otherwise kinit says which format it found and which the kernel takes,
//! and goes on. Parameters come
//! from /etc/modules and from `<module>.<param>=<value>` on the command line
//! (modprobe's rule). EEXIST (already loaded) is success. Every parser here
//! takes arbitrary bytes and returns errors instead of panicking.

use crate::cmdline::{Cmdline, Param};
use crate::say;
use alloc::vec::Vec;
use core::ffi::CStr;
use klibc::fd::CWD;
use klibc::uapi::general as g;
use klibc::AsFd;
use klibc::Errno;

/// Where each release's modules and indexes are.
const MODULES_DIR: &[u8] = b"/lib/modules/";

/// Deepest chain of softdeps and aliases followed (they may form cycles).
const MAX_DEPTH: u32 = 8;

/// A malformed line of modules.dep: its number (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
}

/// One line of modules.dep: a module's path and its dependencies' paths
/// (relative to /lib/modules/<release>/ unless absolute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepEntry<'a> {
    pub path: &'a [u8],
    deps: &'a [u8],
}

impl<'a> DepEntry<'a> {
    /// The dependencies in the order listed (load them in reverse).
    pub fn deps(&self) -> impl DoubleEndedIterator<Item = &'a [u8]> {
        words(self.deps)
    }
}

/// The whitespace-separated words of `s`. (This, [`fields`] and [`lines`]
/// serve all of kinit's small text formats, so that the binary holds one
/// copy of the splitting code.)
pub fn words(s: &[u8]) -> Fields<'_> {
    Fields { rest: s, sep: None }
}

/// The non-empty pieces of `s` between `sep` bytes. (Not inlined into its
/// many callers: a smaller binary.)
#[inline(never)]
pub fn fields(s: &[u8], sep: u8) -> Fields<'_> {
    Fields {
        rest: s,
        sep: Some(sep),
    }
}

/// The non-empty pieces of a text between separators: one byte, or (for
/// [`words`]) any ASCII whitespace; one iterator for both, so that its code
/// is in the binary once.
#[derive(Debug, Clone)]
pub struct Fields<'a> {
    rest: &'a [u8],
    sep: Option<u8>,
}

/// Whether `b` separates pieces: `sep`, or any ASCII whitespace for none.
fn is_sep(sep: Option<u8>, b: u8) -> bool {
    match sep {
        Some(sep) => b == sep,
        None => b.is_ascii_whitespace(),
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let sep = self.sep;
        loop {
            if self.rest.is_empty() {
                return None;
            }
            let (piece, rest) = match self.rest.iter().position(|&b| is_sep(sep, b)) {
                Some(i) => (self.rest.get(..i)?, self.rest.get(i + 1..)?),
                None => (self.rest, &[][..]),
            };
            self.rest = rest;
            if !piece.is_empty() {
                return Some(piece);
            }
        }
    }
}

impl<'a> DoubleEndedIterator for Fields<'a> {
    fn next_back(&mut self) -> Option<&'a [u8]> {
        let sep = self.sep;
        let last = self.rest.iter().rposition(|&b| !is_sep(sep, b))?;
        let s = self.rest.get(..=last)?;
        let start = s.iter().rposition(|&b| is_sep(sep, b)).map_or(0, |i| i + 1);
        let (rest, piece) = s.split_at_checked(start)?;
        self.rest = rest;
        Some(piece)
    }
}

/// The non-blank, non-comment (`#`) lines of a text, trimmed and numbered
/// from 1.
pub fn lines(text: &[u8]) -> Lines<'_> {
    Lines {
        rest: Some(text),
        number: 0,
    }
}

/// The iterator of [`lines`].
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    /// The text not split yet; `None` once the last line is returned.
    rest: Option<&'a [u8]>,
    number: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a [u8]);

    fn next(&mut self) -> Option<(usize, &'a [u8])> {
        loop {
            let text = self.rest?;
            let (line, rest) = match text.iter().position(|&b| b == b'\n') {
                Some(i) => (text.get(..i)?, text.get(i + 1..)),
                None => (text, None),
            };
            self.rest = rest;
            self.number += 1;
            let line = line.trim_ascii();
            // Neither blank nor a comment.
            if !matches!(line.first(), None | Some(b'#')) {
                return Some((self.number, line));
            }
        }
    }
}

/// Every entry of a modules.dep text; an error for a line without `:` or
/// with an empty path.
pub fn dep_entries(text: &[u8]) -> impl Iterator<Item = Result<DepEntry<'_>, BadLine>> {
    lines(text).map(|(n, line)| {
        let bad = BadLine { line: n };
        let colon = line.iter().position(|&b| b == b':').ok_or(bad)?;
        let path = line.get(..colon).unwrap_or(&[]).trim_ascii();
        let deps = line.get(colon + 1..).unwrap_or(&[]);
        // Trimmed, so any whitespace left is inside: two words.
        if path.is_empty() || path.iter().any(u8::is_ascii_whitespace) {
            return Err(bad);
        }
        Ok(DepEntry { path, deps })
    })
}

/// A module's name from its path: the file name up to `.ko`; `None` when
/// the file name has no `.ko`.
pub fn module_name(path: &[u8]) -> Option<&[u8]> {
    let base = match path.iter().rposition(|&b| b == b'/') {
        Some(slash) => path.get(slash + 1..)?,
        None => path,
    };
    let mut end = 0;
    while let Some(rest) = base.get(end..) {
        if let Some(after) = rest.strip_prefix(b".ko".as_slice()) {
            if matches!(after.first(), None | Some(b'.')) {
                return base.get(..end).filter(|n| !n.is_empty());
            }
        }
        end += 1;
    }
    None
}

/// Module names compare with `-` and `_` as the same character.
pub fn same_name(a: &[u8], b: &[u8]) -> bool {
    let norm = |c: u8| if c == b'-' { b'_' } else { c };
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| norm(x) == norm(y))
}

/// What follows `<keyword> <name>` on the lines of a modules.softdep or
/// modules.alias text that start so.
fn entries<'a, 'n>(
    text: &'a [u8],
    keyword: &'n [u8],
    name: &'n [u8],
) -> impl Iterator<Item = &'a [u8]> + use<'a, 'n> {
    lines(text).filter_map(move |(_, line)| {
        let mut w = words(line);
        (w.next() == Some(keyword) && w.next().is_some_and(|m| same_name(m, name)))
            .then_some(w.rest)
    })
}

/// The module files and indexes of one release (file contents; empty when
/// a file is missing).
#[derive(Debug, Clone, Copy, Default)]
pub struct Db<'a> {
    pub dep: &'a [u8],
    pub softdep: &'a [u8],
    pub alias: &'a [u8],
    pub builtin: &'a [u8],
}

/// One module to load, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load<'a> {
    /// Path as modules.dep gives it.
    pub path: &'a [u8],
    /// Parameters from /etc/modules, for a module named there.
    pub params: &'a [u8],
    /// Reached through a softdep or an alias: a failure with ENODEV (no
    /// such hardware, e.g. crc32c-intel without SSE4.2) is not reported.
    pub optional: bool,
}

/// What could not be planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem<'a> {
    /// Neither in modules.dep, nor an alias, nor built in.
    NotFound(&'a [u8]),
    BadLine(BadLine),
}

/// The order of loading for `requests` (name, parameters), as kmod's
/// modprobe orders it: for each module, its dependencies (last listed
/// first), each preceded by its own `pre:` softdeps and followed by its
/// `post:` ones, then the module's `pre:` softdeps, the module, its `post:`
/// softdeps; a softdep or alias pulls in its module with all of that
/// module's dependencies. Nothing is listed twice.
pub fn plan<'a>(
    db: &Db<'a>,
    requests: &[(&'a [u8], &'a [u8])],
) -> (Vec<Load<'a>>, Vec<Problem<'a>>) {
    let mut p = Planner::new(db);
    for &(name, params) in requests {
        p.add_name(name, params, false, 0);
    }
    (p.out, p.problems)
}

struct Planner<'d, 'a> {
    db: &'d Db<'a>,
    /// modules.dep's entries with their module names, each marked once its
    /// probe list is planned (so that cycles end).
    index: Vec<Indexed<'a>>,
    out: Vec<Load<'a>>,
    problems: Vec<Problem<'a>>,
}

/// One entry of modules.dep as the planner keeps it.
struct Indexed<'a> {
    name: &'a [u8],
    entry: DepEntry<'a>,
    visited: bool,
}

impl<'d, 'a> Planner<'d, 'a> {
    /// A planner over `db`, its modules.dep read once; a bad line is
    /// reported and skipped. (Not inlined: a smaller binary.)
    #[inline(never)]
    fn new(db: &'d Db<'a>) -> Self {
        let mut p = Planner {
            db,
            index: Vec::new(),
            out: Vec::new(),
            problems: Vec::new(),
        };
        for e in dep_entries(db.dep) {
            match e {
                Ok(entry) => p.index.push(Indexed {
                    name: module_name(entry.path).unwrap_or(&[]),
                    entry,
                    visited: false,
                }),
                Err(bad) => p.problems.push(Problem::BadLine(bad)),
            }
        }
        p
    }

    fn builtin(&self, name: &[u8]) -> bool {
        lines(self.db.builtin).any(|(_, l)| module_name(l).is_some_and(|n| same_name(n, name)))
    }

    /// A name: a module in modules.dep, else every module an exact
    /// (wildcard-free) alias of that name names, in modules.alias order.
    fn add_name(&mut self, name: &'a [u8], params: &'a [u8], optional: bool, depth: u32) {
        if depth > MAX_DEPTH || self.probe_list(name, params, optional, depth) {
            return;
        }
        let mut aliased = false;
        for rest in entries(self.db.alias, b"alias", name) {
            if let Some(target) = words(rest).next() {
                aliased = true;
                self.probe_list(target, params, true, depth + 1);
            }
        }
        // Only requests are not optional and only they report problems, so
        // reporting after the aliases keeps the order of problems.
        if !aliased && !optional && !self.builtin(name) {
            self.problems.push(Problem::NotFound(name));
        }
    }

    /// The module `name` names in modules.dep (the first entry of that
    /// name) with its dependencies and softdeps (kmod's probe list), unless
    /// planned already; false when modules.dep has no such module.
    fn probe_list(&mut self, name: &[u8], params: &'a [u8], optional: bool, depth: u32) -> bool {
        let Some(m) = self.index.iter_mut().find(|m| same_name(m.name, name)) else {
            return false;
        };
        if !m.visited {
            m.visited = true;
            let e = m.entry;
            for dep in e.deps().rev() {
                self.with_softdeps(dep, &[], optional, depth + 1);
            }
            self.with_softdeps(e.path, params, optional, depth);
        }
        true
    }

    /// One module file between its `pre:` and `post:` softdeps.
    fn with_softdeps(&mut self, path: &'a [u8], params: &'a [u8], optional: bool, depth: u32) {
        let name = module_name(path).unwrap_or(&[]);
        // Only the first line counts, as with kmod's modprobe.
        let soft = entries(self.db.softdep, b"softdep", name)
            .next()
            .unwrap_or(&[]);
        self.add_softdeps(soft, false, depth);
        if !self.out.iter().any(|l| l.path == path) {
            self.out.push(Load {
                path,
                params,
                optional,
            });
        }
        self.add_softdeps(soft, true, depth);
    }

    /// The `pre:` (or `post:`) modules of a softdep line, each with what it
    /// needs.
    fn add_softdeps(&mut self, soft: &'a [u8], post: bool, depth: u32) {
        let mut mode = None;
        for word in words(soft) {
            match word {
                b"pre:" => mode = Some(false),
                b"post:" => mode = Some(true),
                m if mode == Some(post) => self.add_name(m, &[], true, depth + 1),
                _ => {}
            }
        }
    }
}

/// The modules /etc/modules names: (name, parameters) per line.
pub fn etc_modules(text: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    lines(text).map(|(_, line)| {
        let end = line
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(line.len());
        let (name, rest) = line.split_at_checked(end).unwrap_or((line, &[]));
        (name, rest.trim_ascii())
    })
}

/// The parameter string for module `name`: `extra` (from /etc/modules)
/// and every `<name>.<param>[=<value>]` of the command line, quoted where
/// the value has spaces.
pub fn params_for(name: &[u8], extra: &[u8], cmdline: &[Param<'_>]) -> Vec<u8> {
    let mut out = Vec::from(extra);
    for p in cmdline {
        let Some((module, param)) = p
            .name
            .iter()
            .position(|&b| b == b'.')
            .and_then(|dot| p.name.split_at_checked(dot))
        else {
            continue;
        };
        let param = param.get(1..).unwrap_or(&[]);
        if param.is_empty() || !same_name(module, name) {
            continue;
        }
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(param);
        if let Some(v) = p.value {
            let quote = v.iter().any(|b| b.is_ascii_whitespace());
            out.push(b'=');
            if quote {
                out.push(b'"');
            }
            out.extend_from_slice(v);
            if quote {
                out.push(b'"');
            }
        }
    }
    out.retain(|&b| b != 0);
    out.push(0);
    out
}

/// Loads what /etc/modules and `modules-load=` name; prints a line for
/// every failure (`kinit: ...`) and goes on. kinit calls this before
/// looking for root. (Not inlined into pid1: a smaller binary.)
#[inline(never)]
pub fn load(cmd: &Cmdline<'_>) {
    let etc = klibc::fs::read_file(CWD, c"/etc/modules").unwrap_or_default();
    // Nothing named (each line of /etc/modules names one module).
    if lines(&etc).next().is_none() && cmd.modules.is_empty() {
        return;
    }
    let uts = klibc::process::uname();
    let release = klibc::ffi::field_bytes(&uts.release);
    // At most 13 + 65 + 1 bytes: a line buffer holds it.
    let mut dir = klibc::io::LineBuf::new();
    dir.push(MODULES_DIR).push(release).push(b"\0");
    let flags = g::O_RDONLY | g::O_DIRECTORY | g::O_CLOEXEC;
    let opened = CStr::from_bytes_with_nul(dir.as_bytes())
        .map_err(|_| Errno::INVAL)
        .and_then(|d| klibc::fs::openat(CWD, d, flags, 0));
    let dep = opened.and_then(|fd| Ok((klibc::fs::read_file(fd.as_fd(), c"modules.dep")?, fd)));
    let (dep, fd) = match dep {
        Ok(d) => d,
        Err(e) => {
            say::msg_fail(
                b"kinit: loading modules: {}{}/modules.dep",
                &[MODULES_DIR, release],
                e,
            );
            return;
        }
    };
    let read = |name: &CStr| klibc::fs::read_file(fd.as_fd(), name).unwrap_or_default();
    let (softdep, alias, builtin) = (
        read(c"modules.softdep"),
        read(c"modules.alias"),
        read(c"modules.builtin"),
    );
    let db = Db {
        dep: &dep,
        softdep: &softdep,
        alias: &alias,
        builtin: &builtin,
    };
    let mut plan = Planner::new(&db);
    for (name, params) in etc_modules(&etc) {
        plan.add_name(name, params, false, 0);
    }
    for &m in &cmd.modules {
        plan.add_name(m, &[], false, 0);
    }
    let mut n = say::Num::new();
    for p in &plan.problems {
        let (what, why): (&[u8], &[u8]) = match p {
            Problem::NotFound(name) => (name, b"not in modules.dep"),
            Problem::BadLine(b) => (n.dec(b.line as u64), b"malformed line of modules.dep"),
        };
        tell(b"kinit: module {}: {}", what, why);
    }
    // The one format the kernel decompresses, if any.
    let kernel_takes = klibc::fs::read_file(CWD, c"/sys/module/compression").ok();
    let kernel_takes = kernel_takes.as_deref().map(<[u8]>::trim_ascii);
    for l in &plan.out {
        let format = Compression::of(l.path);
        let flags = match format.accepted_by(kernel_takes) {
            Some(flags) => flags,
            None => {
                refuse(l.path, format, kernel_takes);
                continue;
            }
        };
        let name = module_name(l.path).unwrap_or(l.path);
        let params = params_for(name, l.params, &cmd.params);
        let why = match insert(&fd, l.path, &params, flags) {
            Ok(()) | Err(Errno::EXIST) => continue,
            Err(Errno::NODEV) if l.optional => continue,
            Err(e) => say::errno_text(e, &mut n),
        };
        tell(b"kinit: loading module {}: {}", l.path, why);
    }
}

/// How a module file is compressed, from its name as depmod and modprobe
/// read it (`.ko`, `.ko.xz`, `.ko.zst`, `.ko.gz`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Xz,
    Zstd,
    Gzip,
    /// Some other suffix after `.ko.`: no format the kernel knows.
    Other,
}

impl Compression {
    /// The format of the module file at `path`.
    pub fn of(path: &[u8]) -> Compression {
        let base = path.rsplit(|&b| b == b'/').next().unwrap_or(path);
        let Some(ko) = base.windows(3).rposition(|w| w == b".ko") else {
            return Compression::Other;
        };
        match base.get(ko + 3..).unwrap_or_default() {
            b"" => Compression::None,
            b".xz" => Compression::Xz,
            b".zst" => Compression::Zstd,
            b".gz" => Compression::Gzip,
            _ => Compression::Other,
        }
    }

    /// The name /sys/module/compression gives the format (and kinit's
    /// messages).
    pub fn name(self) -> &'static [u8] {
        match self {
            Compression::None => b"none",
            Compression::Xz => b"xz",
            Compression::Zstd => b"zstd",
            Compression::Gzip => b"gzip",
            Compression::Other => b"an unknown format",
        }
    }

    /// The finit_module(2) flags that load a file of this format on a
    /// kernel whose /sys/module/compression reads `kernel_takes` (`None`:
    /// no such file, the kernel decompresses nothing); `None` when it
    /// cannot be loaded there.
    pub fn accepted_by(self, kernel_takes: Option<&[u8]>) -> Option<u32> {
        use klibc::uapi::module::MODULE_INIT_COMPRESSED_FILE;
        match self {
            Compression::None => Some(0),
            Compression::Other => None,
            c if kernel_takes == Some(c.name()) => Some(MODULE_INIT_COMPRESSED_FILE),
            _ => None,
        }
    }
}

/// Says why the module file at `path` is not loaded: its format is not the
/// one the kernel decompresses (`kernel_takes`, from /sys/module/compression),
/// or the kernel decompresses none.
#[inline(never)]
fn refuse(path: &[u8], format: Compression, kernel_takes: Option<&[u8]>) {
    match kernel_takes {
        Some(k) => say::msg(
            b"kinit: loading module {}: compressed with {}, but this kernel decompresses only {} modules (/sys/module/compression)",
            &[path, format.name(), k],
        ),
        None => say::msg(
            b"kinit: loading module {}: compressed with {}, but this kernel decompresses no modules (no /sys/module/compression: CONFIG_MODULE_DECOMPRESS is off)",
            &[path, format.name()],
        ),
    }
}

/// Prints `template` with its two `{}`s filled by `what` and `why`, the
/// form of [`load`]'s lines. (One call instead of an argument list at each
/// place: a smaller binary.)
#[inline(never)]
fn tell(template: &[u8], what: &[u8], why: &[u8]) {
    say::msg(template, &[what, why]);
}

/// finit_module(2) on a module file (relative to `dir`) with `flags`
/// (MODULE_INIT_COMPRESSED_FILE for one the kernel decompresses).
fn insert(dir: &klibc::fd::OwnedFd, path: &[u8], params: &[u8], flags: u32) -> Result<(), Errno> {
    let c = crate::cpath::CPath::new(&[path]);
    let fd = klibc::fs::openat(dir, c.as_cstr(), g::O_RDONLY | g::O_CLOEXEC, 0)?;
    let params = CStr::from_bytes_with_nul(params).map_err(|_| Errno::INVAL)?;
    klibc::process::finit_module(&fd, params, flags)
}

/// The `modules_dep` fuzz target and its corpus replay: `data` is split at
/// NUL bytes into modules.dep, modules.softdep, modules.alias,
/// modules.builtin and /etc/modules texts; every module /etc/modules names,
/// and every module of modules.dep, is planned. Returns how many loads the
/// plan for /etc/modules has.
pub fn fuzz_entry(data: &[u8]) -> usize {
    let mut parts = data.split(|&b| b == 0);
    let mut next = || parts.next().unwrap_or(&[]);
    let db = Db {
        dep: next(),
        softdep: next(),
        alias: next(),
        builtin: next(),
    };
    let etc = next();
    let requests: Vec<_> = etc_modules(etc).collect();
    let (loads, _) = plan(&db, &requests);
    for e in dep_entries(db.dep).flatten() {
        if let Some(name) = module_name(e.path) {
            let _ = plan(&db, &[(name, &[][..])]);
        }
    }
    for (name, extra) in requests {
        let _ = params_for(name, extra, &crate::cmdline::Cmdline::parse(etc).params);
    }
    loads.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEP: &[u8] = b"kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko
kernel/fs/jbd2/jbd2.ko:
kernel/fs/mbcache.ko:
kernel/lib/crc16.ko:
kernel/crypto/crc32c_generic.ko:
kernel/arch/x86/crypto/crc32c-intel.ko:
kernel/drivers/block/virtio_blk.ko.xz: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
";
    const SOFTDEP: &[u8] =
        b"# comment\nsoftdep ext4 pre: crypto-crc32c\nsoftdep jbd2 pre: crypto-crc32c\n";
    const ALIAS: &[u8] = b"alias crypto-crc32c crc32c_intel\nalias crypto-crc32c crc32c_generic\nalias pci:v*d* virtio_pci\n";

    fn paths<'a>(l: &[Load<'a>]) -> Vec<&'a [u8]> {
        l.iter().map(|l| l.path).collect()
    }

    #[test]
    fn names() {
        assert_eq!(
            module_name(b"kernel/a/crc32c-intel.ko"),
            Some(&b"crc32c-intel"[..])
        );
        assert_eq!(
            module_name(b"/x/virtio_blk.ko.xz"),
            Some(&b"virtio_blk"[..])
        );
        assert_eq!(module_name(b"x.kobj"), None);
        assert_eq!(module_name(b".ko"), None);
        assert!(same_name(b"crc32c-intel", b"crc32c_intel"));
        assert!(!same_name(b"crc32c", b"crc32c_intel"));
    }

    #[test]
    fn plans_like_modprobe() {
        let db = Db {
            dep: DEP,
            softdep: SOFTDEP,
            alias: ALIAS,
            builtin: b"kernel/fs/vfat/vfat.ko\n",
        };
        let (l, p) = plan(
            &db,
            &[
                (b"ext4", b"x=1"),
                (b"vfat", b""),
                (b"nope", b""),
                (b"jbd2", b""),
            ],
        );
        assert_eq!(p, [Problem::NotFound(b"nope")]);
        assert_eq!(
            paths(&l),
            [
                &b"kernel/arch/x86/crypto/crc32c-intel.ko"[..],
                b"kernel/crypto/crc32c_generic.ko",
                b"kernel/fs/jbd2/jbd2.ko",
                b"kernel/fs/mbcache.ko",
                b"kernel/lib/crc16.ko",
                b"kernel/fs/ext4/ext4.ko",
            ]
        );
        assert!(l[0].optional && !l[2].optional);
        assert_eq!(l[5].params, b"x=1");
    }

    #[test]
    fn bad_lines_are_errors() {
        let db = Db {
            dep: b"a.ko: b.ko\nno colon here\nc.ko:\n",
            ..Db::default()
        };
        // Reported and skipped: the lines after it still count.
        let (l, p) = plan(&db, &[(b"zzz", b""), (b"c", b"")]);
        assert_eq!(
            p,
            [
                Problem::BadLine(BadLine { line: 2 }),
                Problem::NotFound(b"zzz")
            ]
        );
        assert_eq!(paths(&l), [&b"c.ko"[..]]);
        assert!(dep_entries(b": x\n").next().unwrap().is_err());
        assert!(dep_entries(b"a b: x\n").next().unwrap().is_err());
    }

    #[test]
    fn softdep_cycles_end() {
        let db = Db {
            dep: b"a.ko:\nb.ko:\n",
            softdep: b"softdep a pre: b\nsoftdep b pre: a\n",
            ..Db::default()
        };
        let (l, p) = plan(&db, &[(b"a", b"")]);
        assert!(p.is_empty());
        let mut got = paths(&l);
        got.sort();
        assert_eq!(got, [&b"a.ko"[..], b"b.ko"]);
    }

    #[test]
    fn compression_from_the_name_and_what_the_kernel_takes() {
        use Compression::*;
        let c = |p: &[u8]| Compression::of(p);
        assert_eq!(c(b"kernel/fs/isofs/isofs.ko"), None);
        assert_eq!(c(b"kernel/fs/isofs/isofs.ko.xz"), Xz);
        assert_eq!(c(b"/abs/a.ko.zst"), Zstd);
        assert_eq!(c(b"a.ko.gz"), Gzip);
        assert_eq!(c(b"a.ko.bz2"), Other);
        assert_eq!(c(b"a.kox"), Other);
        assert_eq!(c(b"a"), Other);
        // The last ".ko" of the file name counts, not one in a directory.
        assert_eq!(c(b"x.ko.d/a.ko.xz"), Xz);
        let f = klibc::uapi::module::MODULE_INIT_COMPRESSED_FILE;
        assert_eq!(None.accepted_by(Option::None), Some(0));
        assert_eq!(None.accepted_by(Some(b"xz")), Some(0));
        assert_eq!(Xz.accepted_by(Some(b"xz")), Some(f));
        assert_eq!(Zstd.accepted_by(Some(b"zstd")), Some(f));
        assert_eq!(Gzip.accepted_by(Some(b"gzip")), Some(f));
        assert_eq!(Zstd.accepted_by(Some(b"xz")), Option::None);
        assert_eq!(Xz.accepted_by(Option::None), Option::None);
        assert_eq!(Other.accepted_by(Some(b"xz")), Option::None);
    }

    #[test]
    fn parameters() {
        let cmd = crate::cmdline::Cmdline::parse(
            b"root=/dev/vda ext4.x=1 virtio-blk.y=\"a b\" ext4.flag .z=1",
        );
        assert_eq!(params_for(b"ext4", b"p=q", &cmd.params), b"p=q x=1 flag\0");
        assert_eq!(params_for(b"virtio_blk", b"", &cmd.params), b"y=\"a b\"\0");
        assert_eq!(params_for(b"other", b"", &cmd.params), b"\0");
        let etc: Vec<_> = etc_modules(b"# c\n virtio_blk \next4  a=1 b=2\n\n").collect();
        assert_eq!(etc, [(&b"virtio_blk"[..], &b""[..]), (b"ext4", b"a=1 b=2")]);
    }
}
