//! What a preprocessed helper header (`$(CC) -E`) declares, as far as the
//! layout check needs to know before asking the compiler: the members of
//! every struct and union (anonymous members flattened as C names them), the
//! typedef names and the enumerators. The C probe asks only for what exists,
//! so that bindings with an item C lacks (made for another arch, or from
//! other headers) fail in klibc's compile with the item named, like any
//! other disagreement, instead of stopping `$(CC) -S`.

use std::collections::{HashMap, HashSet};

#[derive(Debug, Default)]
pub(crate) struct CDecls {
    /// Member paths (`st_size`, `_sifields._kill._pid`) by record, spelled
    /// as C spells it: `struct stat`, `union sigval`, or a typedef name.
    records: HashMap<String, HashSet<String>>,
    /// `typedef struct tag name;`: name → `struct tag`.
    aliases: HashMap<String, String>,
    /// Tags with a body (`struct stat`, `enum rt_scope_t`) and typedef names.
    types: HashSet<String>,
    /// Enumerators and declared objects (`static const int X = 1;`): the
    /// identifiers a constant may be besides a macro.
    identifiers: HashSet<String>,
    /// The macros as `-E -dD` leaves them (parameters, the body's
    /// identifiers); empty without `-dD`.
    macros: HashMap<String, (Vec<String>, Vec<String>)>,
    /// Every identifier the preprocessed program itself mentions.
    mentioned: HashSet<String>,
}

impl CDecls {
    pub(crate) fn scan(preprocessed: &str) -> Self {
        let toks = tokens(preprocessed);
        let mut d = CDecls {
            mentioned: toks
                .iter()
                .filter(|t| ident(t))
                .map(|t| (*t).to_owned())
                .collect(),
            ..CDecls::default()
        };
        for line in preprocessed.lines() {
            let line = line.trim_start();
            if let Some(def) = line.strip_prefix("#define ") {
                let (name, params, body) = macro_definition(def);
                d.macros.insert(name, (params, body));
            } else if let Some(name) = line.strip_prefix("#undef ") {
                d.macros.remove(name.trim());
            }
        }
        let mut i = 0;
        while i < toks.len() {
            let (end, next) = statement_end(&toks, i);
            d.declaration(&toks[i..end]);
            i = next;
        }
        d
    }

    /// Whether C knows the type `spelled` (`struct stat`, `__u32`).
    pub(crate) fn has_type(&self, spelled: &str) -> bool {
        self.types.contains(spelled)
    }

    /// Whether the record `spelled` has the member `path` (`a.b.c`); false
    /// for a type that is not a record.
    pub(crate) fn has_member(&self, spelled: &str, path: &str) -> bool {
        let mut record = spelled;
        // `typedef struct tag a; typedef a b;`: a few steps at most.
        for _ in 0..8 {
            match self.aliases.get(record) {
                Some(r) => record = r,
                None => break,
            }
        }
        self.records
            .get(record)
            .is_some_and(|members| members.contains(path))
    }

    /// Whether `name` is an enumerator or a declared object (a macro is
    /// neither: `#ifdef` asks about those).
    pub(crate) fn is_identifier(&self, name: &str) -> bool {
        self.identifiers.contains(name)
    }

    /// Whether the header was preprocessed with `-dD` (its macros known).
    pub(crate) fn knows_macros(&self) -> bool {
        !self.macros.is_empty()
    }

    /// Whether the macro `name` expands to something C can evaluate, as far
    /// as its names go: every identifier in its expansion (through other
    /// macros) is a macro parameter, a macro, a C keyword or builtin, or
    /// mentioned by the preprocessed program (declared, a member, a type).
    /// x86's `#define SIGRTMAX _NSIG` is not (x86 exports no `_NSIG`).
    pub(crate) fn is_evaluable_macro(&self, name: &str) -> bool {
        let mut seen = HashSet::new();
        self.expands(name, &mut seen)
    }

