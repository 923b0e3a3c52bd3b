//! `ip=`/`nfsaddrs=` at boot, as klibc's kinit hands them to ipconfig (every
//! occurrence, vendor class "Linux kinit"), before the root is mounted: for
//! an NFS root the network must be up first, and with a local root the
//! interfaces are still configured and `/run/net-<dev>.conf` written. With
//! the kernel's semantics on top: `ip=off`/`none` configure nothing,
//! `BOOTIF=` picks the interface by MAC address when `ip=` names none, and
//! without an NFS root ipconfig gives up after a minute instead of holding
//! the boot forever (an NFS root keeps trying, as the kernel does).

use super::client::{Options, Session};
use super::ipspec::{self, DevSpec, SpecError};
use crate::cmdline::{Cmdline, Param};

/// How long a boot with a local root waits for DHCP/BOOTP.
pub const LOCAL_ROOT_TIMEOUT_S: u32 = 60;

/// An `ip=`/`nfsaddrs=` value ipconfig is to act on (not `off`/`none`).
fn ip_value<'a>(p: &Param<'a>) -> Option<&'a [u8]> {
    match (p.name, p.value) {
        (b"ip" | b"nfsaddrs", Some(v)) if !matches!(v, b"off" | b"none") => Some(v),
        _ => None,
    }
}

/// One value as ipconfig's device argument, with `BOOTIF=`'s interface
/// (`bootif`) where the value names none.
// not inlined: measured smaller
#[inline(never)]
pub fn device_spec<'a>(
    v: &'a [u8],
    default_caps: u8,
    bootif: Option<&'a [u8]>,
) -> Result<DevSpec<'a>, SpecError<'a>> {
    let mut d = ipspec::parse_ip(v, default_caps)?;
    if let Some(dev) = bootif {
        d.default_name(dev);
    }
    Ok(d)
}

/// Configures the network for `ip=` if the command line asks; returns how
/// many interfaces were configured (0 when none was asked for or all
/// failed; the failures are reported).
// not inlined into pid1: measured smaller
#[inline(never)]
pub fn configure(cmd: &Cmdline<'_>, nfs_root: bool) -> usize {
    let bootif = cmd
        .get(b"BOOTIF")
        .and_then(ipspec::parse_bootif)
        .and_then(|(_, mac)| super::iface::by_hwaddr(&mac));
    if !cmd.params.iter().any(|p| ip_value(p).is_some()) {
        return 0;
    }
    // where the .conf files go (the initramfs may not have it)
    let _ = klibc::fs::mkdirat(klibc::fd::CWD, c"/run", 0o755);
    let mut s = Session::new(Options {
        prog: b"IP-Config",
        vendor_id: b"Linux kinit",
        // the kernel hands unknown NAME=value words to init as environment
        debug: klibc::rt::var("IPCONFIG_DEBUG").is_some(),
        timeout_s: if nfs_root {
            None
        } else {
            Some(LOCAL_ROOT_TIMEOUT_S)
        },
        ..Options::default()
    });
    for v in cmd.params.iter().filter_map(ip_value) {
        let spec = device_spec(v, s.opts.default_caps, bootif.as_deref());
        if s.add_spec(spec).is_err() {
            return 0;
        }
    }
    let _ = s.run();
    s.configured
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn specs<'a>(
        c: &'a Cmdline<'a>,
        bootif: Option<&'a [u8]>,
    ) -> Vec<Result<DevSpec<'a>, SpecError<'a>>> {
        c.params
            .iter()
            .filter_map(ip_value)
            .map(|v| device_spec(v, ipspec::CAP_ALL, bootif))
            .collect()
    }

    /// The interface names of the device specs from `line`.
    fn names<'a>(c: &'a Cmdline<'a>, bootif: Option<&'a [u8]>) -> Vec<Option<&'a [u8]>> {
        specs(c, bootif)
            .into_iter()
            .map(|d| d.unwrap().name)
            .collect()
    }

    #[test]
    fn args_from_the_command_line() {
        let line = &b"root=/dev/nfs ip=dhcp nfsaddrs=10.0.0.2::::::none ip=off quiet"[..];
        let c = Cmdline::parse(line);
        // BOOTIF='s interface where ip= names none; off/none give no device
        assert_eq!(
            names(&c, Some(b"eth1")),
            [Some(&b"eth1"[..]), Some(&b"eth1"[..])]
        );
        assert_eq!(names(&c, None), [None, None]);
        let c = Cmdline::parse(b"ip=::::box:eth0:dhcp");
        assert_eq!(names(&c, Some(b"eth1")), [Some(&b"eth0"[..])]);
        assert!(specs(&Cmdline::parse(b"root=/dev/sda1"), None).is_empty());
        // a bad ip= stays an error with BOOTIF= too
        let c = Cmdline::parse(b"ip=256.1.1.1");
        assert!(specs(&c, Some(b"eth1"))[0].is_err());
    }
}
