//! Entry points shared by kinit's fuzz targets (kinit/fuzz) and the tests
//! that replay their seed corpora, so both exercise exactly the same code.
//! Each takes arbitrary bytes, must not panic, and returns something the
//! replay tests can check.

use crate::cmdline::{words, Cmdline};
use crate::rootspec::{self, RootSpec};

/// The `cmdline` target: split and interpret a command line, parse its
/// `root=`/`resume=` (and every value, as if it were one) as a device,
/// and each entry of a `root=` list; every value also as `md=`, `raid=`
/// and `cifsroot=`.
/// Returns how many parameters it found.
pub fn cmdline(data: &[u8]) -> usize {
    let c = Cmdline::parse(data);
    for p in &c.params {
        if let Some(v) = p.value {
            let _ = RootSpec::parse(v);
            let _ = rootspec::named_default_type(v);
            let _ = crate::md::parse_md(v);
            let _ = crate::md::parse_raid(v);
            #[cfg(feature = "net")]
            let _ = crate::net::cifsroot::parse(v);
        }
    }
    if let Some(r) = c.root {
        let _ = RootSpec::parse(r);
        for e in rootspec::list(r) {
            let _ = RootSpec::parse(e);
        }
    }
    let _ = c.rootfstypes().count();
    let _ = words(c.init_args).count();
    let _ = RootSpec::parse(data);
    c.params.len()
}

/// The `sysfs` target: what kinit reads from /proc and /sys
/// (/proc/filesystems, a `dev` attribute, a uevent file). Returns how many
/// block filesystems the text lists.
pub fn sysfs(data: &[u8]) -> usize {
    let _ = crate::blockdevs::parse_dev(data);
    let _ = crate::blockdevs::uevent_value(data, b"PARTNAME");
    let _ = crate::blockdevs::uevent_value(data, b"");
    crate::mountroot::block_filesystems(data).len()
}
