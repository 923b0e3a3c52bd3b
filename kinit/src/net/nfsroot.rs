//! `root=/dev/nfs`: what to mount from `nfsroot=[<server-ip>:]<root-dir>[,<nfs-options>]`
//! (else DHCP's root path, option 17, else `/tftpboot/%s`), with `%s`
//! replaced by the client's address as klibc's kinit does, and the server
//! from the value itself or from the configured interfaces (`ip=`'s server
//! or DHCP's server id). The interfaces are read back from the
//! `/run/net-<dev>.conf` files interface configuration wrote (klibc's
//! format: `ROOTSERVER`, `IPV4ADDR`, `ROOTPATH`), so this code depends only
//! on that format. Then nfsmount's client mounts it.

use super::ipspec::format_ip;
use super::nfs_mount::{self, Failed, Request};
use super::nfs_opts::{parse_ipv4, Options, RO};
use crate::say;
use alloc::vec::Vec;
use core::ffi::CStr;

/// The default root directory (the kernel's and klibc's).
pub const DEFAULT_ROOT: &[u8] = b"/tftpboot/%s";

/// What the configured interfaces tell about the NFS root (borrowed from
/// their `.conf` texts).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NetInfo<'a> {
    pub client: Option<[u8; 4]>,
    pub server: Option<[u8; 4]>,
    pub root_path: Option<&'a [u8]>,
}

/// A `KEY=value` of a klibc `.conf` text, quotes (`'...'`) removed.
pub fn conf_value<'a>(text: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    text.split(|&b| b == b'\n').find_map(|line| {
        let v = line.strip_prefix(key)?.strip_prefix(b"=")?;
        Some(match v {
            [b'\'', inner @ .., b'\''] => inner,
            _ => v,
        })
    })
}

fn addr(v: Option<&[u8]>) -> Option<[u8; 4]> {
    parse_ipv4(v?).filter(|ip| *ip != [0; 4] && *ip != [255; 4])
}

impl<'a> NetInfo<'a> {
    /// Folds the `.conf` texts of the configured interfaces, in order, as
    /// klibc's kinit walks its interfaces: the first with a server gives
    /// server, client and root path; else the client is the last address
    /// seen and the root path the first.
    pub fn from_confs<T: AsRef<[u8]>>(texts: &'a [T]) -> NetInfo<'a> {
        let mut info = NetInfo::default();
        for t in texts {
            let t = t.as_ref();
            let client = addr(conf_value(t, b"IPV4ADDR"));
            let server = addr(conf_value(t, b"ROOTSERVER"));
            let path = conf_value(t, b"ROOTPATH").filter(|p| !p.is_empty());
            if server.is_some() {
                return NetInfo {
                    client,
                    server,
                    root_path: path,
                };
            }
            if client.is_some() {
                info.client = client;
            }
            if info.root_path.is_none() {
                info.root_path = path;
            }
        }
        info
    }
}

/// The resolved NFS root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NfsRoot<'a> {
    pub server: [u8; 4],
    /// `<server-ip>:<path>`: the mount source, path included.
    source: Vec<u8>,
    /// Where the path starts in `source`.
    path_at: usize,
    pub options: &'a [u8],
}

impl NfsRoot<'_> {
    /// `<server-ip>:<path>`, the mount source.
    pub fn source(&self) -> &[u8] {
        &self.source
    }

    /// The exported directory.
    pub fn path(&self) -> &[u8] {
        self.source().get(self.path_at..).unwrap_or(b"")
    }
}

/// Why there is no NFS root to mount (klibc's messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootError<'a> {
    NoPath,
    NoServer,
    NoClient,
    BadServer(&'a [u8]),
    BadPath,
}

impl<'a> RootError<'a> {
    /// The message's parts (without the newline).
    pub fn parts(&self) -> [&'a [u8]; 3] {
        match *self {
            RootError::NoPath => [b"Root-NFS: no path", b"", b""],
            RootError::NoServer => [b"Root-NFS: no server defined", b"", b""],
            RootError::NoClient => [b"Root-NFS: no client address", b"", b""],
            RootError::BadServer(s) => [b"Root-NFS: can't parse IP address '", s, b"'"],
            RootError::BadPath => [b"Root-NFS: the path must start with /", b"", b""],
        }
    }
}

