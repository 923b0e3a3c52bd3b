//! Mounting an NFS export as klibc's nfsmount does: the NFS and MOUNT
//! ports from rpcbind (GETPORT), the export's root file handle from the
//! MOUNT protocol (v1 for NFSv2, v3 for NFSv3) so that a missing or
//! refused export fails here with the server's reason, then mount(2).
//!
//! The mount uses the kernel's text options (`addr=`, `vers=`, `proto=`,
//! `port=`, `mountport=`, ...), not klibc's binary `struct nfs_mount_data`:
//! linux-raw-sys has no `linux/nfs_mount.h`, so the binary form could not
//! come from both of klibc's binding sources, and 6.1 and 6.12 parse the
//! text form alike. Given the ports we found, the kernel asks rpcbind
//! nothing and repeats only the MOUNT call.

use super::ipspec::IpText;
use super::nfs_opts::{Options, MOUNTPORT, PORT, RO};
use super::rpc::{self, Mnt};
use super::rpc_client::{call, ip_proto, Fail, Peer, MAX_RECORD};
use super::xid::new_xid;
use crate::say::{self, Num};
use core::ffi::CStr;
use klibc::uapi::general as g;
use klibc::Errno;

/// A failure whose line has been printed.
#[derive(Debug)]
pub struct Failed;

/// One NFS mount to make.
pub struct Request<'a> {
    /// The mount source as given (`server:/path`).
    pub source: &'a CStr,
    pub server: [u8; 4],
    pub path: &'a [u8],
    pub target: &'a CStr,
    pub opts: &'a Options,
    /// Message prefix (`nfsmount`, `kinit`).
    pub prog: &'static [u8],
}

/// Where the NFS service is, as found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    pub nfs: u16,
    pub mount: u16,
}

/// The port of `prog` (version `vers`) on the request's server: `given`
/// when it is a port, else rpcbind's answer (UDP, port 111); 0 when
/// rpcbind does not know it or does not answer (after saying why).
fn port_of(req: &Request<'_>, given: u32, prog: u32, vers: u32, buf: &mut [u8]) -> u16 {
    if let Ok(port @ 1..) = u16::try_from(given) {
        return port;
    }
    let peer = Peer {
        ip: req.server,
        port: rpc::PMAP_PORT,
        tcp: false,
        reserved: false,
        budget_ms: 15_000,
        prog: req.prog,
    };
    let mut msg = rpc::getport_call(new_xid(&[]), prog, vers, ip_proto(req.opts.tcp()));
    let found =
        call(&peer, &mut msg, buf).and_then(|body| rpc::parse_getport(body).map_err(Fail::Rpc));
    found.unwrap_or_else(|f| {
        f.print(req.prog, b"rpcbind on ", req.server);
        0
    })
}

/// The ports to use: the options' or rpcbind's (klibc's fallbacks: NFS
/// over UDP on 2049, MOUNT on 627; NFS over TCP must be registered).
pub fn find_ports(req: &Request<'_>, buf: &mut [u8]) -> Result<Ports, Failed> {
    let o = req.opts;
    let nfs = match port_of(req, o.ints[PORT], rpc::NFS_PROGRAM, o.vers(), buf) {
        0 if o.tcp() => {
            say::msg(
                b"{}: NFS over TCP not available from {}",
                &[req.prog, IpText::new(req.server).as_bytes()],
            );
            return Err(Failed);
        }
        0 => rpc::NFS_PORT,
        port => port,
    };
    let mount = match port_of(
        req,
        o.ints[MOUNTPORT],
        rpc::MOUNT_PROGRAM,
        o.mount_version(),
        buf,
    ) {
        0 => rpc::MOUNT_PORT,
        port => port,
    };
    Ok(Ports { nfs, mount })
}

