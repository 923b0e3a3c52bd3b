//! Reads generated bindings (bindgen's Rust output) into the items a layout
//! check covers: structs and unions with their fields, type aliases,
//! constants and enum variants; bindgen's own helper items are left out.
//! Std only (on `tokens`), so that uapi-gen in a kernel build and uapi-check
//! in the cargo workspace read bindings, and so choose their checks, alike.

use std::collections::BTreeMap;

use crate::tokens::{self, Kind, Token};

/// A struct or union field: its Rust name and, when the type is a plain
/// path, the last segment (to follow bindgen's `<parent>__bindgen_ty_N`).
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) type_name: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub(crate) fields: Vec<Field>,
}

/// A constant's Rust shape: an integer (any integer type or a fieldless
/// enum) or a byte string (`&[u8; N]`, a string macro) of N bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConstKind {
    Integer,
    Bytes(usize),
}

/// One module's items, by Rust name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Items {
    pub(crate) records: BTreeMap<String, Record>,
    pub(crate) aliases: Vec<String>,
    /// Constants, by name: `pub const NAME` and enum variants `ENUM::NAME`
    /// (the C enumerator is a plain identifier either way).
    pub(crate) consts: BTreeMap<String, (String, ConstKind)>,
    /// Named enums (their size is checked too).
    pub(crate) enums: Vec<String>,
}

/// One top-level item of a generated file.
#[derive(Debug, Clone)]
pub(crate) struct Item<'a> {
    /// Its tokens, attributes included.
    pub(crate) toks: Vec<Token<'a>>,
    /// Where the first token (or attribute) starts and the last one ends.
    pub(crate) span: (usize, usize),
    /// The keyword (`struct`, `union`, `type`, `const`, `enum`, `impl`, `fn`,
    /// `extern`, `static`, `use`, ...) and the index of its token in `toks`.
    pub(crate) keyword: &'a str,
    pub(crate) keyword_at: usize,
}

impl Item<'_> {
    /// The item's name: the identifier after its keyword (`None` for `impl`
    /// and `extern` blocks).
    pub(crate) fn name(&self) -> Option<&str> {
        let t = self.toks.get(self.keyword_at + 1)?;
        (t.kind == Kind::Ident && !matches!(self.keyword, "impl" | "extern")).then_some(t.text)
    }

    /// A key naming the item for comparisons: `struct stat`, `const O_RDONLY`,
    /// or the header of an `impl` block (`impl < T > Foo < T >`).
    pub(crate) fn key(&self) -> String {
        match self.name() {
            Some(n) => format!("{} {n}", self.keyword),
            None => {
                let end = self
                    .toks
                    .iter()
                    .position(|t| t.is("{"))
                    .unwrap_or(self.toks.len());
                tokens::canonical(&self.toks[self.keyword_at..end])
            }
        }
    }

    /// Whether generics follow the name (`struct __BindgenBitfieldUnit<S>`).
    fn generic(&self) -> bool {
        self.toks
            .get(self.keyword_at + 2)
            .is_some_and(|t| t.is("<"))
    }
}

