//! Which kernel's gen_init_cpio behaviour to reproduce.
//!
//! The C tool changed how `-t` works: up to 6.4 a regular file always kept its
//! own mtime and `-t` only set directories, links and special files; from 6.5
//! on (the series that also gave gen_initramfs.sh its `-d`) `-t` sets every
//! entry and negative timestamps are refused. Kbuild tells us which tree we
//! are built in; the default is the newest behaviour.

use crate::error::{Error, Result};

/// Name of the environment variable that selects the semantics, e.g. `6.1`.
pub const ENV_VAR: &str = "GEN_INIT_CPIO_KERNEL";

/// The behaviour of one generation of the kernel's tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Semantics {
    /// Kernels before 6.5 (e.g. 6.1): regular files keep their own mtime
    /// under `-t`; gen_initramfs.sh reads `KBUILD_BUILD_TIMESTAMP` itself.
    Legacy,
    /// 6.5 and later (e.g. 6.12, mainline): `-t` applies to every entry.
    #[default]
    Current,
}

impl Semantics {
    /// The semantics of kernel `version` (`6.1`, `6.12.3`, `v6.5-rc1`, ...).
    pub fn for_version(version: &str) -> Result<Self> {
        let bad = || {
            Error::new(format!(
                "invalid kernel version '{version}' (want MAJOR.MINOR, e.g. 6.1 or 6.12)"
            ))
        };
        let v = version.strip_prefix('v').unwrap_or(version);
        let mut parts = v.splitn(3, ['.', '-']);
        let major: u32 = parts.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let minor: u32 = parts.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        Ok(if (major, minor) < (6, 5) {
            Semantics::Legacy
        } else {
            Semantics::Current
        })
    }

    /// From `GEN_INIT_CPIO_KERNEL` if set, else the newest.
    pub fn from_env() -> Result<Self> {
        match std::env::var(ENV_VAR) {
            Ok(v) if !v.is_empty() => Self::for_version(&v).map_err(|e| e.context(ENV_VAR)),
            _ => Ok(Semantics::Current),
        }
    }

    /// Does `-t` also set the mtime of regular files?
    pub fn timestamp_applies_to_files(self) -> bool {
        self == Semantics::Current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(Semantics::for_version("6.1"), Ok(Semantics::Legacy));
        assert_eq!(Semantics::for_version("6.1.192"), Ok(Semantics::Legacy));
        assert_eq!(Semantics::for_version("5.10"), Ok(Semantics::Legacy));
        assert_eq!(Semantics::for_version("6.12"), Ok(Semantics::Current));
        assert_eq!(Semantics::for_version("v6.18-rc2"), Ok(Semantics::Current));
        assert_eq!(Semantics::for_version("7.0"), Ok(Semantics::Current));
        assert!(Semantics::for_version("six").is_err());
        assert!(Semantics::for_version("6").is_err());
    }
}
