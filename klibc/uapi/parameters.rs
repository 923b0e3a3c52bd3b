//! Reads klibc/uapi/bindgen_parameters: which bindgen parameters apply to
//! every module and which items each module keeps, and the clang arguments
//! bindgen gets. Shared by klibc's build script (the bindgen crate),
//! uapi-gen (bindgen-cli, in a kernel build) and uapi-check, so all see the
//! same list. Std only. Only the flags listed in [`Param`] are accepted;
//! anything else is an error naming the line.

use std::path::Path;

/// One accepted bindgen parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Param {
    UseCore,
    CtypesPrefix(String),
    NoLayoutTests,
    NoDocComments,
    RustNonExhaustiveEnums,
    DeriveDebug,
    BlocklistItem(String),
    AllowlistVar(String),
    AllowlistType(String),
}

/// A `[name]` section: klibc/uapi/<name>.h bound into `uapi::<name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Module {
    pub(crate) name: String,
    pub(crate) params: Vec<Param>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Parameters {
    pub(crate) common: Vec<Param>,
    pub(crate) modules: Vec<Module>,
}

impl Parameters {
    /// Parses the file's text; an error reads `LINE: what is wrong`.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let mut out = Parameters::default();
        for (n, raw) in text.lines().enumerate() {
            let n = n + 1;
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[') {
                let name = name
                    .strip_suffix(']')
                    .filter(|s| {
                        !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    })
                    .ok_or_else(|| format!("{n}: bad section header `{line}`"))?;
                if out.modules.iter().any(|m| m.name == name) {
                    return Err(format!("{n}: section [{name}] given twice"));
                }
                out.modules.push(Module {
                    name: name.to_owned(),
                    params: Vec::new(),
                });
                continue;
            }
            let param = parse_param(line).map_err(|e| format!("{n}: {e}"))?;
            match out.modules.last_mut() {
                Some(m) => m.params.push(param),
                None => out.common.push(param),
            }
        }
        Ok(out)
    }
}

fn parse_param(line: &str) -> Result<Param, String> {
    let mut words = line.split_whitespace();
    let flag = words.next().unwrap_or("");
    let arg = words.next();
    if let Some(extra) = words.next() {
        return Err(format!("unexpected `{extra}` after `{flag}`"));
    }
    let need = |a: Option<&str>| -> Result<String, String> {
        a.map(str::to_owned)
            .ok_or_else(|| format!("`{flag}` needs an argument"))
    };
    let none = |p: Param| -> Result<Param, String> {
        match arg {
            None => Ok(p),
            Some(a) => Err(format!("`{flag}` takes no argument, got `{a}`")),
        }
    };
    match flag {
        "--use-core" => none(Param::UseCore),
        "--no-layout-tests" => none(Param::NoLayoutTests),
        "--no-doc-comments" => none(Param::NoDocComments),
        "--with-derive-debug" => none(Param::DeriveDebug),
        "--ctypes-prefix" => Ok(Param::CtypesPrefix(need(arg)?)),
        "--blocklist-item" => Ok(Param::BlocklistItem(need(arg)?)),
        "--allowlist-var" => Ok(Param::AllowlistVar(need(arg)?)),
        "--allowlist-type" => Ok(Param::AllowlistType(need(arg)?)),
        "--default-enum-style" => match need(arg)?.as_str() {
            "rust_non_exhaustive" => Ok(Param::RustNonExhaustiveEnums),
            other => Err(format!("unsupported enum style `{other}`")),
        },
        _ => Err(format!("unsupported bindgen parameter `{flag}`")),
    }
}

/// The C compiler arguments that make it read only the exported UAPI
/// headers and klibc's own C headers: no host include directory.
pub(crate) fn include_args(uapi_include: &Path, klibc_include: &Path) -> Vec<String> {
    vec![
        "-nostdinc".to_owned(),
        format!("-I{}", uapi_include.display()),
        format!("-I{}", klibc_include.display()),
    ]
}

/// bindgen's clang arguments for the target `arch` (a Rust `target_arch`):
/// its `--target`, then [`include_args`].
pub(crate) fn clang_args(
    uapi_include: &Path,
    klibc_include: &Path,
    arch: &str,
) -> Result<Vec<String>, String> {
    let mut args = vec![format!("--target={}", clang_target(arch)?)];
    args.extend(include_args(uapi_include, klibc_include));
    Ok(args)
}

/// The clang target for a Rust `target_arch`: the arches klibc has code for.
pub(crate) fn clang_target(arch: &str) -> Result<&'static str, String> {
    match arch {
        "x86_64" => Ok("x86_64-linux-gnu"),
        "aarch64" => Ok("aarch64-linux-gnu"),
        "riscv64" => Ok("riscv64-linux-gnu"),
        other => Err(format!("klibc has no support for target_arch `{other}`")),
    }
}
