//! `uapi-check verify`: every size, alignment, field offset and constant
//! that klibc binds, as Rust compiles the bindings and as the C compiler
//! compiles the headers; any difference is reported by item and fails.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use crate::bindings::{self, Bindings, Klibc};
use crate::checks::{self, Category, What};
use crate::cprobe::CProbe;
use crate::facts;
use crate::rprobe;
use crate::target::Target;

pub struct Options<'a> {
    pub include: &'a Path,
    pub arch: &'a str,
    /// Bindings a klibc build generated (its OUT_DIR); generated here if None.
    pub bindings: Option<&'a Path>,
    pub work: &'a Path,
    pub quiet: bool,
    /// Check only what the parameters select in these headers (for bindings
    /// made with other parameters, such as linux-raw-sys's).
    pub selected_only: bool,
}

/// Returns the problems found (empty: all agree).
pub fn run(klibc: &Klibc, opts: &Options) -> Result<Vec<String>, String> {
    let fresh = bindings::generate(
        klibc,
        opts.include,
        opts.arch,
        bindings::Selection::Parameters,
    )?;
    let given: Vec<Bindings> = match opts.bindings {
        Some(dir) => bindings::read(klibc, dir)?,
        None => fresh.clone(),
    };
    let target = Target::new(klibc, opts.arch)?;
    let probe = CProbe::new(klibc, opts.include, &target, opts.work)?;
    let mut planned = facts::plan(klibc, &probe, &given)?;
    let mut problems = Vec::new();

    // Items the parameters select in these headers but the given bindings
    // lack (they were generated from other headers).
    if opts.bindings.is_some() {
        let key = |c: &checks::Check| (c.module.clone(), c.item.clone(), c.what.clone());
        let have: HashSet<(String, String, What)> = planned
            .iter()
            .flat_map(|p| p.checks.iter())
            .map(key)
            .collect();
        let selected = facts::plan(klibc, &probe, &fresh)?;
        if opts.selected_only {
            let wanted: HashSet<_> = selected
                .iter()
                .flat_map(|p| p.checks.iter())
                .map(key)
                .collect();
            for p in &mut planned {
                p.checks.retain(|c| wanted.contains(&key(c)));
            }
        }
        for p in selected {
            // A missing field is reported once, by its offset.
            for c in p
                .checks
                .into_iter()
                .filter(|c| !matches!(c.what, What::FieldSize(_)))
            {
                if !have.contains(&(c.module.clone(), c.item.clone(), c.what.clone())) {
                    problems.push(match &c.what {
                        What::Offset(f) => format!(
                            "{}: field {f} in C, not in the Rust bindings (uapi::{})",
                            c.item, c.module
                        ),
                        _ => format!(
                            "{}: in C, not in the Rust bindings (uapi::{})",
                            c.label(),
                            c.module
                        ),
                    });
                }
            }
        }
    }

    let facts = facts::probe_c(klibc, &probe, planned)?;
    let refs: Vec<_> = facts.checks.iter().collect();
    let rust = rprobe::run(&target, &given, &refs, opts.work)?;
    for ((check, c), r) in facts.checks.iter().zip(&facts.c).zip(&rust) {
        match c {
            Ok(c) if checks::agree(r, c) => {}
            Ok(c) => problems.push(check.describe(checks::rust_value(r).0, c)),
            Err(_) if matches!(check.what, What::FieldSize(_)) => {}
            Err(why) => problems.push(match &check.what {
                What::Offset(f) => format!("{}: field {f} in Rust, not in C: {why}", check.item),
                _ => format!("{}: in Rust, not usable in C: {why}", check.label()),
            }),
        }
    }
    // The same item bound in several modules fails once.
    let mut seen = BTreeSet::new();
    problems.retain(|p| seen.insert(p.clone()));

    if problems.is_empty() && !opts.quiet {
        let count = |cat: Category| facts.checks.iter().filter(|c| c.category == cat).count();
        let offsets = facts
            .checks
            .iter()
            .filter(|c| matches!(c.what, What::Offset(_) | What::FieldSize(_)))
            .count();
        println!(
            "uapi-check: {}: Rust and C agree on {} facts ({} type sizes/alignments, {} field offsets and sizes, {} constants, {} syscall numbers) in {} modules",
            opts.include.display(),
            facts.checks.len(),
            count(Category::Type) - offsets,
            offsets,
            count(Category::Constant),
            count(Category::Syscall),
            given.len()
        );
    }
    Ok(problems)
}