    fn expands(&self, name: &str, seen: &mut HashSet<String>) -> bool {
        let Some((params, body)) = self.macros.get(name) else {
            return false;
        };
        if !seen.insert(name.to_owned()) {
            // Already being (or been) checked.
            return true;
        }
        body.iter().all(|id| {
            params.contains(id)
                || keyword(id)
                || (self.macros.contains_key(id) && self.expands(id, seen))
                || (!self.macros.contains_key(id) && self.mentioned.contains(id))
        })
    }

    /// One top-level declaration (its tokens, without the `;`).
    fn declaration(&mut self, decl: &[&str]) {
        let decl = strip_attributes(decl);
        let typedef = decl.first() == Some(&"typedef");
        let decl = if typedef { &decl[1..] } else { &decl[..] };
        // A struct/union/enum definition, with what follows its body.
        let (record, rest) = match self.definition(decl) {
            Some((spelled, after)) => (spelled, &decl[after..]),
            None => (None, decl),
        };
        if !typedef {
            self.identifiers
                .extend(declarator_names(rest, record.is_none()));
            self.records.remove(ANON);
            return;
        }
        for name in declarator_names(rest, record.is_none()) {
            self.types.insert(name.clone());
            match &record {
                Some(r) => {
                    if let Some(members) = self.records.get(r).cloned() {
                        self.records.insert(name, members);
                    }
                }
                None => match rest {
                    // `typedef struct tag name;`
                    [kw @ ("struct" | "union"), tag, ..] => {
                        self.aliases.insert(name, format!("{kw} {tag}"));
                    }
                    // `typedef other_record_t name;`
                    [ty, ..]
                        if self.records.contains_key(*ty) || self.aliases.contains_key(*ty) =>
                    {
                        self.aliases.insert(name, (*ty).to_owned());
                    }
                    _ => {}
                },
            }
        }
        self.records.remove(ANON);
    }

    /// If `decl` starts with (qualifiers and) a struct, union or enum body:
    /// records it and returns its spelling (`struct stat`, or `None` for an
    /// anonymous one) with the index just past the body.
    fn definition(&mut self, decl: &[&str]) -> Option<(Option<String>, usize)> {
        let kw = decl
            .iter()
            .position(|t| matches!(*t, "struct" | "union" | "enum"))?;
        let (tag, open) = match decl.get(kw + 1..kw + 3) {
            Some([tag, "{"]) if ident(tag) => (Some(*tag), kw + 2),
            _ if decl.get(kw + 1) == Some(&"{") => (None, kw + 1),
            _ => return None,
        };
        // Only specifiers before it (not `int (*f)(struct x {...})`).
        if decl[..kw].iter().any(|t| !ident(t)) {
            return None;
        }
        let close = group_end(decl, open);
        let body = &decl[open + 1..close.saturating_sub(1)];
        let spelled = tag.map(|t| format!("{} {t}", decl[kw]));
        if decl[kw] == "enum" {
            for e in split(body, ",") {
                if let Some(name) = e.first().filter(|n| ident(n)) {
                    self.identifiers.insert((*name).to_owned());
                }
            }
        } else {
            let members = self.members(body);
            if let Some(s) = &spelled {
                self.records.insert(s.clone(), members);
            } else {
                // Kept under a made-up key for the caller.
                self.records.insert(ANON.to_owned(), members);
            }
        }
        if let Some(s) = &spelled {
            self.types.insert(s.clone());
        }
        Some((spelled.or_else(|| Some(ANON.to_owned())), close))
    }

    /// A record body's member paths.
    fn members(&mut self, body: &[&str]) -> HashSet<String> {
        let mut out = HashSet::new();
        for decl in split(body, ";") {
            let decl = strip_attributes(decl);
            match self.definition(&decl) {
                Some((record, after)) => {
                    let inner = record
                        .as_deref()
                        .and_then(|r| self.records.get(r))
                        .cloned()
                        .unwrap_or_default();
                    self.records.remove(ANON);
                    let names = declarator_names(&decl[after..], false);
                    if names.is_empty() {
                        // An anonymous member: C names its members directly.
                        out.extend(inner.iter().cloned());
                    }
                    for n in names {
                        out.extend(inner.iter().map(|m| format!("{n}.{m}")));
                        out.insert(n);
                    }
                }
                None => out.extend(declarator_names(&decl, true)),
            }
        }
        out
    }
}