/// A MOUNT-protocol call (MNT or UMNT) for the request's path, as root
/// from a reserved port; the result body, in `buf`.
fn mount_rpc<'b>(
    req: &Request<'_>,
    port: u16,
    proc_: u32,
    buf: &'b mut [u8],
) -> Result<&'b [u8], Fail> {
    let peer = Peer {
        ip: req.server,
        port,
        tcp: req.opts.tcp(),
        reserved: true,
        budget_ms: 60_000,
        prog: req.prog,
    };
    let host = klibc::process::uname();
    let name = klibc::ffi::field_bytes(&host.nodename);
    let stamp = klibc::time::monotonic_ms() as u32;
    let cred = rpc::Cred::Root {
        stamp,
        machine: name,
    };
    let vers = req.opts.mount_version();
    let mut msg = rpc::mount_call(new_xid(&[]), vers, proc_, req.path, cred);
    call(&peer, &mut msg, buf)
}

/// The text of a MOUNT status: the errno it names, or NFSv3's own codes
/// (else `status <n>`: the prefix and the number).
fn mnt_status_text(status: u32, n: &mut Num) -> [&[u8]; 2] {
    match status {
        10004 => [b"", b"Operation not supported"],
        10006 => [b"", b"Server fault"],
        s => match i32::try_from(s).ok().and_then(Errno::from_raw) {
            Some(e) => [b"", say::errno_text(e, n)],
            None => [b"status ", n.dec(s.into())],
        },
    }
}

/// Asks the server's MOUNT service for the export's root file handle, so
/// that a missing or refused export fails here with the server's reason.
pub fn mount_handle(req: &Request<'_>, port: u16, buf: &mut [u8]) -> Result<(), Failed> {
    let vers = req.opts.mount_version();
    let mnt = mount_rpc(req, port, rpc::MOUNTPROC_MNT, buf)
        .and_then(|body| rpc::parse_mnt(body, vers).map_err(Fail::Rpc));
    match mnt {
        Ok(Mnt::Handle(_)) => Ok(()),
        Ok(Mnt::Refused(status)) => {
            let mut n = Num::new();
            let [prefix, text] = mnt_status_text(status, &mut n);
            say::msg(
                b"{}: mount call failed - server replied: {}{}.",
                &[req.prog, prefix, text],
            );
            Err(Failed)
        }
        Err(f) => {
            f.print(req.prog, b"MOUNT call to ", req.server);
            Err(Failed)
        }
    }
}

/// The whole mount: ports, MOUNT, mount(2); on a failed mount(2) the
/// export is unmounted again (UMNT). Every failure has printed its line.
pub fn mount(req: &Request<'_>) -> Result<(), Failed> {
    // One buffer for every reply.
    let mut buf = [0u8; MAX_RECORD];
    let ports = find_ports(req, &mut buf)?;
    mount_handle(req, ports.mount, &mut buf)?;
    crate::faults::before_mount(req.source.to_bytes());
    // The text has no NUL of its own (names, numbers, an address).
    let data = req.opts.kernel_data(req.server, ports.nfs, ports.mount);
    let data = CStr::from_bytes_with_nul(data.as_bytes()).map_err(|_| Failed)?;
    let flags = if req.opts.has(RO) {
        g::MS_RDONLY as u64
    } else {
        0
    };
    match klibc::mount::mount(
        Some(req.source),
        req.target,
        Some(c"nfs"),
        flags,
        Some(data),
    ) {
        Ok(()) => Ok(()),
        Err(e) => {
            if e == Errno::NODEV {
                let mut n = Num::new();
                say::msg(
                    b"{}: mount: the kernel lacks NFS v{} support",
                    &[req.prog, n.dec(req.opts.vers().into())],
                );
            } else {
                say::msg_fail(
                    b"{}: mount {} on {}",
                    &[req.prog, req.source.to_bytes(), req.target.to_bytes()],
                    e,
                );
            }
            let _ = mount_rpc(req, ports.mount, rpc::MOUNTPROC_UMNT, &mut buf);
            Err(Failed)
        }
    }
}