/// Resolves `nfsroot=` (None when absent) against the interfaces.
pub fn resolve<'a>(
    nfsroot: Option<&'a [u8]>,
    net: &NetInfo<'a>,
) -> Result<NfsRoot<'a>, RootError<'a>> {
    let value = nfsroot.or(net.root_path).unwrap_or(DEFAULT_ROOT);
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
            let ip = parse_ipv4(host).ok_or(RootError::BadServer(host))?;
            (ip, spec.get(c + 1..).unwrap_or(b""))
        }
        None => (net.server.ok_or(RootError::NoServer)?, spec),
    };
    let mut source = Vec::with_capacity(path.len() + 32);
    format_ip(server, &mut source);
    source.push(b':');
    let path_at = source.len();
    // Every `%s` is the client's address.
    let mut rest = path;
    loop {
        rest = match rest {
            [b'%', b's', tail @ ..] => {
                format_ip(net.client.ok_or(RootError::NoClient)?, &mut source);
                tail
            }
            [b, tail @ ..] => {
                source.push(*b);
                tail
            }
            [] => break,
        };
    }
    if source.get(path_at) != Some(&b'/') {
        return Err(RootError::BadPath);
    }
    Ok(NfsRoot {
        server,
        source,
        path_at,
        options,
    })
}

/// Reads every `/run/net-*.conf` (in name order; an unreadable one is
/// empty).
pub fn read_confs(dir: &CStr) -> Vec<Vec<u8>> {
    let Ok(mut d) = klibc::fs::Dir::open(klibc::fd::CWD, dir) else {
        return Vec::new();
    };
    // The names with their NULs (which sort below any other byte, so the
    // order is the names'), in order without a sort routine (kinit stays
    // small).
    let mut names: Vec<Vec<u8>> = Vec::new();
    // next_entry_at, not next_entry, as every listing in kinit: one
    // routine in the binary instead of two.
    while let Some(Ok((_, e))) = d.next_entry_at() {
        let n = e.name.to_bytes_with_nul();
        if n.starts_with(b"net-") && n.ends_with(b".conf\0") {
            let at = names.iter().position(|m| m.as_slice() > n);
            names.insert(at.unwrap_or(names.len()), n.to_vec());
        }
    }
    // Each name makes way for its file's text; one that cannot be read
    // is empty, which tells nothing.
    for n in names.iter_mut() {
        let text = CStr::from_bytes_with_nul(n)
            .ok()
            .and_then(|p| klibc::fs::read_file(d.fd(), p).ok());
        *n = text.unwrap_or_default();
    }
    names
}

