//! Mounting the root filesystem as the kernel's mount_root_generic does:
//! each `rootfstype=` type, else the probed type and then every block
//! filesystem in /proc/filesystems (`nodev` ones skipped); `rootflags=` as
//! the data string; read-only unless `rw`, and when every type refuses a
//! read-write mount with EACCES/EINVAL, the whole list again read-only.

use crate::cpath::CPath;
use crate::say;
use alloc::vec::Vec;
use core::ffi::CStr;
use klibc::uapi::general as g;
use klibc::Errno;

/// The block filesystems in a /proc/filesystems text, in order.
pub fn block_filesystems(text: &[u8]) -> Vec<&[u8]> {
    block_filesystem_names(text).collect()
}

/// [`block_filesystems`] one by one: the names of lines without flags
/// (`nodev`) before the tab.
fn block_filesystem_names(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&b| b == b'\n').filter_map(|line| {
        let (flags, name) = match line.iter().position(|&b| b == b'\t') {
            Some(t) => (line.get(..t)?, line.get(t + 1..)?),
            None => return None,
        };
        (flags.is_empty() && !name.is_empty()).then_some(name)
    })
}

/// The filesystems of a /proc/filesystems text that need no device
/// (`nodev`), in order.
pub fn nodev_filesystems(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&b| b == b'\n').filter_map(|line| {
        let name = line.strip_prefix(b"nodev\t".as_slice())?;
        (!name.is_empty()).then_some(name)
    })
}

/// The types to try, in order, without repeats: the `rootfstype=` list,
/// or when it is empty the type `probe` finds and every block filesystem
/// of the /proc/filesystems text.
pub fn candidates<'a>(
    rootfstypes: impl Iterator<Item = &'a [u8]>,
    probe: impl FnOnce() -> Option<&'a [u8]>,
    proc_filesystems: &'a [u8],
) -> Vec<&'a [u8]> {
    let mut out: Vec<&[u8]> = Vec::new();
    for t in rootfstypes {
        add_new(&mut out, t);
    }
    if out.is_empty() {
        if let Some(t) = probe() {
            add_new(&mut out, t);
        }
        for t in block_filesystem_names(proc_filesystems) {
            add_new(&mut out, t);
        }
    }
    out
}

/// Appends `t` unless it is empty or in `out` already.
fn add_new<'a>(out: &mut Vec<&'a [u8]>, t: &'a [u8]) {
    if !t.is_empty() && !out.contains(&t) {
        out.push(t);
    }
}

/// A successful mount.
pub struct Mounted {
    pub fstype: Vec<u8>,
    pub read_only: bool,
}

/// How the mount failed: the last error of each type tried.
pub struct Failed {
    pub tried: Vec<(Vec<u8>, Errno)>,
    /// Set when an error other than EACCES/EINVAL stopped the attempts
    /// (the kernel's "Cannot open root device").
    pub fatal: Option<Errno>,
}

/// Tries each type in `types`, mounting `dev` on `target`.
pub fn mount_root(
    dev: &CStr,
    target: &CStr,
    types: &[&[u8]],
    read_only: bool,
    data: Option<&[u8]>,
) -> Result<Mounted, Failed> {
    let data = data.map(|d| CPath::new(&[d]));
    let data = data.as_ref().map(CPath::as_cstr);
    let mut flags = g::MS_SILENT as u64;
    if read_only {
        flags |= g::MS_RDONLY as u64;
    }
    let mut tried = Vec::new();
    loop {
        tried.clear();
        for &t in types {
            let name = CPath::new(&[t]);
            let fstype = name.as_cstr();
            let fstype_name = t.to_vec();
            match klibc::mount::mount(Some(dev), target, Some(fstype), flags, data) {
                Ok(()) => {
                    return Ok(Mounted {
                        fstype: fstype_name,
                        read_only: flags & g::MS_RDONLY as u64 != 0,
                    })
                }
                Err(e) => {
                    tried.push((fstype_name, e));
                    // ENODEV: this kernel lacks the type (a probed name it
                    // spells differently); go on like EINVAL.
                    if e != Errno::ACCES && e != Errno::INVAL && e != Errno::NODEV {
                        return Err(Failed {
                            tried,
                            fatal: Some(e),
                        });
                    }
                }
            }
        }
        if flags & g::MS_RDONLY as u64 != 0 || tried.is_empty() {
            return Err(Failed { tried, fatal: None });
        }
        flags |= g::MS_RDONLY as u64;
    }
}

/// Prints one line per failed type: `kinit: mounting <dev> on <target> as <type>: <why>`.
pub fn report(dev: &[u8], target: &[u8], f: &Failed) {
    for (t, e) in &f.tried {
        say::msg_fail(b"kinit: mounting {} on {} as {}", &[dev, target, t], *e);
    }
    if f.tried.is_empty() {
        say::msg(b"kinit: mounting {}: no filesystem type to try", &[dev]);
    }
}
