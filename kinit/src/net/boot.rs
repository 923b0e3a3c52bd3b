//! `ip=`/`nfsaddrs=` at boot, as klibc's kinit hands them to ipconfig (every
//! occurrence, vendor class "Linux kinit"), before the root is mounted: for
//! an NFS root the network must be up first, and with a local root the
//! interfaces are still configured and `/run/net-<dev>.conf` written. With
//! the kernel's semantics on top: `ip=off`/`none` configure nothing,
//! `BOOTIF=` picks the interface by MAC address when `ip=` names none, and
//! without an NFS root ipconfig gives up after a minute instead of holding
//! the boot forever (an NFS root keeps trying, as the kernel does).

use super::client::{Options, Session};
use super::ipspec;
use crate::cmdline::Cmdline;
use alloc::vec::Vec;

/// How long a boot with a local root waits for DHCP/BOOTP.
pub const LOCAL_ROOT_TIMEOUT_S: u32 = 60;

/// The device arguments for ipconfig from the command line: one per
/// `ip=`/`nfsaddrs=` (except `off`/`none`), with `BOOTIF=`'s interface
/// (`bootif`) filled in where none is named.
pub fn device_args(cmd: &Cmdline<'_>, bootif: Option<&[u8]>) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for p in &cmd.params {
        let (true, Some(v)) = (p.name == b"ip" || p.name == b"nfsaddrs", p.value) else {
            continue;
        };
        if matches!(v, b"off" | b"none") {
            continue;
        }
        let mut a = b"ip=".to_vec();
        a.extend_from_slice(v);
        if let Some(dev) = bootif {
            if ipspec::parse_device(&a, 0).is_ok_and(|d| d.name.is_none()) {
                a.truncate(3);
                put_with_device(&mut a, v, dev);
            }
        }
        out.push(a);
    }
    out
}

/// `v` (a protocol word or the colon form) with its device field set.
pub fn with_device(v: &[u8], dev: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    put_with_device(&mut out, v, dev);
    out
}

/// Appends [`with_device`]'s text to `out`.
fn put_with_device(out: &mut Vec<u8>, v: &[u8], dev: &[u8]) {
    let mut n = 0;
    if v.contains(&b':') {
        for f in v.split(|&b| b == b':') {
            field(out, &mut n, f, dev);
        }
    } else {
        // a protocol word is the autoconf field, after six empty ones
        for _ in 0..6 {
            field(out, &mut n, b"", dev);
        }
        field(out, &mut n, v, dev);
    }
    while n < 6 {
        field(out, &mut n, b"", dev);
    }
}

/// Appends field number `n` of the colon form (`dev` as the sixth).
fn field(out: &mut Vec<u8>, n: &mut usize, f: &[u8], dev: &[u8]) {
    if *n > 0 {
        out.push(b':');
    }
    out.extend_from_slice(if *n == 5 { dev } else { f });
    *n += 1;
}

/// Configures the network for `ip=` if the command line asks; returns how
/// many interfaces were configured (0 when none was asked for or all
/// failed; the failures are reported).
pub fn configure(cmd: &Cmdline<'_>, nfs_root: bool) -> usize {
    let bootif = cmd
        .get(b"BOOTIF")
        .and_then(ipspec::parse_bootif)
        .and_then(|(_, mac)| super::iface::by_hwaddr(&mac));
    let args = device_args(cmd, bootif.as_deref());
    if args.is_empty() {
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
    for a in &args {
        if s.add(a).is_err() {
            return 0;
        }
    }
    let _ = s.run();
    s.configured
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn args_from_the_command_line() {
        let c = Cmdline::parse(b"root=/dev/nfs ip=dhcp nfsaddrs=10.0.0.2::::::none ip=off quiet");
        assert_eq!(
            device_args(&c, None),
            [b"ip=dhcp".to_vec(), b"ip=10.0.0.2::::::none".to_vec()]
        );
        assert_eq!(
            device_args(&c, Some(b"eth1")),
            [
                b"ip=:::::eth1:dhcp".to_vec(),
                b"ip=10.0.0.2:::::eth1:none".to_vec()
            ]
        );
        let c = Cmdline::parse(b"ip=::::box:eth0:dhcp");
        assert_eq!(
            device_args(&c, Some(b"eth1")),
            [b"ip=::::box:eth0:dhcp".to_vec()]
        );
        assert!(device_args(&Cmdline::parse(b"root=/dev/sda1"), None).is_empty());
    }

    #[test]
    fn device_field() {
        assert_eq!(with_device(b"1.2.3.4:::", b"e"), b"1.2.3.4:::::e");
        assert_eq!(with_device(b"bootp", b"e"), b":::::e:bootp");
    }
}
