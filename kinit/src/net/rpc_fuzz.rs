//! The `rpc` fuzz target's entry point (kinit/fuzz), also called by the
//! test that replays its seed corpus: arbitrary bytes as an RPC reply (or
//! a TCP stream of record-marked replies) through every parser nfsmount
//! applies to network input, and as the text inputs of NFS mounting
//! (`-o` options, `nfsroot=`, a `/run/net-*.conf`). Must never panic.

use super::nfs_opts::{parse_ipv4, Options};
use super::nfsroot::{resolve, NetInfo};
use super::rpc::{self, Mnt};

/// What the input parsed as, for the replay test's checks.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// Replies accepted with SUCCESS.
    pub replies: usize,
    /// Ports read from GETPORT-shaped results.
    pub ports: usize,
    /// MNT v3 file handles, and MNT refusals.
    pub handles: usize,
    pub refused: usize,
}

fn one(msg: &[u8], seen: &mut Seen) {
    let xid = rpc::xid_of(msg).unwrap_or(0);
    let _ = rpc::parse_reply(msg, xid.wrapping_add(1));
    let Ok(body) = rpc::parse_reply(msg, xid) else {
        return;
    };
    seen.replies += 1;
    if body.len() == 4 && rpc::parse_getport(body).is_ok() {
        seen.ports += 1;
    }
    let _ = rpc::parse_mnt(body, 1);
    match rpc::parse_mnt(body, 3) {
        Ok(Mnt::Handle(_)) => seen.handles += 1,
        Ok(Mnt::Refused(_)) => seen.refused += 1,
        Err(_) => {}
    }
}

/// The fuzz entry.
pub fn rpc(data: &[u8]) -> Seen {
    let mut seen = Seen::default();
    match rpc::records(data, 65536) {
        Ok(records) if !records.is_empty() => records.iter().for_each(|r| one(r, &mut seen)),
        _ => one(data, &mut seen),
    }
    let _ = Options::default().parse(data);
    let _ = parse_ipv4(data);
    let texts = [data];
    let net = NetInfo::from_confs(&texts);
    let _ = resolve(Some(data), &net);
    let _ = resolve(None, &net);
    seen
}