/// Splits a generated file into its top-level items. An error reads
/// `LINE: what`.
pub(crate) fn split(source: &str) -> Result<Vec<Item<'_>>, String> {
    let toks = tokens::lex(source)?;
    let mut items = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let start = i;
        // Attributes: `#[...]`, `#![...]`.
        while i < toks.len() && toks[i].is("#") {
            i += 1;
            if toks.get(i).is_some_and(|t| t.is("!")) {
                i += 1;
            }
            if !toks.get(i).is_some_and(|t| t.is("[")) {
                return Err(err(source, &toks, i, "`#` without an attribute"));
            }
            i = tokens::group_end(&toks, i);
        }
        // Visibility and qualifiers before the keyword.
        let mut k = i;
        loop {
            match toks.get(k).map(|t| t.text) {
                Some("pub") => {
                    k += 1;
                    if toks.get(k).is_some_and(|t| t.is("(")) {
                        k = tokens::group_end(&toks, k);
                    }
                }
                Some("unsafe" | "default") => k += 1,
                _ => break,
            }
        }
        let Some(kw) = toks.get(k).filter(|t| t.kind == Kind::Ident) else {
            return Err(err(source, &toks, k, "expected an item"));
        };
        let keyword = kw.text;
        // Where the item ends: its `;`, or the end of its first `{}` body
        // (consts, statics, types and uses end only at their `;`).
        let to_semicolon = matches!(keyword, "const" | "static" | "type" | "use");
        let mut j = k + 1;
        loop {
            let Some(t) = toks.get(j) else {
                return Err(err(
                    source,
                    &toks,
                    k,
                    &format!("unterminated `{keyword}` item"),
                ));
            };
            match t.text {
                ";" => {
                    j += 1;
                    break;
                }
                "{" if !to_semicolon => {
                    j = tokens::group_end(&toks, j);
                    break;
                }
                "(" | "[" | "{" => j = tokens::group_end(&toks, j),
                ")" | "]" | "}" => return Err(err(source, &toks, j, "unexpected closing bracket")),
                _ => j += 1,
            }
        }
        let last = toks[j - 1];
        items.push(Item {
            toks: toks[start..j].to_vec(),
            span: (toks[start].start, last.end()),
            keyword,
            keyword_at: k - start,
        });
        i = j;
    }
    Ok(items)
}

