//! `uapi-check diff`: what the C compiler says about every item klibc binds
//! (all syscall numbers among them) in two exported header trees, compared:
//! added, removed and changed syscalls, constants and type layouts.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use crate::bindings::{self, Klibc, Selection};
use crate::checks::{Category, What};
use crate::facts;
use crate::json;

/// One item's facts in one tree: its size/alignment/offsets or its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub category: Category,
    pub facts: BTreeMap<What, String>,
}

/// One fact that differs; `None` where the tree lacks it.
#[derive(Debug, Clone)]
pub struct Change {
    pub what: What,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Default)]
pub struct Section {
    pub added: Vec<(String, Item)>,
    pub removed: Vec<(String, Item)>,
    pub changed: Vec<(String, Vec<Change>)>,
}

pub struct Report {
    pub old: String,
    pub new: String,
    pub arch: String,
    pub selection: Selection,
    /// Facts C could not compute in each tree, left out (`Everything` only).
    pub skipped: (usize, usize),
    pub sections: BTreeMap<Category, Section>,
}

/// The C compiler's facts for the selected items of `include`, and how many
/// facts C could not compute (with `Everything`: macros that are not integer
/// constants, and the like; those are left out).
fn tree(
    klibc: &Klibc,
    include: &Path,
    arch: &str,
    selection: Selection,
    work: &Path,
) -> Result<(BTreeMap<String, Item>, usize), String> {
    std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    let generated = bindings::generate(klibc, include, arch, selection)?;
    let f = facts::collect(klibc, include, arch, &generated, work)?;
    let mut items: BTreeMap<String, Item> = BTreeMap::new();
    let mut skipped = 0;
    for (check, value) in f.checks.into_iter().zip(f.c) {
        if value.is_err() && selection == Selection::Everything {
            skipped += 1;
            continue;
        }
        let value = value.map_err(|why| {
            format!(
                "{}: {}: C cannot compute it: {why}",
                include.display(),
                check.label()
            )
        })?;
        items
            .entry(check.item)
            .or_insert_with(|| Item {
                category: check.category,
                facts: BTreeMap::new(),
            })
            .facts
            .entry(check.what)
            .or_insert(value);
    }
    Ok((items, skipped))
}

/// Compares `old` (headers of `arch`) with `new` (of `arch_new`: the same
/// arch between versions, or another arch's headers of the same version).
pub fn run(
    klibc: &Klibc,
    old: &Path,
    new: &Path,
    (arch, arch_new): (&str, &str),
    selection: Selection,
    work: &Path,
) -> Result<Report, String> {
    let (a, skipped_a) = tree(klibc, old, arch, selection, &work.join("a"))?;
    let (b, skipped_b) = tree(klibc, new, arch_new, selection, &work.join("b"))?;
    let label = if arch == arch_new {
        arch.to_owned()
    } else {
        format!("{arch} -> {arch_new}")
    };
    let mut report = compare(old, new, &label, &a, &b);
    report.selection = selection;
    report.skipped = (skipped_a, skipped_b);
    Ok(report)
}

