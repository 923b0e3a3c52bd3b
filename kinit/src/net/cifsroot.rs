//! `root=/dev/cifs` with `cifsroot=//<server-ip>/<share>[,options]`: an SMB
//! root as the kernel's own (fs/smb/client/cifsroot.c, CONFIG_CIFS_ROOT,
//! which needs the kernel's IP autoconfiguration; kinit configures the
//! network itself with `ip=`): the UNC path as the source, the kernel's
//! default options followed by the given ones, the server's address from
//! the UNC path, and the kernel's retries (after 5, 10, 20, 30 and 30
//! seconds) before it gives up. Of the defaults, `rootfs` is left out:
//! only CIFS_ROOT kernels accept it, and it only makes the kernel's own
//! early mount use non-blocking socket calls.

use crate::cpath::CPath;
use crate::say;
use alloc::vec::Vec;

/// The options the kernel mounts an SMB root with before the given ones
/// (without `rootfs`).
pub const DEFAULT_OPTIONS: &[u8] =
    b"vers=1.0,cifsacl,mfsymlinks,rsize=1048576,wsize=65536,uid=0,gid=0,hard";

/// A parsed `cifsroot=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CifsRoot<'a> {
    /// `//<server>/<share>[/path]`, the mount's source.
    pub unc: &'a [u8],
    /// The kernel's defaults, then the options given.
    pub options: Vec<u8>,
}

/// Why a `cifsroot=` value names no SMB root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CifsError {
    /// Not `//<server>/<share>`.
    NotUnc,
    /// The server part is no IPv4 address (the kernel resolves no names).
    NoServerAddress,
}

impl CifsError {
    pub fn message(self) -> &'static str {
        match self {
            CifsError::NotUnc => "not //<server-ip>/<share>[,options]",
            CifsError::NoServerAddress => "no SMB server address (an IPv4 address)",
        }
    }
}

/// Parses `cifsroot=` as the kernel's cifs_root_setup: the UNC path up to
/// the first comma, the rest appended to the default options.
pub fn parse(v: &[u8]) -> Result<CifsRoot<'_>, CifsError> {
    let rest = v.strip_prefix(b"//".as_slice()).ok_or(CifsError::NotUnc)?;
    let slash = rest
        .iter()
        .position(|&b| b == b'/')
        .ok_or(CifsError::NotUnc)?;
    let end = v.iter().position(|&b| b == b',').unwrap_or(v.len());
    // The share must not be empty (`//server/`).
    if end <= slash + 3 {
        return Err(CifsError::NotUnc);
    }
    let server = rest.get(..slash).unwrap_or_default();
    // The kernel keeps the digits and dots of the server part (in_aton).
    let addr: Vec<u8> = server
        .iter()
        .copied()
        .filter(|b| b.is_ascii_digit() || *b == b'.')
        .collect();
    if super::nfs_opts::parse_ipv4(&addr).is_none() {
        return Err(CifsError::NoServerAddress);
    }
    let mut options = DEFAULT_OPTIONS.to_vec();
    if let Some(extra) = v.get(end + 1..).filter(|e| !e.is_empty()) {
        options.push(b',');
        options.extend_from_slice(extra);
    }
    Ok(CifsRoot {
        unc: v.get(..end).unwrap_or_default(),
        options,
    })
}

/// Mounts the SMB root of `cifsroot=` (`value`) on `target`, retrying as
/// the kernel does; says why when it cannot (false).
#[inline(never)]
pub fn mount_root(value: Option<&[u8]>, target: &core::ffi::CStr, read_only: bool) -> bool {
    let Some(value) = value else {
        say::msg(
            b"kinit: root=/dev/cifs without cifsroot=//<server-ip>/<share>",
            &[],
        );
        return false;
    };
    let root = match parse(value) {
        Ok(r) => r,
        Err(e) => {
            say::msg(b"kinit: cifsroot={}: {}", &[value, e.message().as_bytes()]);
            return false;
        }
    };
    let source = CPath::new(&[root.unc]);
    let data = CPath::new(&[&root.options]);
    let mut flags = klibc::uapi::general::MS_SILENT as u64;
    if read_only {
        flags |= klibc::uapi::general::MS_RDONLY as u64;
    }
    let mut wait_s = 5u64;
    for attempt in 0..6 {
        let r = klibc::mount::mount(
            Some(source.as_cstr()),
            target,
            Some(c"cifs"),
            flags,
            Some(data.as_cstr()),
        );
        match r {
            Ok(()) => return true,
            Err(e) => {
                say::msg_fail(b"kinit: mounting {} on /root as cifs", &[root.unc], e);
                if attempt == 5 {
                    break;
                }
                let _ = klibc::time::sleep_ms(wait_s * 1000);
                wait_s = (wait_s * 2).min(30);
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_the_kernel_reads_cifsroot() {
        let r = parse(b"//10.0.2.4/qemu").unwrap();
        assert_eq!(r.unc, b"//10.0.2.4/qemu");
        assert_eq!(r.options, DEFAULT_OPTIONS);
        let r = parse(b"//10.0.2.4/qemu/sub,vers=3.0,user=x").unwrap();
        assert_eq!(r.unc, b"//10.0.2.4/qemu/sub");
        assert_eq!(r.options, [DEFAULT_OPTIONS, b",vers=3.0,user=x"].concat());
        assert_eq!(parse(b"//10.0.2.4/qemu,").unwrap().options, DEFAULT_OPTIONS);
        assert_eq!(parse(b"10.0.2.4/qemu"), Err(CifsError::NotUnc));
        assert_eq!(parse(b"//10.0.2.4"), Err(CifsError::NotUnc));
        assert_eq!(parse(b"//10.0.2.4/"), Err(CifsError::NotUnc));
        assert_eq!(parse(b"//10.0.2.4/,x"), Err(CifsError::NotUnc));
        assert_eq!(parse(b"//server/share"), Err(CifsError::NoServerAddress));
        assert_eq!(parse(b""), Err(CifsError::NotUnc));
    }
}