/// The key an anonymous record's members are kept under while its parent
/// (or typedef) takes them.
const ANON: &str = " anonymous";

/// The names a declaration declares. With `with_type`, the first
/// declarator follows the type's specifiers (`unsigned long sig[1]`);
/// without, the declarators stand alone (`} name, *ptr;`).
fn declarator_names(decl: &[&str], with_type: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (n, piece) in split(decl, ",").into_iter().enumerate() {
        // A `(` of the declarator, not of an array size (`[128/sizeof(int)]`)
        // or a bit-field width.
        let paren = piece
            .iter()
            .position(|t| matches!(*t, "(" | "[" | ":" | "="))
            .filter(|&p| piece[p] == "(");
        let name = match paren {
            // `(*name)(args)`, `(*name)[n]`: the name inside the first group.
            Some(p) if piece.get(p + 1) == Some(&"*") => piece[p + 1..]
                .iter()
                .find(|t| ident(t) && !matches!(**t, "const" | "volatile" | "restrict"))
                .copied(),
            // `name(args)`: a function type.
            Some(p) => p.checked_sub(1).map(|q| piece[q]).filter(|t| ident(t)),
            None => {
                let cut = piece
                    .iter()
                    .position(|t| matches!(*t, "[" | ":" | "="))
                    .unwrap_or(piece.len());
                let idents: Vec<&str> = piece[..cut].iter().copied().filter(|t| ident(t)).collect();
                // With the type in front, a lone identifier is the type
                // (`unsigned : 3`, an unnamed bit-field), not a name.
                match (with_type && n == 0, idents.as_slice()) {
                    (true, [_]) => None,
                    (_, [.., last]) => Some(*last),
                    _ => None,
                }
            }
        };
        if let Some(n) = name {
            out.push(n.to_owned());
        }
    }
    out
}

/// Drops `__attribute__((...))`, `__extension__` and `__restrict`-like noise.
fn strip_attributes<'a>(decl: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(decl.len());
    let mut i = 0;
    while i < decl.len() {
        match decl[i] {
            "__attribute__" | "__attribute" | "__declspec" | "__asm__" | "asm" | "__asm"
                if decl.get(i + 1) == Some(&"(") =>
            {
                i = group_end(decl, i + 1);
            }
            "__extension__" => i += 1,
            t => {
                out.push(t);
                i += 1;
            }
        }
    }
    out
}

/// `NAME body` or `NAME(a,b) body` (a `#define` line's rest): the name,
/// the parameters and the body's identifiers.
fn macro_definition(def: &str) -> (String, Vec<String>, Vec<String>) {
    let end = def
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(def.len());
    let (name, mut rest) = def.split_at(end);
    let mut params = Vec::new();
    // A parameter list only right after the name (`#define X (1)` has none).
    if let Some(list) = rest.strip_prefix('(') {
        let close = list.find(')').unwrap_or(list.len());
        params = list[..close]
            .split(',')
            .map(|p| p.trim().trim_end_matches("...").to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        if list[..close].contains("...") {
            params.push("__VA_ARGS__".to_owned());
        }
        rest = list.get(close + 1..).unwrap_or("");
    }
    let mut body = Vec::new();
    line_tokens(rest, &mut |t| {
        if ident(t) {
            body.push(t.to_owned());
        }
    });
    (name.to_owned(), params, body)
}

/// C's keywords and the compiler's own names, which a macro may use
/// without the program mentioning them.
fn keyword(id: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "sizeof",
        "_Alignof",
        "__alignof__",
        "_Alignas",
        "typeof",
        "__typeof__",
        "__typeof",
        "char",
        "short",
        "int",
        "long",
        "signed",
        "__signed__",
        "unsigned",
        "float",
        "double",
        "void",
        "_Bool",
        "const",
        "volatile",
        "struct",
        "union",
        "enum",
        "__extension__",
        "__attribute__",
        "__inline__",
        "_Static_assert",
        "__int128",
    ];
    KEYWORDS.contains(&id) || id.starts_with("__builtin_")
}