pub fn compare(
    old: &Path,
    new: &Path,
    arch: &str,
    a: &BTreeMap<String, Item>,
    b: &BTreeMap<String, Item>,
) -> Report {
    let mut sections: BTreeMap<Category, Section> =
        [Category::Syscall, Category::Constant, Category::Type]
            .into_iter()
            .map(|c| (c, Section::default()))
            .collect();
    for (name, item) in a {
        let section = sections.entry(item.category).or_default();
        match b.get(name) {
            None => section.removed.push((name.clone(), item.clone())),
            Some(other) => {
                let mut changes = Vec::new();
                for (what, v) in &item.facts {
                    let w = other.facts.get(what);
                    if w != Some(v) {
                        changes.push(Change {
                            what: what.clone(),
                            old: Some(v.clone()),
                            new: w.cloned(),
                        });
                    }
                }
                for (what, w) in &other.facts {
                    if !item.facts.contains_key(what) {
                        changes.push(Change {
                            what: what.clone(),
                            old: None,
                            new: Some(w.clone()),
                        });
                    }
                }
                if !changes.is_empty() {
                    // Size and alignment first, then fields in layout order.
                    changes.sort_by_key(|c| {
                        let field = match &c.what {
                            What::Offset(f) | What::FieldSize(f) => f,
                            _ => return (false, 0, false),
                        };
                        let offset = What::Offset(field.clone());
                        let at = other.facts.get(&offset).or(item.facts.get(&offset));
                        let at = at.and_then(|v| v.parse::<i128>().ok()).unwrap_or(0);
                        (true, at, matches!(c.what, What::FieldSize(_)))
                    });
                    section.changed.push((name.clone(), changes));
                }
            }
        }
    }
    for (name, item) in b {
        if !a.contains_key(name) {
            sections
                .entry(item.category)
                .or_default()
                .added
                .push((name.clone(), item.clone()));
        }
    }
    // Syscalls in number order reads better than by name.
    if let Some(s) = sections.get_mut(&Category::Syscall) {
        let num = |i: &Item| {
            i.facts
                .get(&What::Value)
                .and_then(|v| v.parse::<i128>().ok())
                .unwrap_or(i128::MAX)
        };
        s.added.sort_by_key(|(_, i)| num(i));
        s.removed.sort_by_key(|(_, i)| num(i));
    }
    Report {
        old: old.display().to_string(),
        new: new.display().to_string(),
        arch: arch.to_owned(),
        selection: Selection::Parameters,
        skipped: (0, 0),
        sections,
    }
}

fn what_text(w: &What) -> String {
    match w {
        What::Size => "size".to_owned(),
        What::Align => "alignment".to_owned(),
        What::Offset(f) => format!("field {f}"),
        What::FieldSize(f) => format!("field {f} size"),
        What::Value => "value".to_owned(),
    }
}

/// An item's facts in one line: `451` for a constant, `size 8, align 4,
/// fields a@0 b@4` for a type.
fn summary(item: &Item) -> String {
    if let Some(v) = item.facts.get(&What::Value) {
        return v.clone();
    }
    let mut parts = Vec::new();
    if let Some(s) = item.facts.get(&What::Size) {
        parts.push(format!("size {s}"));
    }
    if let Some(a) = item.facts.get(&What::Align) {
        parts.push(format!("align {a}"));
    }
    let mut fields: Vec<(i128, String)> = item
        .facts
        .iter()
        .filter_map(|(w, v)| match w {
            What::Offset(f) => Some((v.parse().unwrap_or(i128::MAX), format!("{f}@{v}"))),
            _ => None,
        })
        .collect();
    fields.sort();
    let fields: Vec<String> = fields.into_iter().map(|(_, f)| f).collect();
    if !fields.is_empty() {
        parts.push(format!("fields {}", fields.join(" ")));
    }
    parts.join(", ")
}

