//! Gathers the checks for a set of bindings and what C says for each: one C
//! probe per module (in parallel), against that module's helper header.

use std::path::Path;

use crate::bindings::{Bindings, Klibc};
use crate::checks::{self, CTags, Check};
use crate::cprobe::CProbe;
use crate::items;

/// Every check of every module, with C's value or the reason C could not
/// compute it.
pub struct Facts {
    pub checks: Vec<Check>,
    pub c: Vec<Result<String, String>>,
}

/// One module's checks and the tags used to spell them, before probing.
pub struct Planned {
    pub module: String,
    pub checks: Vec<Check>,
}

/// Builds every module's checks from its bindings.
pub fn plan(klibc: &Klibc, probe: &CProbe, bindings: &[Bindings]) -> Result<Vec<Planned>, String> {
    let mut out = Vec::new();
    for b in bindings {
        let items = items::parse(&b.source).map_err(|e| format!("uapi::{}: {e}", b.module))?;
        let tags = CTags::scan(&probe.preprocess(&klibc.helper_header(&b.module))?);
        out.push(Planned {
            module: b.module.clone(),
            checks: checks::build(&b.module, &format!("uapi::{}::", b.module), &items, &tags),
        });
    }
    Ok(out)
}

/// Runs the C probes for planned checks.
pub fn probe_c(klibc: &Klibc, probe: &CProbe, planned: Vec<Planned>) -> Result<Facts, String> {
    let results: Vec<Result<Vec<Result<String, String>>, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = planned
            .iter()
            .map(|p| {
                s.spawn(move || {
                    let refs: Vec<&Check> = p.checks.iter().collect();
                    probe.run(&klibc.helper_header(&p.module), &p.module, &refs)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a C probe thread failed".into()))
            })
            .collect()
    });
    let mut facts = Facts {
        checks: Vec::new(),
        c: Vec::new(),
    };
    for (p, r) in planned.into_iter().zip(results) {
        facts.c.extend(r?);
        facts.checks.extend(p.checks);
    }
    Ok(facts)
}

/// Checks and C values for bindings over one header tree.
pub fn collect(
    klibc: &Klibc,
    include: &Path,
    arch: &str,
    bindings: &[Bindings],
    work: &Path,
) -> Result<Facts, String> {
    let probe = CProbe::new(klibc, include, arch, work)?;
    let planned = plan(klibc, &probe, bindings)?;
    probe_c(klibc, &probe, planned)
}
