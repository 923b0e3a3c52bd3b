//! Entry points shared by kinit's fuzz targets (kinit/fuzz) and the tests
//! that replay their seed corpora, so both exercise exactly the same code.
//! Each takes arbitrary bytes, must not panic, and returns something the
//! replay tests can check. [`TARGETS`] lists them all: each is a `[[bin]]`
//! of kinit/fuzz/Cargo.toml with a seed corpus in kinit/fuzz/corpus/<name>/
//! (kinit/tests/fuzz_targets.rs checks that the three agree).

use crate::cmdline::{words, Cmdline};
use crate::rootspec::{self, RootSpec};

/// A fuzz target's entry point, its result dropped.
pub type Entry = fn(&[u8]);

/// Every fuzz target: its name and its entry point.
pub const TARGETS: &[(&str, Entry)] = &[
    ("cmdline", |d| {
        let _ = cmdline(d);
    }),
    ("sysfs", |d| {
        let _ = sysfs(d);
    }),
    ("probe_fs", |d| {
        let _ = probe_fs(d);
    }),
    ("probe_parts", |d| {
        let _ = probe_parts(d);
    }),
    ("modules_dep", |d| {
        let _ = modules_dep(d);
    }),
    ("kinit_mount", |d| {
        let _ = kinit_mount(d);
    }),
    ("drop_capabilities", |d| {
        let _ = drop_capabilities(d);
    }),
    ("resume_header", |d| {
        let _ = resume_header(d);
    }),
    ("md", |d| {
        let _ = md(d);
    }),
    ("verity", |d| {
        let _ = verity(d);
    }),
    ("gpt_auto", |d| {
        let _ = gpt_auto(d);
    }),
    ("inflate", |d| {
        let _ = inflate(d);
    }),
    #[cfg(feature = "net")]
    ("dhcp", |d| {
        let _ = dhcp(d);
    }),
    #[cfg(feature = "net")]
    ("rpc", |d| {
        let _ = rpc(d);
    }),
    #[cfg(feature = "net")]
    ("bootif", |d| {
        let _ = bootif(d);
    }),
];

/// The `md` target: `md=`/`raid=` values and md superblocks (md.rs).
pub fn md(data: &[u8]) -> usize {
    crate::md::fuzz_entry(data)
}

/// The `verity` target: verity superblocks and root hashes (verity.rs).
pub fn verity(data: &[u8]) -> u64 {
    crate::verity::fuzz_entry(data)
}

/// The `gpt_auto` target: GPT walks for the Discoverable Partitions and
/// LoaderDevicePartUUID values (gpt_auto.rs).
pub fn gpt_auto(data: &[u8]) -> u32 {
    crate::gpt_auto::fuzz_entry(data)
}

/// The `inflate` target: gzip and raw DEFLATE (inflate.rs).
pub fn inflate(data: &[u8]) -> usize {
    crate::inflate::fuzz_entry(data)
}

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
    let _ = crate::cmdline::panic_param(data);
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

/// The `probe_fs` target: filesystem identification on arbitrary device
/// contents at the page sizes kinit meets; the results per page size.
pub fn probe_fs(
    data: &[u8],
) -> [Result<Option<crate::probe::FsInfo>, crate::probe::ProbeError>; 3] {
    [4096, 16384, 65536].map(|page| crate::probe::identify(&mut &data[..], page))
}

/// The `probe_parts` target: GPT and MBR parsing on arbitrary disk
/// contents with 512- and 4096-byte sectors; the results for each.
pub fn probe_parts(
    data: &[u8],
) -> [Result<Option<crate::probe::Table>, crate::probe::ProbeError>; 2] {
    [512, 4096].map(|sector| crate::probe::partitions(&mut &data[..], sector))
}

/// The `modules_dep` target (see [`crate::modules::fuzz_entry`]).
pub fn modules_dep(data: &[u8]) -> usize {
    crate::modules::fuzz_entry(data)
}

/// The `kinit_mount` target (see [`crate::kinit_mount::fuzz_entry`]).
pub fn kinit_mount(data: &[u8]) -> usize {
    crate::kinit_mount::fuzz_entry(data)
}

/// The `drop_capabilities` target: a `drop_capabilities=` list (and the
/// same bytes as a decimal capability number); how many capabilities it
/// drops, None when it is refused.
pub fn drop_capabilities(data: &[u8]) -> Option<usize> {
    let _ = crate::caps::dec(data);
    let set = crate::caps::parse(data).ok()?;
    let mut buf = [0u8; 32];
    let mut n = crate::say::Num::new();
    for cap in set.iter() {
        let _ = crate::caps::cap_name(cap, &mut buf, &mut n);
    }
    Some(set.iter().count())
}

/// The `resume_header` target: up to the first newline a `resume_offset=`
/// value, the rest a device that may hold a hibernation image in the swap
/// header that many pages in; looked for at every page size kinit may
/// meet, also at offset 0. Returns the page sizes that found an image at
/// the given offset.
pub fn resume_header(data: &[u8]) -> usize {
    let (text, dev) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (
            data.get(..i).unwrap_or_default(),
            data.get(i + 1..).unwrap_or_default(),
        ),
        None => (data, &[][..]),
    };
    let offset = crate::resume::parse_offset(text);
    let mut found = 0;
    for page in [0, 1, 512, 4096, 16384, 65536, u64::MAX] {
        if crate::resume::has_image(&mut &dev[..], offset, page) == Ok(true) {
            found += 1;
        }
        let _ = crate::resume::has_image(&mut &dev[..], 0, page);
    }
    found
}

/// The `dhcp` target (see [`crate::net::dhcp::fuzz`]).
#[cfg(feature = "net")]
pub fn dhcp(data: &[u8]) -> usize {
    crate::net::dhcp::fuzz(data)
}

/// The `rpc` target (see [`crate::net::rpc_fuzz::rpc`]).
#[cfg(feature = "net")]
pub fn rpc(data: &[u8]) -> crate::net::rpc_fuzz::Seen {
    crate::net::rpc_fuzz::rpc(data)
}

/// The `bootif` target: a `BOOTIF=` value (PXELINUX's `01-aa-bb-...`), and
/// the same bytes as the interface name it gives `ip=dhcp`; the MAC
/// address's length, None when the value is refused.
#[cfg(feature = "net")]
pub fn bootif(data: &[u8]) -> Option<usize> {
    let (_, mac) = crate::net::ipspec::parse_bootif(data)?;
    let _ = crate::net::boot::device_spec(b"dhcp", crate::net::ipspec::CAP_ALL, Some(data));
    Some(mac.len())
}