impl Report {
    fn scope(&self) -> &'static str {
        match self.selection {
            Selection::Parameters => "what klibc binds",
            Selection::Everything => "every item of the headers klibc includes",
        }
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "uapi-check diff ({}, {}): {} -> {}",
            self.arch,
            self.scope(),
            self.old,
            self.new
        );
        if self.skipped != (0, 0) {
            let _ = writeln!(
                s,
                "left out: {} and {} facts C cannot compute (macros that are not integer constants)",
                self.skipped.0, self.skipped.1
            );
        }
        for (cat, sec) in &self.sections {
            let _ = writeln!(
                s,
                "{}: {} added, {} removed, {} changed",
                cat.plural(),
                sec.added.len(),
                sec.removed.len(),
                sec.changed.len()
            );
        }
        for (cat, sec) in &self.sections {
            if sec.added.is_empty() && sec.removed.is_empty() && sec.changed.is_empty() {
                continue;
            }
            let _ = writeln!(s, "\n{}:", cat.plural());
            for (name, item) in &sec.added {
                let _ = writeln!(s, "  + {name} {}", summary(item));
            }
            for (name, item) in &sec.removed {
                let _ = writeln!(s, "  - {name} {}", summary(item));
            }
            for (name, changes) in &sec.changed {
                // A field added or removed is one entry, its offset.
                let whole = |f: &str| {
                    changes.iter().any(|c| {
                        c.what == What::Offset(f.to_owned()) && (c.old.is_none() || c.new.is_none())
                    })
                };
                let parts: Vec<String> = changes
                    .iter()
                    .filter(|c| !matches!(&c.what, What::FieldSize(f) if whole(f)))
                    .map(|c| match (&c.old, &c.new) {
                        (Some(o), Some(n)) => format!("{} {o} -> {n}", what_text(&c.what)),
                        (None, Some(n)) => format!("{} added at {n}", what_text(&c.what)),
                        (Some(o), None) => format!("{} removed (was {o})", what_text(&c.what)),
                        (None, None) => what_text(&c.what),
                    })
                    .collect();
                let _ = writeln!(s, "  ~ {name}: {}", parts.join("; "));
            }
        }
        s
    }

    pub fn json(&self) -> String {
        let item_json = |name: &str, item: &Item| {
            let mut fields = vec![("name", json::string(name))];
            let mut members: BTreeMap<&str, (Option<&str>, Option<&str>)> = BTreeMap::new();
            for (w, v) in &item.facts {
                match w {
                    What::Value => fields.push(("value", json::string(v))),
                    What::Size => fields.push(("size", v.clone())),
                    What::Align => fields.push(("align", v.clone())),
                    What::Offset(f) => members.entry(f).or_default().0 = Some(v),
                    What::FieldSize(f) => members.entry(f).or_default().1 = Some(v),
                }
            }
            let mut members: Vec<_> = members.into_iter().collect();
            members.sort_by_key(|(_, (o, _))| o.and_then(|o| o.parse::<i128>().ok()));
            let offsets = members.into_iter().map(|(f, (o, z))| {
                json::object([
                    ("name", json::string(f)),
                    ("offset", o.unwrap_or("null").to_owned()),
                    ("size", z.unwrap_or("null").to_owned()),
                ])
            });
            if item.category == Category::Type {
                fields.push(("fields", json::array(offsets)));
            }
            json::object(fields)
        };
        let mut summary = Vec::new();
        let mut sections = Vec::new();
        for (cat, sec) in &self.sections {
            summary.push((
                cat.plural(),
                json::object([
                    ("added", sec.added.len().to_string()),
                    ("removed", sec.removed.len().to_string()),
                    ("changed", sec.changed.len().to_string()),
                ]),
            ));
            let changed = sec.changed.iter().map(|(name, changes)| {
                json::object([
                    ("name", json::string(name)),
                    (
                        "changes",
                        json::array(changes.iter().map(|c| {
                            json::object([
                                ("what", json::string(&what_text(&c.what))),
                                ("old", json::opt_string(c.old.as_deref())),
                                ("new", json::opt_string(c.new.as_deref())),
                            ])
                        })),
                    ),
                ])
            });
            sections.push((
                cat.plural(),
                json::object([
                    (
                        "added",
                        json::array(sec.added.iter().map(|(n, i)| item_json(n, i))),
                    ),
                    (
                        "removed",
                        json::array(sec.removed.iter().map(|(n, i)| item_json(n, i))),
                    ),
                    ("changed", json::array(changed)),
                ]),
            ));
        }
        let mut top = vec![
            ("old", json::string(&self.old)),
            ("new", json::string(&self.new)),
            ("arch", json::string(&self.arch)),
            ("scope", json::string(self.scope())),
            (
                "left_out",
                json::array([self.skipped.0.to_string(), self.skipped.1.to_string()]),
            ),
            ("summary", json::object(summary)),
        ];
        top.extend(sections);
        json::object(top)
    }
}
