//! `root=/dev/nfs`: what to mount from `nfsroot=[<server-ip>:]<root-dir>[,<nfs-options>]`
//! (else DHCP's root path, option 17, else `/tftpboot/%s`), with `%s`
//! replaced by the client's address as klibc's kinit does, and the server
//! from the value itself or from the configured interfaces (`ip=`'s server
//! or DHCP's server id). The interfaces are read back from the
//! `/run/net-<dev>.conf` files interface configuration wrote (klibc's
//! format: `ROOTSERVER`, `IPV4ADDR`, `ROOTPATH`), so this code depends only
//! on that format. Then nfsmount's client mounts it.

use super::nfs_mount::{self, Failed, Request};
use super::nfs_opts::{parse_ipv4, push_ip, Options, RO};
use crate::say::{self, Num};
use alloc::vec::Vec;
use core::ffi::CStr;

/// The default root directory (the kernel's and klibc's).
pub const DEFAULT_ROOT: &[u8] = b"/tftpboot/%s";

/// What the configured interfaces tell about the NFS root.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NetInfo {
    pub client: Option<[u8; 4]>,
    pub server: Option<[u8; 4]>,
    pub root_path: Option<Vec<u8>>,
}

/// A `KEY=value` of a klibc `.conf` text, quotes (`'...'`) removed.
pub fn conf_value<'a>(text: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    text.split(|&b| b == b'\n').find_map(|line| {
        let v = line.strip_prefix(key)?.strip_prefix(b"=")?;
        Some(
            v.strip_prefix(b"'")
                .and_then(|v| v.strip_suffix(b"'"))
                .unwrap_or(v),
        )
    })
}

fn addr(v: Option<&[u8]>) -> Option<[u8; 4]> {
    parse_ipv4(v?).filter(|ip| *ip != [0; 4] && *ip != [255; 4])
}

impl NetInfo {
    /// Folds the `.conf` texts of the configured interfaces, in order, as
    /// klibc's kinit walks its interfaces: the first with a server gives
    /// server and client; else the client is the last address seen.
    pub fn from_confs(texts: &[&[u8]]) -> NetInfo {
        let mut info = NetInfo::default();
        for t in texts {
            let client = addr(conf_value(t, b"IPV4ADDR"));
            if let Some(server) = addr(conf_value(t, b"ROOTSERVER")) {
                info.server = Some(server);
                info.client = client;
                info.root_path = conf_value(t, b"ROOTPATH")
                    .filter(|p| !p.is_empty())
                    .map(|p| p.to_vec());
                break;
            }
            if client.is_some() {
                info.client = client;
            }
            if info.root_path.is_none() {
                info.root_path = conf_value(t, b"ROOTPATH")
                    .filter(|p| !p.is_empty())
                    .map(|p| p.to_vec());
            }
        }
        info
    }
}

/// The resolved NFS root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NfsRoot {
    /// `<server-ip>:<path>`, the mount source.
    pub source: Vec<u8>,
    pub server: [u8; 4],
    pub path: Vec<u8>,
    pub options: Vec<u8>,
}

/// Why there is no NFS root to mount (klibc's messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootError {
    NoPath,
    NoServer,
    NoClient,
    BadServer(Vec<u8>),
    BadPath,
}

impl RootError {
    pub fn message(&self) -> Vec<u8> {
        match self {
            RootError::NoPath => b"Root-NFS: no path".to_vec(),
            RootError::NoServer => b"Root-NFS: no server defined".to_vec(),
            RootError::NoClient => b"Root-NFS: no client address".to_vec(),
            RootError::BadServer(s) => {
                [&b"Root-NFS: can't parse IP address '"[..], s, b"'"].concat()
            }
            RootError::BadPath => b"Root-NFS: the path must start with /".to_vec(),
        }
    }
}

/// Resolves `nfsroot=` (None when absent) against the interfaces.
pub fn resolve(nfsroot: Option<&[u8]>, net: &NetInfo) -> Result<NfsRoot, RootError> {
    let value = nfsroot.or(net.root_path.as_deref()).unwrap_or(DEFAULT_ROOT);
    let (spec, options) = match value.iter().position(|&b| b == b',') {
        Some(c) => (
            value.get(..c).unwrap_or(b""),
            value.get(c + 1..).unwrap_or(b""),
        ),
        None => (value, &b""[..]),
    };
    if spec.is_empty() {
        return Err(RootError::NoPath);
    }
    let (server, path) = match spec.iter().position(|&b| b == b':') {
        Some(c) => {
            let host = spec.get(..c).unwrap_or(b"");
            let ip = parse_ipv4(host).ok_or_else(|| RootError::BadServer(host.to_vec()))?;
            (ip, spec.get(c + 1..).unwrap_or(b""))
        }
        None => (net.server.ok_or(RootError::NoServer)?, spec),
    };
    let mut full = Vec::with_capacity(path.len() + 16);
    let mut rest = path;
    while let Some(at) = rest.windows(2).position(|w| w == b"%s") {
        let client = net.client.ok_or(RootError::NoClient)?;
        full.extend_from_slice(rest.get(..at).unwrap_or(b""));
        push_ip(&mut full, client);
        rest = rest.get(at + 2..).unwrap_or(b"");
    }
    full.extend_from_slice(rest);
    if !full.starts_with(b"/") {
        return Err(RootError::BadPath);
    }
    let mut source = Vec::with_capacity(full.len() + 16);
    push_ip(&mut source, server);
    source.push(b':');
    source.extend_from_slice(&full);
    Ok(NfsRoot {
        source,
        server,
        path: full,
        options: options.to_vec(),
    })
}

