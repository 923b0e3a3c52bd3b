//! klibc's binding spec for the bindgen *command line*: the arguments for
//! one module (what klibc/build.rs tells the bindgen crate, as flags), and
//! the post-processing of bindgen's output for what the command line cannot
//! say (the `KLIBC_IOCTL_` renaming the crate does in a callback).

use std::path::Path;

use crate::items;
use crate::parameters::{self, Param, Parameters};

/// The oldest bindgen-cli whose output is the crate's: 0.60.1 (Debian 12's).
pub(crate) const MIN_VERSION: (u32, u32, u32) = (0, 60, 1);

/// A bindgen-cli version from `bindgen --version`'s output (`bindgen 0.60.1`)
/// or the bare number; refused below [`MIN_VERSION`].
pub(crate) fn parse_version(text: &str) -> Result<(u32, u32, u32), String> {
    let word = text.split_whitespace().last().unwrap_or("");
    let mut parts = word.split('.').map(|p| p.parse::<u32>());
    let v = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(Ok(a)), Some(Ok(b)), Some(Ok(c)), None) => (a, b, c),
        _ => return Err(format!("`{text}` is not a bindgen version (X.Y.Z)")),
    };
    if v < MIN_VERSION {
        let (a, b, c) = MIN_VERSION;
        return Err(format!(
            "bindgen {word} is too old: klibc's bindings need bindgen-cli {a}.{b}.{c} or newer"
        ));
    }
    Ok(v)
}

/// What `args` needs to know.
pub(crate) struct Target<'a> {
    /// klibc's directory (its `uapi/` holds the spec, `include/` its headers).
    pub(crate) klibc: &'a Path,
    /// The exported UAPI headers (`usr/include` of `make headers`).
    pub(crate) include: &'a Path,
    /// The Rust `target_arch` the bindings are for.
    pub(crate) arch: &'a str,
    pub(crate) version: (u32, u32, u32),
    /// Where bindgen is to write the bindings (`-o`; stdout without).
    pub(crate) output: Option<&'a Path>,
    /// Also write a make-style dependency file there (`--depfile`).
    pub(crate) depfile: Option<&'a Path>,
}

/// bindgen-cli's arguments for `module`: the helper header, the flags the
/// parameters give (with what the crate sets without a flag), `--`, and the
/// same clang arguments klibc/build.rs passes. `params_file` names the
/// parameters in errors.
pub(crate) fn args(
    params: &Parameters,
    params_file: &str,
    params_text: &str,
    module: &str,
    t: &Target<'_>,
) -> Result<Vec<String>, String> {
    let m = params
        .modules
        .iter()
        .find(|m| m.name == module)
        .ok_or_else(|| {
            format!(
                "{params_file}: no [{module}] section (modules: {})",
                names(params)
            )
        })?;
    let mut out = vec![t
        .klibc
        .join("uapi")
        .join(format!("{module}.h"))
        .display()
        .to_string()];
    for p in params.common.iter().chain(&m.params) {
        match p {
            Param::UseCore => out.push("--use-core".into()),
            Param::CtypesPrefix(s) => out.extend(["--ctypes-prefix".into(), s.clone()]),
            Param::NoLayoutTests => out.push("--no-layout-tests".into()),
            Param::NoDocComments => out.push("--no-doc-comments".into()),
            Param::RustNonExhaustiveEnums => {
                out.extend(["--default-enum-style".into(), "rust_non_exhaustive".into()])
            }
            // bindgen-cli derives Debug unless told `--no-derive-debug`.
            Param::DeriveDebug => {}
            // bindgen before 0.6x anchors a pattern as `^PATTERN$`, which
            // anchors only the first and last of `a|b|c`; the crate and
            // newer bindgen anchor `^(PATTERN)$`. The group makes them agree.
            Param::BlocklistItem(s) => out.extend(["--blocklist-item".into(), format!("({s})")]),
            Param::AllowlistVar(s) => out.extend(["--allowlist-var".into(), format!("({s})")]),
            Param::AllowlistType(s) => out.extend(["--allowlist-type".into(), format!("({s})")]),
        }
    }
    // The crate's builder: no host include directories (detect_include_paths(false)).
    out.push("--no-include-path-detection".into());
    // Unformatted: rustfmt need not exist, and `fixup` puts one item a line.
    if t.version < (0, 65, 0) {
        out.push("--no-rustfmt-bindings".into());
    } else {
        out.extend(["--formatter".into(), "none".into()]);
    }
    if let Some(o) = t.output {
        out.extend(["-o".into(), o.display().to_string()]);
    }
    if let Some(d) = t.depfile {
        out.extend(["--depfile".into(), d.display().to_string()]);
    }
    out.push("--".into());
    out.extend(parameters::clang_args(
        t.include,
        &t.klibc.join("include"),
        t.arch,
    )?);
    // Kbuild puts these words in a shell command line through make: refuse
    // what either would reinterpret rather than quote it wrongly.
    for a in &out {
        if let Some(bad) = a.chars().find(|c| matches!(c, '\'' | '$' | '\n')) {
            let line = params_text
                .lines()
                .position(|l| l.contains(a.trim_matches(|c| c == '(' || c == ')')))
                .map(|n| format!("{}: ", n + 1))
                .unwrap_or_default();
            return Err(format!(
                "{params_file}:{line}`{a}`: a `{bad}` cannot be passed to bindgen through make and the shell"
            ));
        }
    }
    Ok(out)
}

