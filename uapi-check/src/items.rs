//! Reads generated bindings (Rust source) into the items a check covers:
//! structs and unions with their fields, type aliases, constants and enum
//! variants. Only bindgen's own helper items are left out.

use std::collections::BTreeMap;

/// A struct or union field: its Rust name and, when the type is a plain
/// path, the last segment (to follow bindgen's `<parent>__bindgen_ty_N`).
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub type_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Record {
    pub fields: Vec<Field>,
}

/// A constant's Rust shape: an integer (any integer type or a fieldless
/// enum) or a byte string (`&[u8; N]`, a string macro).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstKind {
    Integer,
    Bytes,
}

/// One module's items, by Rust name.
#[derive(Debug, Clone, Default)]
pub struct Items {
    pub records: BTreeMap<String, Record>,
    pub aliases: Vec<String>,
    /// Constants, by name: `pub const NAME` and enum variants `ENUM::NAME`
    /// (the C enumerator is a plain identifier either way).
    pub consts: BTreeMap<String, (String, ConstKind)>,
    /// Named enums (their size is checked too).
    pub enums: Vec<String>,
}

/// Parses one generated module.
pub fn parse(source: &str) -> Result<Items, String> {
    let file = syn::parse_file(source).map_err(|e| format!("generated bindings: {e}"))?;
    let mut items = Items::default();
    for item in file.items {
        match item {
            syn::Item::Struct(s) if s.generics.params.is_empty() && !helper(&s.ident) => {
                let fields = named_fields(s.fields.iter());
                items.records.insert(s.ident.to_string(), Record { fields });
            }
            syn::Item::Union(u) if u.generics.params.is_empty() && !helper(&u.ident) => {
                let fields = named_fields(u.fields.named.iter());
                items.records.insert(u.ident.to_string(), Record { fields });
            }
            syn::Item::Type(t) if t.generics.params.is_empty() && !helper(&t.ident) => {
                items.aliases.push(t.ident.to_string());
            }
            syn::Item::Const(c) => {
                let kind = match *c.ty {
                    syn::Type::Reference(_) => ConstKind::Bytes,
                    _ => ConstKind::Integer,
                };
                let name = c.ident.to_string();
                items.consts.insert(name.clone(), (name, kind));
            }
            syn::Item::Enum(e) if !helper(&e.ident) => {
                let ty = e.ident.to_string();
                for v in &e.variants {
                    let name = v.ident.to_string();
                    items
                        .consts
                        .entry(name.clone())
                        .or_insert_with(|| (format!("{ty}::{name}"), ConstKind::Integer));
                }
                items.enums.push(ty);
            }
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                // `impl E { pub const ALIAS: E = E::OTHER; }`: enumerators
                // that repeat another one's value.
                let syn::Type::Path(p) = &*imp.self_ty else {
                    continue;
                };
                let Some(ty) = p.path.segments.last().map(|s| s.ident.to_string()) else {
                    continue;
                };
                for it in &imp.items {
                    if let syn::ImplItem::Const(c) = it {
                        let name = c.ident.to_string();
                        items
                            .consts
                            .entry(name.clone())
                            .or_insert_with(|| (format!("{ty}::{name}"), ConstKind::Integer));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(items)
}

/// bindgen's own support types (`__BindgenBitfieldUnit`, ...), not UAPI.
fn helper(ident: &syn::Ident) -> bool {
    let s = ident.to_string();
    s.starts_with("__Bindgen") || s.starts_with("__Incomplete")
}

fn named_fields<'a>(fields: impl Iterator<Item = &'a syn::Field>) -> Vec<Field> {
    fields
        .filter_map(|f| {
            let name = f.ident.as_ref()?.to_string();
            let type_name = match &f.ty {
                syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            };
            Some(Field { name, type_name })
        })
        .collect()
}

/// bindgen's name for a C identifier that is a Rust keyword (`type` becomes
/// `type_`): the C name back.
pub fn c_field_name(rust: &str) -> &str {
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
pub fn anonymous(name: &str) -> bool {
    name.contains("__bindgen_ty_") || name.starts_with("_bindgen_ty_")
}
