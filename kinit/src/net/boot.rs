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

    /// The arguments as the old code made them: `ip=<value>`, the device
    /// field rewritten in the text when `BOOTIF=` applies.
    mod old {
        use super::*;

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
    }

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

    /// The old text rewriting and the new parse-then-name give the same
    /// device arguments.
    fn same(line: &[u8], bootif: Option<&[u8]>) {
        let c = Cmdline::parse(line);
        let old: Vec<Vec<u8>> = old::device_args(&c, bootif);
        let new = specs(&c, bootif);
        assert_eq!(old.len(), new.len(), "{line:?}");
        for (o, n) in old.iter().zip(new) {
            let o = ipspec::parse_device(o, ipspec::CAP_ALL);
            match (o, n) {
                (Ok(o), Ok(n)) => assert_eq!(o, n, "{line:?}"),
                (Err(o), Err(n)) => assert_eq!(o.parts(), n.parts(), "{line:?}"),
                (o, n) => panic!("{line:?}: {o:?} vs {n:?}"),
            }
        }
    }

    #[test]
    fn args_from_the_command_line() {
        let line = &b"root=/dev/nfs ip=dhcp nfsaddrs=10.0.0.2::::::none ip=off quiet"[..];
        let c = Cmdline::parse(line);
        let names: Vec<_> = specs(&c, Some(b"eth1"))
            .into_iter()
            .map(|d| d.unwrap().name)
            .collect();
        assert_eq!(names, [Some(&b"eth1"[..]), Some(&b"eth1"[..])]);
        same(line, None);
        same(line, Some(b"eth1"));
        same(b"ip=::::box:eth0:dhcp", Some(b"eth1"));
        assert!(specs(&Cmdline::parse(b"root=/dev/sda1"), None).is_empty());
    }

    #[test]
    fn device_field() {
        assert_eq!(old::with_device(b"1.2.3.4:::", b"e"), b"1.2.3.4:::::e");
        assert_eq!(old::with_device(b"bootp", b"e"), b":::::e:bootp");
    }

    /// Random `ip=` values from a small alphabet (colons, digits, dots,
    /// protocol words, names), with and without a `BOOTIF=` interface.
    #[test]
    fn differential_random() {
        let words: [&[u8]; 16] = [
            b":",
            b":",
            b":",
            b"1",
            b"10.0.0.2",
            b"0x",
            b"dhcp",
            b"off",
            b"none",
            b"all",
            b"eth0",
            b"",
            b"bootp",
            b"256",
            b"box",
            b"on",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let n: usize = std::env::var("BOOT_DIFF_N").map_or(20_000, |v| v.parse().unwrap());
        for _ in 0..n {
            let mut line = b"ip=".to_vec();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut y = x;
            for _ in 0..(y % 14) {
                y /= 14;
                line.extend_from_slice(words[(y % 16) as usize]);
                y = y.rotate_left(9) ^ x;
            }
            if x & 1 == 0 {
                line[..3].copy_from_slice(b"xx=");
                line.splice(0..0, b"nfsaddrs=".iter().copied());
                line.extend_from_slice(b" ip=");
            }
            same(&line, None);
            same(&line, Some(b"eth1"));
            same(&line, Some(b"all"));
        }
    }
}