fn names(params: &Parameters) -> String {
    params
        .modules
        .iter()
        .map(|m| m.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Words for a shell command line, each in single quotes unless it is
/// plain (letters, digits, `-_=./:+,@%`).
pub(crate) fn shell_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            if !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_=./:+,@%".contains(c))
            {
                w.clone()
            } else {
                format!("'{w}'")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the bindgen crate's callbacks do that the command line cannot:
/// ioctl.h's `KLIBC_IOCTL_<name>` constants take the kernel's `<name>`
/// (klibc/uapi/bindgen_setup.rs's `StripIoctlPrefix`, for every item name).
pub(crate) const IOCTL_PREFIX: &str = "KLIBC_IOCTL_";

/// Post-processes bindgen-cli's output into the module's final Rust source:
/// the renaming above, one top-level item a line (so that compiler messages
/// point at a line of their own). The input must be bindgen output: it is
/// read as Rust tokens, and an error reads `LINE: what`.
pub(crate) fn fixup(source: &str) -> Result<String, String> {
    let items = items::split(source)?;
    let mut out = String::new();
    // bindgen's header comment (its version), kept.
    let first = items.first().map_or(source.len(), |i| i.span.0);
    let head = source[..first].trim();
    if !head.is_empty() {
        out.push_str(head);
        out.push_str("\n\n");
    }
    for item in &items {
        let mut at = item.span.0;
        for t in &item.toks {
            if t.kind == crate::tokens::Kind::Ident && t.text.starts_with(IOCTL_PREFIX) {
                if t.text.len() == IOCTL_PREFIX.len() {
                    return Err(format!(
                        "{}: `{IOCTL_PREFIX}` names nothing",
                        crate::tokens::line_of(source, t.start)
                    ));
                }
                out.push_str(&source[at..t.start]);
                out.push_str(&t.text[IOCTL_PREFIX.len()..]);
                at = t.end();
            }
        }
        out.push_str(&source[at..item.span.1]);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(parse_version("bindgen 0.60.1\n"), Ok((0, 60, 1)));
        assert_eq!(parse_version("0.72.1"), Ok((0, 72, 1)));
        assert!(parse_version("bindgen 0.59.2")
            .unwrap_err()
            .contains("too old"));
        assert!(parse_version("bindgen")
            .unwrap_err()
            .contains("not a bindgen version"));
        assert!(parse_version("0.60").is_err());
    }

    #[test]
    fn fixup_renames_and_splits() {
        let src = "/* automatically generated by rust-bindgen 0.60.1 */\n\n\
                   pub const KLIBC_IOCTL_TCGETS : crate :: uapi :: ctypes :: c_uint = 21505 ; \
                   pub const X : & [u8 ; 3usize] = b\"KLIBC_IOCTL_A\\0\" ; pub type t = KLIBC_IOCTL_B ;";
        assert_eq!(
            fixup(src).unwrap(),
            "/* automatically generated by rust-bindgen 0.60.1 */\n\n\
             pub const TCGETS : crate :: uapi :: ctypes :: c_uint = 21505 ;\n\
             pub const X : & [u8 ; 3usize] = b\"KLIBC_IOCTL_A\\0\" ;\n\
             pub type t = B ;\n"
        );
        assert_eq!(
            fixup("pub const A: u32 = 1;\npub const B: u32 = (2;").unwrap_err(),
            "2: unclosed `(`"
        );
    }

    #[test]
    fn quoting() {
        let w: Vec<String> = ["a/b.h", "--x", "(A|B)_.*", ""].map(String::from).to_vec();
        assert_eq!(shell_words(&w), "a/b.h --x '(A|B)_.*' ''");
    }
}
