//! Produces klibc's UAPI bindings the way klibc's build script does: the same
//! helper headers, the same bindgen parameters (read with klibc's own parser),
//! the same clang arguments and the same ioctl renaming. Or reads bindings a
//! klibc build already generated, to check exactly what it compiled.

use std::path::{Path, PathBuf};

use crate::bindgen_setup;
use crate::parameters::{Param, Parameters};

/// Where klibc's binding inputs live: `klibc/uapi/` and `klibc/include/`.
#[derive(Debug, Clone)]
pub struct Klibc {
    pub root: PathBuf,
}

impl Klibc {
    /// The helper header that `uapi::<module>` is generated from.
    pub fn helper_header(&self, module: &str) -> PathBuf {
        self.root.join("uapi").join(format!("{module}.h"))
    }

    /// klibc's own C headers, answering the UAPI headers' few libc includes.
    pub fn include(&self) -> PathBuf {
        self.root.join("include")
    }

    /// klibc/uapi/bindgen_parameters, parsed.
    pub fn parameters(&self) -> Result<Parameters, String> {
        let path = self.root.join("uapi/bindgen_parameters");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Parameters::parse(&text).map_err(|e| format!("{}:{e}", path.display()))
    }

    /// The clang arguments bindgen gets, which the C probes get too.
    pub fn clang_args(&self, include: &Path, arch: &str) -> Result<Vec<String>, String> {
        bindgen_setup::clang_args(include, &self.include(), arch)
    }
}

/// One `uapi::<module>`'s generated Rust source.
#[derive(Debug, Clone)]
pub struct Bindings {
    pub module: String,
    pub source: String,
}

/// Which items to bind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// What bindgen_parameters selects: what klibc binds.
    Parameters,
    /// Every item of every header the helper headers include (for `diff`).
    Everything,
}

/// Runs bindgen over every module of the parameters file against `include`.
pub fn generate(
    klibc: &Klibc,
    include: &Path,
    arch: &str,
    selection: Selection,
) -> Result<Vec<Bindings>, String> {
    if !include.join("linux/types.h").is_file() {
        return Err(format!(
            "{}: no linux/types.h there: not an exported UAPI include directory",
            include.display()
        ));
    }
    let params = klibc.parameters()?;
    let args = klibc.clang_args(include, arch)?;
    // One thread per module: bindgen loads libclang for each thread, and
    // most of its time is clang's own start-up.
    let one = |module: &crate::parameters::Module| -> Result<Bindings, String> {
        let header = klibc.helper_header(&module.name);
        let mut b = bindgen_setup::builder(&header, &args).formatter(bindgen::Formatter::None);
        for p in params.common.iter().chain(&module.params) {
            let allowlist = matches!(p, Param::AllowlistVar(_) | Param::AllowlistType(_));
            if selection == Selection::Parameters || !allowlist {
                b = bindgen_setup::apply(b, p);
            }
        }
        if selection == Selection::Everything {
            b = b
                .allowlist_file(format!("{}/.*", regex_escape(&include.to_string_lossy())))
                .allowlist_file(regex_escape(&header.to_string_lossy()));
        }
        let generated = b
            .generate()
            .map_err(|e| format!("bindgen over {}: {e}", header.display()))?;
        Ok(Bindings {
            module: module.name.clone(),
            source: generated.to_string(),
        })
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = params
            .modules
            .iter()
            .map(|m| s.spawn(move || one(m)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a bindgen thread failed".into()))
            })
            .collect()
    })
}

/// Reads `<dir>/<module>.rs` for every module (klibc's OUT_DIR, or `generate --out`).
pub fn read(klibc: &Klibc, dir: &Path) -> Result<Vec<Bindings>, String> {
    let params = klibc.parameters()?;
    params
        .modules
        .iter()
        .map(|m| {
            let path = dir.join(format!("{}.rs", m.name));
            let source =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(Bindings {
                module: m.name.clone(),
                source,
            })
        })
        .collect()
}

/// The bindings the newest klibc build under a cargo target directory
/// generated: `<target>/[<triple>/]<profile>/build/klibc-<hash>/out/`, the
/// one whose general.rs is newest (Kbuild's `$(objtree)/usr/cargo-target`).
pub fn find_in_cargo_target(target: &Path) -> Result<PathBuf, String> {
    let mut best: Option<(std::time::SystemTime, PathBuf)> = None;
    let mut dirs = vec![(target.to_owned(), 0)];
    while let Some((dir, depth)) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if !e.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("klibc-") && dir.file_name().is_some_and(|n| n == "build") {
                let out = path.join("out");
                if let Ok(modified) = out.join("general.rs").metadata().and_then(|m| m.modified()) {
                    if best.as_ref().is_none_or(|(t, _)| modified > *t) {
                        best = Some((modified, out));
                    }
                }
            } else if depth < 3 && !matches!(&*name, "deps" | "incremental" | ".fingerprint") {
                dirs.push((path, depth + 1));
            }
        }
    }
    best.map(|(_, out)| out).ok_or_else(|| {
        format!(
            "{}: no klibc build with generated bindings (build/klibc-*/out/general.rs) there",
            target.display()
        )
    })
}

/// `s` as a regular expression matching itself.
fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
