//! How klibc drives the bindgen crate over one helper header: the clang
//! arguments (the target, `-nostdinc`, only the exported UAPI headers and
//! klibc's own include directory), no host include paths, the `KLIBC_IOCTL_`
//! renaming, and the mapping of each bindgen_parameters line onto the
//! builder. Shared, through `#[path]`, by klibc/build.rs and uapi-check, so
//! the bindings uapi checks are made exactly as klibc makes them; uapi-gen's
//! cli.rs says the same to bindgen-cli (a new `Param` breaks both matches).
//! Expects `crate::parameters` (klibc/uapi/parameters.rs) beside it.

use crate::parameters::Param;
use std::path::Path;

/// The clang arguments (klibc/uapi/parameters.rs has them, for uapi-gen too).
pub(crate) use crate::parameters::clang_args;

/// A builder for one helper header, before the parameters are applied.
pub fn builder(header: &Path, clang_args: &[String]) -> bindgen::Builder {
    bindgen::builder()
        .header(header.to_string_lossy())
        .clang_args(clang_args)
        // Only the directories above: bindgen would otherwise add the host
        // compiler's include directories.
        .detect_include_paths(false)
        .parse_callbacks(Box::new(StripIoctlPrefix))
}

/// Applies one line of bindgen_parameters. The parser has already refused
/// any flag not listed here, and a new `Param` breaks this match.
pub fn apply(b: bindgen::Builder, p: &Param) -> bindgen::Builder {
    match p {
        Param::UseCore => b.use_core(),
        Param::CtypesPrefix(s) => b.ctypes_prefix(s),
        Param::NoLayoutTests => b.layout_tests(false),
        Param::NoDocComments => b.generate_comments(false),
        Param::RustNonExhaustiveEnums => b.default_enum_style(bindgen::EnumVariation::Rust {
            non_exhaustive: true,
        }),
        Param::DeriveDebug => b.derive_debug(true),
        Param::BlocklistItem(s) => b.blocklist_item(s),
        Param::AllowlistVar(s) => b.allowlist_var(s),
        Param::AllowlistType(s) => b.allowlist_type(s),
    }
}

/// ioctl.h restates each ioctl number as `KLIBC_IOCTL_<name>` (bindgen cannot
/// evaluate `_IOR()`); the Rust item takes the kernel's own name.
#[derive(Debug)]
struct StripIoctlPrefix;

impl bindgen::callbacks::ParseCallbacks for StripIoctlPrefix {
    fn item_name(&self, item: bindgen::callbacks::ItemInfo) -> Option<String> {
        item.name.strip_prefix("KLIBC_IOCTL_").map(str::to_owned)
    }
}