fn err(source: &str, toks: &[Token<'_>], at: usize, what: &str) -> String {
    let offset = toks
        .get(at)
        .or(toks.last())
        .map_or(source.len(), |t| t.start);
    format!("{}: {what}", tokens::line_of(source, offset))
}

/// Parses one generated module.
pub(crate) fn parse(source: &str) -> Result<Items, String> {
    let mut items = Items::default();
    for item in split(source)? {
        let Some(name) = item.name().map(str::to_owned) else {
            if item.keyword == "impl" {
                impl_consts(&item, &mut items);
            }
            continue;
        };
        let body = &item.toks[item.keyword_at + 2..];
        match item.keyword {
            "struct" | "union" if !item.generic() && !helper(&name) => {
                let fields = match body.first().map(|t| t.text) {
                    Some("{") => named_fields(&body[1..tokens::group_end(body, 0) - 1]),
                    _ => Vec::new(),
                };
                items.records.insert(name, Record { fields });
            }
            "type" if !item.generic() && !helper(&name) => items.aliases.push(name),
            "const" => {
                // const NAME : TYPE = VALUE ;
                let ty = body.get(1..).unwrap_or(&[]);
                let kind = match ty.first().map(|t| t.text) {
                    Some("&") => ConstKind::Bytes(array_len(ty).unwrap_or(0)),
                    _ => ConstKind::Integer,
                };
                items.consts.insert(name.clone(), (name, kind));
            }
            "enum" if !helper(&name) => {
                let Some(open) = body.iter().position(|t| t.is("{")) else {
                    continue;
                };
                let inner = &body[open + 1..tokens::group_end(body, open) - 1];
                for v in split_commas(inner) {
                    let v = skip_attributes(v);
                    if let Some(t) = v.first().filter(|t| t.kind == Kind::Ident) {
                        let var = t.text.to_owned();
                        items
                            .consts
                            .entry(var.clone())
                            .or_insert_with(|| (format!("{name}::{var}"), ConstKind::Integer));
                    }
                }
                items.enums.push(name);
            }
            _ => {}
        }
    }
    Ok(items)
}

/// `impl E { pub const ALIAS: E = E::OTHER; }`: enumerators that repeat
/// another one's value. Trait impls are left alone.
fn impl_consts(item: &Item<'_>, items: &mut Items) {
    let toks = &item.toks[item.keyword_at + 1..];
    let Some(open) = toks.iter().position(|t| t.is("{")) else {
        return;
    };
    let header = &toks[..open];
    if header.iter().any(|t| t.is("for")) {
        return;
    }
    // The self type's last path segment, outside generics.
    let mut depth = 0i32;
    let mut ty = None;
    for (n, t) in header.iter().enumerate() {
        match t.text {
            "<" => depth += 1,
            ">" if n > 0 && !header[n - 1].is("-") => depth -= 1,
            _ if depth == 0 && t.kind == Kind::Ident => ty = Some(t.text),
            _ => {}
        }
    }
    let Some(ty) = ty else {
        return;
    };
    let body = &toks[open + 1..tokens::group_end(toks, open) - 1];
    let mut i = 0;
    while i < body.len() {
        match body[i].text {
            "{" | "(" | "[" => i = tokens::group_end(body, i),
            "const" => {
                // `const NAME:`, not `const fn`.
                let named = body.get(i + 2).is_some_and(|t| t.is(":"));
                if let Some(name) = body.get(i + 1).filter(|t| named && t.kind == Kind::Ident) {
                    let name = name.text.to_owned();
                    items
                        .consts
                        .entry(name.clone())
                        .or_insert_with(|| (format!("{ty}::{name}"), ConstKind::Integer));
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
}

/// bindgen's own support types (`__BindgenBitfieldUnit`, ...), not UAPI.
fn helper(name: &str) -> bool {
    name.starts_with("__Bindgen") || name.starts_with("__Incomplete")
}

/// The fields of `{ ... }` (its inside), by name.
fn named_fields(inner: &[Token<'_>]) -> Vec<Field> {
    split_commas(inner)
        .into_iter()
        .filter_map(|f| {
            let mut f = skip_attributes(f);
            if f.first().is_some_and(|t| t.is("pub")) {
                f = &f[1..];
                if f.first().is_some_and(|t| t.is("(")) {
                    f = &f[tokens::group_end(f, 0)..];
                }
            }
            let name = f.first().filter(|t| t.kind == Kind::Ident)?;
            if !f.get(1).is_some_and(|t| t.is(":")) {
                return None;
            }
            Some(Field {
                name: name.text.trim_start_matches("r#").to_owned(),
                type_name: path_type_name(&f[2..]),
            })
        })
        .collect()
}

/// For a path type (`crate::uapi::ctypes::c_int`, `Foo<T>`), its last
/// segment's identifier; `None` for arrays, pointers, references, fn types.
fn path_type_name(ty: &[Token<'_>]) -> Option<String> {
    let first = ty.first()?;
    if !(first.kind == Kind::Ident || first.is(":")) {
        return None;
    }
    if matches!(first.text, "fn" | "unsafe" | "extern" | "dyn" | "impl") {
        return None;
    }
    let mut depth = 0i32;
    let mut last = None;
    for (n, t) in ty.iter().enumerate() {
        match t.text {
            "<" => depth += 1,
            ">" if n > 0 && !ty[n - 1].is("-") => depth -= 1,
            _ if depth == 0 && t.kind == Kind::Ident => last = Some(t.text),
            _ => {}
        }
    }
    last.map(|s| s.trim_start_matches("r#").to_owned())
}

/// The `N` of a `&[u8; N]` type.
fn array_len(ty: &[Token<'_>]) -> Option<usize> {
    let semi = ty.iter().position(|t| t.is(";"))?;
    usize::try_from(ty.get(semi + 1)?.int_value()?).ok()
}

/// Splits a group's inside at its top-level commas (generics count as
/// nesting: `Foo<A, B>` is one piece).
fn split_commas<'a, 'b>(toks: &'b [Token<'a>]) -> Vec<&'b [Token<'a>]> {
    let mut out = Vec::new();
    let (mut start, mut angle, mut i) = (0, 0i32, 0);
    while i < toks.len() {
        match toks[i].text {
            "(" | "[" | "{" => {
                i = tokens::group_end(toks, i);
                continue;
            }
            "<" => angle += 1,
            ">" if i > 0 && !toks[i - 1].is("-") && !toks[i - 1].is("=") => angle -= 1,
            "," if angle <= 0 => {
                out.push(&toks[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < toks.len() {
        out.push(&toks[start..]);
    }
    out
}

fn skip_attributes<'a, 'b>(mut toks: &'b [Token<'a>]) -> &'b [Token<'a>] {
    while toks.first().is_some_and(|t| t.is("#")) && toks.get(1).is_some_and(|t| t.is("[")) {
        toks = &toks[tokens::group_end(toks, 1)..];
    }
    toks
}

/// bindgen's name for a C identifier that is a Rust keyword (`type` becomes
/// `type_`): the C name back.
pub(crate) fn c_field_name(rust: &str) -> &str {
    const KEYWORDS: &[&str] = &[
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
        "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
        "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
        "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
        "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
    ];
    match rust.strip_suffix('_') {
        Some(base) if KEYWORDS.contains(&base) => base,
        _ => rust,
    }
}

/// Whether a Rust type name is one bindgen made up for an anonymous C type.
pub(crate) fn anonymous(name: &str) -> bool {
    name.contains("__bindgen_ty_") || name.starts_with("_bindgen_ty_")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#"/* automatically generated by rust-bindgen 0.60.1 */
        #[repr(C)] #[derive(Default)] pub struct __IncompleteArrayField<T>(::core::marker::PhantomData<T>, [T; 0]);
        impl<T> __IncompleteArrayField<T> { #[inline] pub const fn new() -> Self { __IncompleteArrayField(::core::marker::PhantomData, []) } }
        impl<T> ::core::fmt::Debug for __IncompleteArrayField<T> { fn fmt(&self, fmt: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { fmt.write_str("__IncompleteArrayField") } }
        pub const __NR_read: u32 = 0;
        pub const MAGIC: &[u8; 9usize] = b"ReIsErFs\0";
        #[repr(C)] #[derive(Debug, Copy, Clone)] pub struct sigaction { pub sa_handler: __sighandler_t, pub sa_flags: crate::uapi::ctypes::c_ulong, pub sa_mask: [u64; 1usize], pub r#type: ::core::option::Option<unsafe extern "C" fn(arg1: crate::uapi::ctypes::c_int) -> Foo<A, B>>, }
        #[repr(C)] pub union u { pub a: u32, pub b: u__bindgen_ty_1 }
        pub type __sighandler_t = ::core::option::Option<unsafe extern "C" fn(arg1: crate::uapi::ctypes::c_int)>;
        #[repr(u32)] #[non_exhaustive] #[derive(Debug, Copy, Clone, Hash, PartialEq, Eq)] pub enum e { E_A = 0, #[doc = "x"] E_B = 1, }
        impl e { pub const E_C: e = e::E_B; }
        pub struct unit;
    "#;

    #[test]
    fn reads_items() {
        let items = parse(SOURCE).unwrap();
        assert_eq!(
            items.records.keys().collect::<Vec<_>>(),
            ["sigaction", "u", "unit"]
        );
        let fields: Vec<_> = items.records["sigaction"]
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.type_name.as_deref()))
            .collect();
        assert_eq!(
            fields,
            [
                ("sa_handler", Some("__sighandler_t")),
                ("sa_flags", Some("c_ulong")),
                ("sa_mask", None),
                ("type", Some("Option")),
            ]
        );
        assert_eq!(
            items.records["u"].fields[1].type_name.as_deref(),
            Some("u__bindgen_ty_1")
        );
        assert_eq!(items.aliases, ["__sighandler_t"]);
        assert_eq!(items.enums, ["e"]);
        assert_eq!(items.consts["MAGIC"].1, ConstKind::Bytes(9));
        assert_eq!(items.consts["__NR_read"].1, ConstKind::Integer);
        assert_eq!(items.consts["E_B"].0, "e::E_B");
        assert_eq!(items.consts["E_C"].0, "e::E_C");
        assert_eq!(items.consts.len(), 5);
    }

    #[test]
    fn splits_items_with_keys() {
        let keys: Vec<_> = split(SOURCE).unwrap().iter().map(Item::key).collect();
        assert_eq!(
            keys,
            [
                "struct __IncompleteArrayField",
                "impl < T > __IncompleteArrayField < T >",
                "impl < T > : : core : : fmt : : Debug for __IncompleteArrayField < T >",
                "const __NR_read",
                "const MAGIC",
                "struct sigaction",
                "union u",
                "type __sighandler_t",
                "enum e",
                "impl e",
                "struct unit",
            ]
        );
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            parse("pub const A: u32 = 1;\n pub struct").unwrap_err(),
            "2: unterminated `struct` item"
        );
        assert_eq!(
            parse("pub const A: u32 = 1;\n\n 42").unwrap_err(),
            "3: expected an item"
        );
    }
}