/// kinit's NFS root: resolve, then mount on `target` with nfsmount's
/// client (`rw`/`ro` from the command line unless the options say).
pub fn mount_root(nfsroot: Option<&[u8]>, target: &CStr, read_only: bool) -> Result<(), Failed> {
    let confs = read_confs(c"/run");
    let net = NetInfo::from_confs(&confs);
    let root = resolve(nfsroot, &net).map_err(|e| {
        let [a, b, c] = e.parts();
        say::msg(b"kinit: {}{}{}", &[a, b, c]);
        Failed
    })?;
    let mut opts = Options::default();
    opts.set(RO, read_only);
    opts.parse(root.options).map_err(|e| {
        e.say(b"kinit: nfsroot=");
        Failed
    })?;
    let source = crate::cpath::CPath::new(&[root.source()]);
    let source = source.as_cstr();
    say::msg(
        b"kinit: NFS root {} (options {})",
        &[root.source(), root.options],
    );
    nfs_mount::mount(&Request {
        source,
        server: root.server,
        path: root.path(),
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
    fn conf_values() {
        let t = b"A='x y'\nB=plain\nC='\nD=''\nE='half\nAB=no\n";
        assert_eq!(conf_value(t, b"A"), Some(&b"x y"[..]));
        assert_eq!(conf_value(t, b"B"), Some(&b"plain"[..]));
        assert_eq!(conf_value(t, b"C"), Some(&b"'"[..]));
        assert_eq!(conf_value(t, b"D"), Some(&b""[..]));
        assert_eq!(conf_value(t, b"E"), Some(&b"'half"[..]));
        assert_eq!(conf_value(t, b"F"), None);
    }

    #[test]
    fn confs() {
        let n = NetInfo::from_confs(&[CONF]);
        assert_eq!(n.client, Some([10, 0, 2, 15]));
        assert_eq!(n.server, Some([10, 0, 2, 2]));
        assert_eq!(n.root_path, Some(&b"/srv/%s,udp"[..]));
        let none = NetInfo::from_confs(&[b"IPV4ADDR=10.1.1.1\nROOTSERVER=0.0.0.0\n"]);
        assert_eq!((none.client, none.server), (Some([10, 1, 1, 1]), None));
        // Without a server: the last client, the first root path; the
        // first interface with a server decides all three.
        let confs: [&[u8]; 4] = [
            b"IPV4ADDR=10.1.1.1\nROOTPATH=/a\n",
            b"IPV4ADDR=10.1.1.2\nROOTPATH=/b\n",
            b"IPV4ADDR=10.1.1.3\nROOTSERVER=10.1.1.9\n",
            CONF,
        ];
        let n = NetInfo::from_confs(&confs[..2]);
        assert_eq!(
            (n.client, n.server, n.root_path),
            (Some([10, 1, 1, 2]), None, Some(&b"/a"[..]))
        );
        let n = NetInfo::from_confs(&confs);
        assert_eq!(
            (n.client, n.server, n.root_path),
            (Some([10, 1, 1, 3]), Some([10, 1, 1, 9]), None)
        );
    }

    #[test]
    fn confs_in_name_order() {
        let dir = std::env::temp_dir().join(alloc::format!("kinit-nfsroot-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("net-c.conf")).unwrap();
        for (name, text) in [
            ("net-b.conf", "B"),
            ("net-a.conf", "A"),
            ("other", "X"),
            ("net-ab.conf", "AB"),
        ] {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let path = std::ffi::CString::new(dir.to_str().unwrap()).unwrap();
        let confs = read_confs(&path);
        std::fs::remove_dir_all(&dir).unwrap();
        // A directory cannot be read: it counts as empty.
        assert_eq!(confs, [&b"A"[..], b"AB", b"B", b""]);
        assert!(read_confs(c"/nonexistent").is_empty());
    }

    #[test]
    fn nfsroot_forms() {
        let n = NetInfo::from_confs(&[CONF]);
        let r = resolve(Some(b"10.0.2.3:/export,vers=3,udp"), &n).unwrap();
        assert_eq!(r.source(), b"10.0.2.3:/export");
        assert_eq!(r.path(), b"/export");
        assert_eq!(r.options, b"vers=3,udp");
        let r = resolve(Some(b"/nfs/%s/root"), &n).unwrap();
        assert_eq!(r.source(), b"10.0.2.2:/nfs/10.0.2.15/root");
        assert_eq!(r.path(), b"/nfs/10.0.2.15/root");
        let r = resolve(Some(b"/a%%s%x%s%"), &n).unwrap();
        assert_eq!(r.path(), b"/a%10.0.2.15%x10.0.2.15%");
        // No nfsroot=: DHCP's root path, then the default.
        let r = resolve(None, &n).unwrap();
        assert_eq!((r.path(), r.options), (&b"/srv/10.0.2.15"[..], &b"udp"[..]));
        let bare = NetInfo {
            server: Some([1, 2, 3, 4]),
            client: Some([5, 6, 7, 8]),
            root_path: None,
        };
        assert_eq!(
            resolve(None, &bare).unwrap().source(),
            b"1.2.3.4:/tftpboot/5.6.7.8"
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
            Err(RootError::BadServer(b"srv"))
        );
        assert_eq!(
            RootError::BadServer(b"srv").parts().concat(),
            b"Root-NFS: can't parse IP address 'srv'"
        );
        assert_eq!(resolve(Some(b"1.1.1.1:x"), &n), Err(RootError::BadPath));
        assert_eq!(resolve(Some(b"1.1.1.1:"), &n), Err(RootError::BadPath));
        assert_eq!(resolve(Some(b"1.1.1.1:%s"), &n), Err(RootError::BadPath));
    }
}
