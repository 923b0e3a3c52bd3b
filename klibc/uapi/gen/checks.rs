//! Turns a module's items into checks: one fact (a size, an alignment, a
//! field offset or size, or a constant's value) with its Rust expression and
//! its C expression. uapi-gen's build-time layout check and uapi-check's
//! probes both build their lists here, so they cover the same items.

use std::collections::HashSet;

use crate::items::{self, ConstKind, Items};

/// What kind of item a check is about; `diff` groups its report by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Category {
    Syscall,
    Constant,
    Type,
}

impl Category {
    pub(crate) fn plural(self) -> &'static str {
        match self {
            Category::Syscall => "syscalls",
            Category::Constant => "constants",
            Category::Type => "types",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum What {
    Size,
    Align,
    /// A field's offset; nested (anonymous) members are flattened into the
    /// name C uses for them (`_sifields._kill.si_pid`).
    Offset(String),
    /// A field's size (not for flexible array members, which C cannot size).
    FieldSize(String),
    Value,
}

#[derive(Debug, Clone)]
pub(crate) struct Check {
    pub(crate) module: String,
    pub(crate) category: Category,
    /// The item as C spells it: `struct stat`, `__kernel_size_t`, `O_RDONLY`.
    pub(crate) item: String,
    pub(crate) what: What,
    /// A Rust expression of type i128 (or `&[u8; N]` for a byte string).
    pub(crate) rust: String,
    /// A C expression of integer type (or a string for a byte string).
    pub(crate) c: String,
    /// For a byte string constant (`&[u8; N]`): N.
    pub(crate) bytes: Option<usize>,
    /// For integer constants: the Rust item, whose type's width decides how
    /// C's value must be read (`1 << 31` is the u32 2147483648).
    pub(crate) width: Option<String>,
}

impl Check {
    /// The report line for a disagreement: `struct stat: field st_size at
    /// offset 48 in Rust, 40 in C`.
    pub(crate) fn describe(&self, rust: &str, c: &str) -> String {
        match &self.what {
            What::Size => format!("{}: size {rust} in Rust, {c} in C", self.item),
            What::Align => format!("{}: alignment {rust} in Rust, {c} in C", self.item),
            What::Offset(f) => format!(
                "{}: field {f} at offset {rust} in Rust, {c} in C",
                self.item
            ),
            What::FieldSize(f) => {
                format!("{}: field {f} has size {rust} in Rust, {c} in C", self.item)
            }
            What::Value => format!("{}: value {rust} in Rust, {c} in C", self.label()),
        }
    }

    /// The item with its kind, for constants and syscall numbers.
    pub(crate) fn label(&self) -> String {
        match self.category {
            Category::Syscall => format!("syscall {}", self.item),
            Category::Constant => format!("constant {}", self.item),
            Category::Type => self.item.clone(),
        }
    }
}

/// The tags the preprocessed header defines (`struct X {`, `union X {`,
/// `enum X {`): a Rust item named X is spelled `struct X` in C if so, and is
/// a typedef name otherwise.
#[derive(Debug, Default)]
pub(crate) struct CTags {
    structs: HashSet<String>,
    unions: HashSet<String>,
    enums: HashSet<String>,
    /// Typedefs of function types (`typedef void f(int);`): C has no size
    /// for them and bindgen binds them as function pointers.
    functions: HashSet<String>,
}

impl CTags {
    /// Scans preprocessor output (`cc -E`).
    pub(crate) fn scan(preprocessed: &str) -> Self {
        let mut tags = CTags::default();
        let mut toks: Vec<&str> = Vec::new();
        for line in preprocessed.lines() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            let mut rest = line;
            while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
                rest = &rest[start..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                // An identifier, or a single punctuation character.
                let len = if len == 0 {
                    rest.chars().next().map_or(1, char::len_utf8)
                } else {
                    len
                };
                toks.push(&rest[..len]);
                rest = &rest[len..];
            }
        }
        let mut in_typedef = false;
        let mut depth = 0usize;
        for w in toks.windows(2) {
            match w {
                ["typedef", _] => in_typedef = true,
                ["{", _] => depth += 1,
                ["}", _] => depth = depth.saturating_sub(1),
                [";", _] if depth == 0 => in_typedef = false,
                [name, "("] if in_typedef && depth == 0 && ident(name) => {
                    if !name.starts_with("__attribute") && !name.starts_with("__typeof") {
                        tags.functions.insert((*name).to_owned());
                    }
                    in_typedef = false;
                }
                _ => {}
            }
        }
        for w in toks.windows(3) {
            if let [kw, name, "{"] = w {
                let set = match *kw {
                    "struct" => &mut tags.structs,
                    "union" => &mut tags.unions,
                    "enum" => &mut tags.enums,
                    _ => continue,
                };
                set.insert((*name).to_owned());
            }
        }
        tags
    }

    pub(crate) fn is_function(&self, name: &str) -> bool {
        self.functions.contains(name)
    }

    fn spell(&self, name: &str) -> String {
        if self.structs.contains(name) {
            format!("struct {name}")
        } else if self.unions.contains(name) {
            format!("union {name}")
        } else if self.enums.contains(name) {
            format!("enum {name}")
        } else {
            name.to_owned()
        }
    }
}

/// Every check for one module's items; their Rust expressions name the
/// module's items as `<prefix><name>` (`uapi::general::`, `super::`).
pub(crate) fn build(module: &str, prefix: &str, items: &Items, tags: &CTags) -> Vec<Check> {
    let mut out = Vec::new();
    let path = |name: &str| format!("{prefix}{name}");
    let layout = |out: &mut Vec<Check>, name: &str| {
        let c = tags.spell(name);
        for (what, rfn, cfn) in [
            (What::Size, "size_of", "sizeof"),
            (What::Align, "align_of", "_Alignof"),
        ] {
            out.push(Check {
                module: module.to_owned(),
                category: Category::Type,
                item: c.clone(),
                what,
                rust: format!("core::mem::{rfn}::<{}>() as i128", path(name)),
                c: format!("{cfn}({c})"),
                bytes: None,
                width: None,
            });
        }
        c
    };
    for name in items.records.keys() {
        if items::anonymous(name) {
            continue;
        }
        let c = layout(&mut out, name);
        let mut fields = Vec::new();
        flatten(items, name, "", "", 0, &mut fields);
        for (rust_path, c_path, sized) in fields {
            out.push(Check {
                module: module.to_owned(),
                category: Category::Type,
                item: c.clone(),
                what: What::Offset(c_path.clone()),
                rust: format!("core::mem::offset_of!({}, {rust_path}) as i128", path(name)),
                c: format!("__builtin_offsetof({c}, {c_path})"),
                bytes: None,
                width: None,
            });
            if sized {
                out.push(Check {
                    module: module.to_owned(),
                    category: Category::Type,
                    item: c.clone(),
                    what: What::FieldSize(c_path.clone()),
                    rust: field_size(&path(name), &rust_path),
                    c: format!("sizeof((({c} *)0)->{c_path})"),
                    bytes: None,
                    width: None,
                });
            }
        }
    }
    for name in items.aliases.iter().chain(&items.enums) {
        if !items::anonymous(name) && !tags.is_function(name) {
            layout(&mut out, name);
        }
    }
    for (name, (rust, kind)) in &items.consts {
        let bytes = match kind {
            ConstKind::Bytes(n) => Some(*n),
            ConstKind::Integer => None,
        };
        out.push(Check {
            module: module.to_owned(),
            category: if name.starts_with("__NR_") {
                Category::Syscall
            } else {
                Category::Constant
            },
            item: name.clone(),
            what: What::Value,
            rust: if bytes.is_some() {
                path(rust)
            } else {
                format!("{} as i128", path(rust))
            },
            c: name.clone(),
            bytes,
            width: bytes.is_none().then(|| path(rust)),
        });
    }
    out
}

/// The helper the Rust side of a field size check calls: the size of the
/// type a field path (`a.b.c`) leads to, with no access to a value (one
/// raw borrow a step, so that no step through a union needs `unsafe`).
pub(crate) const FIELD_SIZE_HELPER: &str = "\
/// The type a chain of field projections leads to.
struct FieldOf<T>(core::marker::PhantomData<T>);

impl<T> FieldOf<T> {
    const fn new<R>(_: fn(&R) -> *const T) -> Self {
        FieldOf(core::marker::PhantomData)
    }
    const fn then<F>(self, _: fn(&T) -> *const F) -> FieldOf<F> {
        FieldOf(core::marker::PhantomData)
    }
    const fn size(self) -> usize {
        core::mem::size_of::<T>()
    }
}
";

/// `size_of` the field `field` (`a.b.c`) of `record`, through
/// [`FIELD_SIZE_HELPER`], as an i128 expression.
fn field_size(record: &str, field: &str) -> String {
    let mut steps = field.split('.');
    let first = steps.next().unwrap_or_default();
    let mut s = format!("FieldOf::new(|s: &{record}| &raw const s.{first})");
    for step in steps {
        s.push_str(&format!(".then(|s| &raw const s.{step})"));
    }
    s.push_str(".size() as i128");
    s
}

/// Collects (Rust path, C path, whether C can size it) for every field of
/// `record`, descending into
/// anonymous members (C names their fields directly) and into named members
/// of anonymous type (C names them `member.field`).
fn flatten(
    items: &Items,
    record: &str,
    rust_prefix: &str,
    c_prefix: &str,
    depth: usize,
    out: &mut Vec<(String, String, bool)>,
) {
    let Some(r) = items.records.get(record) else {
        return;
    };
    if depth > 8 {
        return;
    }
    for f in &r.fields {
        if f.name.starts_with("_bitfield") || f.name.starts_with("__bindgen_padding") {
            continue;
        }
        let rust_path = format!("{rust_prefix}{}", f.name);
        let anon_type = f
            .type_name
            .as_deref()
            .filter(|t| items::anonymous(t) && items.records.contains_key(*t));
        if f.name.starts_with("__bindgen_anon_") {
            if let Some(t) = anon_type {
                flatten(items, t, &format!("{rust_path}."), c_prefix, depth + 1, out);
            }
            continue;
        }
        let c_path = format!("{c_prefix}{}", items::c_field_name(&f.name));
        if let Some(t) = anon_type {
            let (rp, cp) = (format!("{rust_path}."), format!("{c_path}."));
            flatten(items, t, &rp, &cp, depth + 1, out);
        }
        let sized = f.type_name.as_deref() != Some("__IncompleteArrayField");
        out.push((rust_path, c_path, sized));
    }
}

fn ident(tok: &str) -> bool {
    tok.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
}

/// Whether the Rust probe's value (`value:width` for integer constants,
/// width 0 for exact facts) and C's agree: equal, or the same bits in a
/// Rust integer `width` bytes wide.
pub(crate) fn agree(rust: &str, c: &str) -> bool {
    let (v, w) = rust_value(rust);
    if v == c {
        return true;
    }
    let (Ok(a), Ok(b)) = (v.parse::<i128>(), c.parse::<i128>()) else {
        return false;
    };
    match w {
        1..=15 => {
            let mask = (1i128 << (w * 8)) - 1;
            a & mask == b & mask
        }
        _ => false,
    }
}

/// The Rust probe's value without its width.
pub(crate) fn rust_value(rust: &str) -> (&str, u32) {
    match rust.rsplit_once(':') {
        Some((v, w)) => (v, w.parse().unwrap_or(0)),
        None => (rust, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_is_in_rusts_type() {
        assert!(agree("2147483648:4", "-2147483648"));
        assert!(agree("-1:4", "18446744073709551615"));
        assert!(!agree("2147483648:8", "-2147483648"));
        assert!(!agree("48:0", "40"));
        assert!(agree("7265", "7265"));
    }

    #[test]
    fn tags_and_function_typedefs() {
        let t = CTags::scan(
            "# 1 \"x.h\"\nstruct stat { int a; };\ntypedef struct { int v[2]; } fsid_t;\n\
             union sigval { int i; };\ntypedef void __signalfn_t(int);\n\
             typedef __signalfn_t *__sighandler_t;\ntypedef int x __attribute__((aligned(8)));\n",
        );
        assert_eq!(t.spell("stat"), "struct stat");
        assert_eq!(t.spell("sigval"), "union sigval");
        assert_eq!(t.spell("fsid_t"), "fsid_t");
        assert!(t.is_function("__signalfn_t"));
        assert!(!t.is_function("__sighandler_t"));
        assert!(!t.is_function("x"));
    }
}

#[cfg(test)]
mod flatten_tests {
    use super::*;

    /// bindgen's shape of `struct s { int a; union { int b; struct { short
    /// c; } d; }; int type; }` and an enum with a repeated value.
    const SOURCE: &str = r#"
        #[repr(C)] pub struct s { pub a: c_int, pub __bindgen_anon_1: s__bindgen_ty_1, pub type_: c_int }
        #[repr(C)] pub union s__bindgen_ty_1 { pub b: c_int, pub d: s__bindgen_ty_1__bindgen_ty_1 }
        #[repr(C)] pub struct s__bindgen_ty_1__bindgen_ty_1 { pub c: c_short }
        #[repr(u32)] pub enum e { E_A = 0, E_B = 1 }
        impl e { pub const E_C: e = e::E_B; }
        pub const X: u32 = 1;
        pub const S: &[u8; 3] = b"ab\0";
        pub type t = c_int;
    "#;

    #[test]
    fn anonymous_members_flatten_to_cs_names() {
        let items = crate::items::parse(SOURCE).unwrap();
        let tags = CTags::scan("struct s { int a; };");
        let checks = build("m", "uapi::m::", &items, &tags);
        let find = |item: &str, what: What| {
            checks
                .iter()
                .find(|c| c.item == item && c.what == what)
                .unwrap_or_else(|| panic!("no {item} {what:?} in {checks:#?}"))
        };
        let b = find("struct s", What::Offset("b".into()));
        assert_eq!(b.c, "__builtin_offsetof(struct s, b)");
        assert!(b
            .rust
            .contains("offset_of!(uapi::m::s, __bindgen_anon_1.b)"));
        let c = find("struct s", What::Offset("d.c".into()));
        assert!(c.rust.contains("__bindgen_anon_1.d.c"));
        find("struct s", What::Offset("type".into()));
        let size = find("struct s", What::FieldSize("d.c".into()));
        assert_eq!(size.c, "sizeof(((struct s *)0)->d.c)");
        find("struct s", What::Size);
        assert!(!checks.iter().any(|c| c.item.contains("bindgen_ty")));
        assert!(!checks
            .iter()
            .any(|c| c.what == What::Offset("__bindgen_anon_1".into())));
        assert_eq!(find("E_C", What::Value).rust, "uapi::m::e::E_C as i128");
        assert_eq!(find("e", What::Size).c, "sizeof(e)");
        assert_eq!(find("S", What::Value).bytes, Some(3));
        assert_eq!(
            size.rust,
            "FieldOf::new(|s: &uapi::m::s| &raw const s.__bindgen_anon_1)\
             .then(|s| &raw const s.d).then(|s| &raw const s.c).size() as i128"
        );
        assert_eq!(find("X", What::Value).width.as_deref(), Some("uapi::m::X"));
        find("t", What::Align);
    }
}