/// Reads every `/run/net-*.conf` (in directory order).
pub fn read_confs(dir: &CStr) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let Ok(mut d) = klibc::fs::Dir::open(klibc::fd::CWD, dir) else {
        return out;
    };
    let mut names = Vec::new();
    while let Some(Ok(e)) = d.next_entry() {
        let n = e.name.to_bytes();
        if n.starts_with(b"net-") && n.ends_with(b".conf") {
            // In order, without a sort routine (kinit stays small).
            let at = names.iter().position(|m: &Vec<u8>| m.as_slice() > n);
            names.insert(at.unwrap_or(names.len()), n.to_vec());
        }
    }
    for n in names {
        let path = crate::blockdevs::cpath(&[dir.to_bytes(), b"/", &n]);
        if let Ok(p) = CStr::from_bytes_with_nul(&path) {
            if let Ok(text) = klibc::fs::read_file(klibc::fd::CWD, p) {
                out.push(text);
            }
        }
    }
    out
}

/// kinit's NFS root: resolve, then mount on `target` with nfsmount's
/// client (`rw`/`ro` from the command line unless the options say).
pub fn mount_root(nfsroot: Option<&[u8]>, target: &CStr, read_only: bool) -> Result<(), Failed> {
    let confs = read_confs(c"/run");
    let texts: Vec<&[u8]> = confs.iter().map(|c| c.as_slice()).collect();
    let net = NetInfo::from_confs(&texts);
    let root = resolve(nfsroot, &net).map_err(|e| {
        say::line(&[b"kinit: ", &e.message()]);
        Failed
    })?;
    let mut opts = Options::default();
    opts.set(RO, read_only);
    opts.parse(&root.options).map_err(|e| {
        say::line(&e.parts(b"kinit: nfsroot=", &mut Num::new()));
        Failed
    })?;
    let source = crate::blockdevs::cpath(&[&root.source]);
    let source = CStr::from_bytes_with_nul(&source).map_err(|_| Failed)?;
    say::line(&[
        b"kinit: NFS root ",
        &root.source,
        b" (options ",
        &root.options,
        b")",
    ]);
    nfs_mount::mount(&Request {
        source,
        server: root.server,
        path: &root.path,
        target,
        opts: &opts,
        prog: b"kinit",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONF: &[u8] = b"DEVICE='eth0'\nPROTO='dhcp'\nIPV4ADDR='10.0.2.15'\nIPV4NETMASK='255.255.255.0'\nROOTSERVER='10.0.2.2'\nROOTPATH='/srv/%s,udp'\n";

    #[test]
    fn confs() {
        let n = NetInfo::from_confs(&[CONF]);
        assert_eq!(n.client, Some([10, 0, 2, 15]));
        assert_eq!(n.server, Some([10, 0, 2, 2]));
        assert_eq!(n.root_path.as_deref(), Some(&b"/srv/%s,udp"[..]));
        let none = NetInfo::from_confs(&[b"IPV4ADDR=10.1.1.1\nROOTSERVER=0.0.0.0\n"]);
        assert_eq!((none.client, none.server), (Some([10, 1, 1, 1]), None));
    }

    #[test]
    fn nfsroot_forms() {
        let n = NetInfo::from_confs(&[CONF]);
        let r = resolve(Some(b"10.0.2.3:/export,vers=3,udp"), &n).unwrap();
        assert_eq!(r.source, b"10.0.2.3:/export".to_vec());
        assert_eq!(r.options, b"vers=3,udp".to_vec());
        let r = resolve(Some(b"/nfs/%s/root"), &n).unwrap();
        assert_eq!(r.source, b"10.0.2.2:/nfs/10.0.2.15/root".to_vec());
        // No nfsroot=: DHCP's root path, then the default.
        let r = resolve(None, &n).unwrap();
        assert_eq!(
            (r.path, r.options),
            (b"/srv/10.0.2.15".to_vec(), b"udp".to_vec())
        );
        let bare = NetInfo {
            server: Some([1, 2, 3, 4]),
            client: Some([5, 6, 7, 8]),
            root_path: None,
        };
        assert_eq!(
            resolve(None, &bare).unwrap().source,
            b"1.2.3.4:/tftpboot/5.6.7.8".to_vec()
        );
        assert_eq!(resolve(Some(b""), &n), Err(RootError::NoPath));
        assert_eq!(resolve(Some(b",udp"), &n), Err(RootError::NoPath));
        assert_eq!(
            resolve(Some(b"/x"), &NetInfo::default()),
            Err(RootError::NoServer)
        );
        assert_eq!(
            resolve(Some(b"1.1.1.1:/%s"), &NetInfo::default()),
            Err(RootError::NoClient)
        );
        assert_eq!(
            resolve(Some(b"srv:/x"), &n),
            Err(RootError::BadServer(b"srv".to_vec()))
        );
        assert_eq!(resolve(Some(b"1.1.1.1:x"), &n), Err(RootError::BadPath));
    }
}