/// C tokens: identifiers and numbers, string and char literals, single
/// punctuation characters; preprocessor lines (line markers, `-dD`'s
/// `#define`s) skipped.
fn tokens(src: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in src.lines() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        line_tokens(line, &mut |t| out.push(t));
    }
    out
}

/// One line's tokens, to `f`.
fn line_tokens<'a>(line: &'a str, f: &mut dyn FnMut(&'a str)) {
    {
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let start = i;
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            } else if c.is_ascii_alphanumeric() || c == b'_' {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.')
                {
                    // `.` only inside numbers (1.5), never after identifiers.
                    if b[i] == b'.' && !b[start].is_ascii_digit() {
                        break;
                    }
                    i += 1;
                }
            } else if c == b'"' || c == b'\'' {
                i += 1;
                while i < b.len() && b[i] != c {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
            } else {
                i += line[i..].chars().next().map_or(1, char::len_utf8);
            }
            f(&line[start..i]);
        }
    }
}

fn ident(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
}

/// Just past the group opening at `i` (`(`, `[` or `{`).
fn group_end(toks: &[&str], i: usize) -> usize {
    let mut depth = 0usize;
    for (j, t) in toks.iter().enumerate().skip(i) {
        match *t {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

/// Where the top-level statement starting at `i` ends (its `;`, or the end
/// of a function's body, which has none) and where the next one starts.
fn statement_end(toks: &[&str], i: usize) -> (usize, usize) {
    let mut j = i;
    while j < toks.len() {
        match toks[j] {
            ";" => return (j, j + 1),
            // `static inline int f(int x) { ... }`
            "{" if j > i && toks[j - 1] == ")" => {
                let end = group_end(toks, j);
                return (end, end);
            }
            "(" | "[" | "{" => j = group_end(toks, j),
            _ => j += 1,
        }
    }
    (toks.len(), toks.len())
}

/// Splits at top-level `sep` (`,` or `;`), dropping empty pieces.
fn split<'a, 'b>(toks: &'b [&'a str], sep: &str) -> Vec<&'b [&'a str]> {
    let mut out = Vec::new();
    let (mut start, mut j) = (0, 0);
    while j < toks.len() {
        match toks[j] {
            t if t == sep => {
                if j > start {
                    out.push(&toks[start..j]);
                }
                start = j + 1;
                j += 1;
            }
            "(" | "[" | "{" => j = group_end(toks, j),
            _ => j += 1,
        }
    }
    if start < toks.len() {
        out.push(&toks[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: &str = r#"
# 1 "x.h"
typedef unsigned long __kernel_ulong_t;
typedef struct { int val[2]; } __kernel_fsid_t;
typedef unsigned long sigset_t;
typedef void __signalfn_t(int);
typedef __signalfn_t *__sighandler_t;
struct stat { __kernel_ulong_t st_dev; unsigned int __pad0; long __unused[3]; } __attribute__((packed));
union __sifields { struct { int _pid; unsigned _uid; } _kill; struct { void *_addr; union { int _trapno; short _addr_lsb; }; } _sigfault; };
typedef struct siginfo { union { struct { int si_signo; union __sifields _sifields; }; int _si_pad[128/sizeof(int)]; }; } siginfo_t;
static __inline__ unsigned short __swab16(unsigned short v) { return v << 8 | v >> 8; }
typedef struct stat stat_t;
typedef __kernel_fsid_t fsid_t;
typedef stat_t stat2_t;
struct sigaction { __sighandler_t sa_handler; unsigned long sa_flags, sa_other; void (*sa_restorer)(void); sigset_t sa_mask; unsigned : 3, bits : 5; char name[16] __attribute__((aligned(8))); };
enum rt_scope_t { RT_SCOPE_UNIVERSE = 0, RT_SCOPE_SITE = 200, RT_SCOPE_NOWHERE = 255 };
enum { IFLA_UNSPEC, IFLA_ADDRESS, };
static const unsigned int KLIBC_IOCTL_TCGETS = 0x5401;
#define _IOC(dir,type,nr,size) (((dir) << 30) | ((type) << 8) | (nr) | ((size) << 16))
#define _IOR(type,nr,size) _IOC(2U,(type),(nr),(sizeof(size)))
#define TCGETS 0x5401
#define BLKSSZGET _IOR(0x12,104,struct stat)
#define SIGRTMAX _NSIG
#define SIGSTKSZ (MINSIGSTKSZ * 4)
#define WHERE __builtin_offsetof(struct stat, st_dev)
#define BAD_SIZE sizeof(struct nowhere) + nowhere_else
#define RT_MAX RT_SCOPE_NOWHERE
#define SELF SELF
#define GONE 1
#undef GONE
"#;

    #[test]
    fn members_types_and_enumerators() {
        let d = CDecls::scan(C);
        for (record, member) in [
            ("struct stat", "st_dev"),
            ("struct stat", "__unused"),
            ("__kernel_fsid_t", "val"),
            ("union __sifields", "_kill._uid"),
            ("union __sifields", "_sigfault._addr"),
            ("union __sifields", "_sigfault._trapno"),
            ("struct siginfo", "si_signo"),
            ("struct siginfo", "_sifields"),
            ("siginfo_t", "_si_pad"),
            ("stat_t", "__pad0"),
            ("fsid_t", "val"),
            ("stat2_t", "st_dev"),
            ("struct sigaction", "sa_handler"),
            ("struct sigaction", "sa_other"),
            ("struct sigaction", "sa_restorer"),
            ("struct sigaction", "bits"),
            ("struct sigaction", "name"),
        ] {
            assert!(d.has_member(record, member), "{record}: {member} in {d:#?}");
        }
        for (record, member) in [
            ("struct stat", "st_size"),
            ("struct stat", "packed"),
            ("union __sifields", "_pid"),
            ("sigset_t", "sig"),
            ("struct nothing", "x"),
            ("struct sigaction", "unsigned"),
            ("struct sigaction", "aligned"),
        ] {
            assert!(!d.has_member(record, member), "{record}: {member}");
        }
        for t in [
            "struct stat",
            "union __sifields",
            "__kernel_fsid_t",
            "sigset_t",
            "siginfo_t",
            "struct siginfo",
            "__sighandler_t",
            "__signalfn_t",
            "enum rt_scope_t",
        ] {
            assert!(d.has_type(t), "{t}");
        }
        assert!(!d.has_type("struct statx") && !d.has_type("stat"));
        for e in [
            "RT_SCOPE_SITE",
            "RT_SCOPE_NOWHERE",
            "IFLA_UNSPEC",
            "IFLA_ADDRESS",
            "KLIBC_IOCTL_TCGETS",
        ] {
            assert!(d.is_identifier(e), "{e}");
        }
        assert!(!d.is_identifier("TCGETS") && !d.is_identifier("rt_scope_t"));
    }

    #[test]
    fn macros_c_can_evaluate() {
        let d = CDecls::scan(C);
        assert!(d.knows_macros());
        for m in ["TCGETS", "BLKSSZGET", "WHERE", "RT_MAX", "SELF"] {
            assert!(d.is_evaluable_macro(m), "{m}");
        }
        for m in [
            "SIGRTMAX",
            "SIGSTKSZ",
            "BAD_SIZE",
            "GONE",
            "RT_SCOPE_NOWHERE",
        ] {
            assert!(!d.is_evaluable_macro(m), "{m}");
        }
        assert!(!CDecls::scan("int x;").knows_macros());
    }
}
