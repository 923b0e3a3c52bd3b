//! ONC RPC (RFC 5531) messages in XDR (RFC 4506), as far as nfsmount needs
//! them: building CALLs to rpcbind's GETPORT and the MOUNT protocol, and
//! parsing whatever comes back. Replies come from the network, so the
//! parser takes arbitrary bytes and returns errors; it never trusts a
//! length it has not checked against the buffer. Pure code (no I/O): the
//! socket side is [`crate::net::rpc_client`].
//!
//! The program, version and procedure numbers are the RPC protocols' own
//! (RFC 1833, RFC 1813 and RFC 1094), not kernel UAPI items.

use alloc::vec::Vec;

/// rpcbind/portmapper (RFC 1833): program, version 2 (portmap), its port.
pub const PMAP_PROGRAM: u32 = 100_000;
pub const PMAP_VERSION: u32 = 2;
pub const PMAP_PORT: u16 = 111;
pub const PMAPPROC_GETPORT: u32 = 3;
/// The NFS program (RFC 1094, RFC 1813) and its usual port.
pub const NFS_PROGRAM: u32 = 100_003;
pub const NFS_PORT: u16 = 2049;
/// The MOUNT program: version 1 goes with NFSv2, version 3 with NFSv3.
pub const MOUNT_PROGRAM: u32 = 100_005;
pub const MOUNTPROC_MNT: u32 = 1;
pub const MOUNTPROC_UMNT: u32 = 3;
/// klibc's nfsmount uses this MOUNT port when rpcbind does not know one.
pub const MOUNT_PORT: u16 = 627;

/// Message types and reply states (RFC 5531 section 9).
const CALL: u32 = 0;
const REPLY: u32 = 1;
const MSG_ACCEPTED: u32 = 0;
const MSG_DENIED: u32 = 1;
const RPC_VERSION: u32 = 2;
/// Authentication flavors.
const AUTH_NONE: u32 = 0;
const AUTH_SYS: u32 = 1;
/// The longest authentication body (RFC 5531: opaque<400>).
const MAX_AUTH: usize = 400;
/// The longest file handles: NFSv2's fixed 32 bytes, NFSv3's opaque<64>.
pub const FHSIZE2: usize = 32;
pub const FHSIZE3: usize = 64;
/// A TCP record fragment header's last-fragment bit (RFC 5531 section 11).
pub const LAST_FRAGMENT: u32 = 0x8000_0000;

/// Why a reply was not usable: one kind per message (what the reply said
/// is all a caller prints).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The message ends before a field it must have.
    Short,
    /// Not an RPC reply (a CALL or another message type).
    NotReply,
    /// A reply to another call (its xid differs).
    Xid,
    /// MSG_DENIED: RPC version mismatch, or an authentication error.
    RpcMismatch,
    AuthRefused,
    /// MSG_ACCEPTED but not SUCCESS: PROG_UNAVAIL (1), PROG_MISMATCH (2),
    /// PROC_UNAVAIL (3), GARBAGE_ARGS (4), SYSTEM_ERR (5), another status.
    ProgUnavail,
    ProgMismatch,
    ProcUnavail,
    GarbageArgs,
    SystemErr,
    NotAccepted,
    /// A reply state that is neither accepted nor denied.
    BadState,
    /// A length beyond what the field may hold.
    TooLong,
    /// rpcbind answered a port above 65535.
    BadPort,
}

impl Error {
    /// What went wrong, for `<prog>: <what>: <why>` lines.
    pub fn message(self) -> &'static [u8] {
        match self {
            Error::Short => b"reply too short",
            Error::NotReply => b"not an RPC reply",
            Error::Xid => b"wrong xid",
            Error::RpcMismatch => b"RPC version mismatch",
            Error::AuthRefused => b"authentication refused",
            Error::ProgUnavail => b"program unavailable",
            Error::ProgMismatch => b"program version mismatch",
            Error::ProcUnavail => b"procedure unavailable",
            Error::GarbageArgs => b"garbage arguments",
            Error::SystemErr => b"system error",
            Error::NotAccepted => b"call not accepted",
            Error::BadState => b"bad reply state",
            Error::TooLong => b"length out of range",
            Error::BadPort => b"port out of range",
        }
    }

    /// The server's answer to our call (denied, or accepted without
    /// success): it ends the call, unlike a message that is not for it.
    pub fn is_answer(self) -> bool {
        matches!(
            self,
            Error::RpcMismatch
                | Error::AuthRefused
                | Error::ProgUnavail
                | Error::ProgMismatch
                | Error::ProcUnavail
                | Error::GarbageArgs
                | Error::SystemErr
                | Error::NotAccepted
        )
    }
}

/// Builds an XDR message.
#[derive(Default)]
pub struct Encoder {
    pub buf: Vec<u8>,
}

impl Encoder {
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.buf.extend_from_slice(&v.to_be_bytes());
        self
    }

    /// Variable-length opaque data or a string: length, bytes, zero padding.
    pub fn opaque(&mut self, data: &[u8]) -> &mut Self {
        self.u32(data.len() as u32);
        self.buf.extend_from_slice(data);
        let pad = (4 - data.len() % 4) % 4;
        self.buf.extend_from_slice(&[0; 3][..pad]);
        self
    }
}

/// The credential sent with a call.
#[derive(Clone, Copy)]
pub enum Cred<'a> {
    /// AUTH_NONE.
    None,
    /// AUTH_SYS as root (uid 0, gid 0, no groups) from `machine`.
    Root { stamp: u32, machine: &'a [u8] },
}

/// A CALL message with room for its TCP record mark in front (so that
/// either transport sends it without a copy).
pub struct Call {
    buf: Vec<u8>,
    /// Its transaction id, which the reply must carry.
    pub xid: u32,
}

impl Call {
    /// The message alone, as a UDP datagram.
    pub fn message(&self) -> &[u8] {
        self.buf.get(4..).unwrap_or(&[])
    }

    /// The message as one TCP record: record mark, message.
    pub fn record(&mut self) -> &[u8] {
        let len = self.buf.len().saturating_sub(4);
        if let Some(mark) = self.buf.first_chunk_mut() {
            *mark = record_mark(len);
        }
        &self.buf
    }
}

/// A CALL header (xid, program, version, procedure, credential, a null
/// verifier) after four bytes for the record mark; the caller appends the
/// arguments.
pub fn call(xid: u32, prog: u32, vers: u32, proc_: u32, cred: Cred<'_>) -> Encoder {
    let mut e = Encoder {
        buf: Vec::with_capacity(128),
    };
    e.u32(0)
        .u32(xid)
        .u32(CALL)
        .u32(RPC_VERSION)
        .u32(prog)
        .u32(vers)
        .u32(proc_);
    match cred {
        Cred::None => {
            e.u32(AUTH_NONE).u32(0);
        }
        Cred::Root { stamp, machine } => {
            let machine = machine.get(..255).unwrap_or(machine);
            // The body: stamp, machine name (padded), uid, gid, no groups.
            let len = 20 + machine.len().next_multiple_of(4);
            e.u32(AUTH_SYS).u32(len as u32).u32(stamp).opaque(machine);
            e.u32(0).u32(0).u32(0);
        }
    }
    e.u32(AUTH_NONE).u32(0);
    e
}

/// rpcbind GETPORT arguments: program, version, protocol (IPPROTO_*), 0.
pub fn getport_call(xid: u32, prog: u32, vers: u32, proto: u32) -> Call {
    let mut e = call(
        xid,
        PMAP_PROGRAM,
        PMAP_VERSION,
        PMAPPROC_GETPORT,
        Cred::None,
    );
    e.u32(prog).u32(vers).u32(proto).u32(0);
    Call { buf: e.buf, xid }
}

/// A MOUNT call (MNT or UMNT) for `path` with MOUNT version `vers`.
pub fn mount_call(xid: u32, vers: u32, proc_: u32, path: &[u8], cred: Cred<'_>) -> Call {
    let mut e = call(xid, MOUNT_PROGRAM, vers, proc_, cred);
    e.opaque(path);
    Call { buf: e.buf, xid }
}

/// Reads XDR items from a byte slice.
pub struct Decoder<'a> {
    buf: &'a [u8],
}

impl<'a> Decoder<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Decoder { buf }
    }

    /// Whatever has not been read yet.
    pub fn rest(&self) -> &'a [u8] {
        self.buf
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let head = self.buf.get(..n).ok_or(Error::Short)?;
        self.buf = self.buf.get(n..).ok_or(Error::Short)?;
        Ok(head)
    }

    pub fn u32(&mut self) -> Result<u32, Error> {
        let (w, rest) = self.buf.split_first_chunk().ok_or(Error::Short)?;
        self.buf = rest;
        Ok(u32::from_be_bytes(*w))
    }

    /// Fixed-length opaque data of `n` bytes (padded to four).
    pub fn fixed(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let padded = n.checked_add(3).ok_or(Error::TooLong)? & !3;
        let b = self.take(padded)?;
        b.get(..n).ok_or(Error::Short)
    }

    /// Variable-length opaque data of at most `max` bytes.
    pub fn opaque(&mut self, max: usize) -> Result<&'a [u8], Error> {
        let n = self.u32()? as usize;
        if n > max {
            return Err(Error::TooLong);
        }
        self.fixed(n)
    }
}

/// The xid of a message, if it has one.
pub fn xid_of(msg: &[u8]) -> Option<u32> {
    Decoder::new(msg).u32().ok()
}

/// The accept states after SUCCESS (RFC 5531: 1 to 5), in order.
const ACCEPT_ERRORS: [Error; 5] = [
    Error::ProgUnavail,
    Error::ProgMismatch,
    Error::ProcUnavail,
    Error::GarbageArgs,
    Error::SystemErr,
];

/// Checks a reply to the call with `xid` and returns its result body
/// (what follows the accept status SUCCESS).
pub fn parse_reply(msg: &[u8], xid: u32) -> Result<&[u8], Error> {
    let mut d = Decoder::new(msg);
    let got = d.u32()?;
    if d.u32()? != REPLY {
        return Err(Error::NotReply);
    }
    if got != xid {
        return Err(Error::Xid);
    }
    match d.u32()? {
        MSG_ACCEPTED => {
            let _flavor = d.u32()?;
            d.opaque(MAX_AUTH)?;
            match d.u32()? {
                0 => Ok(d.rest()),
                stat => Err(*ACCEPT_ERRORS
                    .get((stat as usize).wrapping_sub(1))
                    .unwrap_or(&Error::NotAccepted)),
            }
        }
        // The reason (RPC_MISMATCH 0, AUTH_ERROR 1) must be there.
        MSG_DENIED => Err(match d.u32()? {
            0 => Error::RpcMismatch,
            _ => Error::AuthRefused,
        }),
        _ => Err(Error::BadState),
    }
}

/// GETPORT's result: the port, 0 when the program is not registered.
pub fn parse_getport(body: &[u8]) -> Result<u16, Error> {
    let port = Decoder::new(body).u32()?;
    u16::try_from(port).map_err(|_| Error::BadPort)
}

/// MNT's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mnt<'a> {
    /// The export's root file handle.
    Handle(&'a [u8]),
    /// The server refused with this status (an errno value, or NFSv3's
    /// 10004 "not supported" / 10006 "server fault").
    Refused(u32),
}

/// Parses MNT's result for MOUNT version `vers` (1: a fixed 32-byte
/// handle; 3: a handle of up to 64 bytes, then the auth flavors, which
/// must be well-formed too).
pub fn parse_mnt(body: &[u8], vers: u32) -> Result<Mnt<'_>, Error> {
    let mut d = Decoder::new(body);
    let status = d.u32()?;
    if status != 0 {
        return Ok(Mnt::Refused(status));
    }
    if vers == 3 {
        let fh = d.opaque(FHSIZE3)?;
        let n = d.u32()? as usize;
        // Each flavor is a word; a count beyond the message is malformed.
        if n > d.rest().len() / 4 {
            return Err(Error::TooLong);
        }
        Ok(Mnt::Handle(fh))
    } else {
        d.fixed(FHSIZE2).map(Mnt::Handle)
    }
}

/// A TCP record-marking header: (last fragment?, fragment length).
pub fn fragment_header(word: [u8; 4]) -> (bool, usize) {
    let w = u32::from_be_bytes(word);
    (w & LAST_FRAGMENT != 0, (w & !LAST_FRAGMENT) as usize)
}

/// The record-marking header for a one-fragment record of `len` bytes.
pub fn record_mark(len: usize) -> [u8; 4] {
    (LAST_FRAGMENT | (len as u32 & !LAST_FRAGMENT)).to_be_bytes()
}

/// Splits a record-marked byte stream into its records (as a TCP reader
/// would), stopping at the first incomplete one. Used on captured TCP
/// streams; at most `max` bytes per record.
pub fn records(stream: &[u8], max: usize) -> Result<Vec<Vec<u8>>, Error> {
    let mut out = Vec::new();
    let mut rec = Vec::new();
    let mut d = Decoder::new(stream);
    while !d.rest().is_empty() {
        let (last, len) = fragment_header(d.u32()?.to_be_bytes());
        if rec.len().saturating_add(len) > max {
            return Err(Error::TooLong);
        }
        rec.extend_from_slice(d.take(len)?);
        if last {
            out.push(core::mem::take(&mut rec));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(xid: u32, body: &[u32]) -> Vec<u8> {
        let mut e = Encoder::default();
        e.u32(xid).u32(REPLY).u32(MSG_ACCEPTED).u32(0).u32(0).u32(0);
        for &w in body {
            e.u32(w);
        }
        e.buf
    }

    #[test]
    fn getport_round_trip() {
        let mut c = getport_call(7, NFS_PROGRAM, 3, 6);
        assert_eq!(c.record()[..4], record_mark(56));
        let c = c.message();
        assert_eq!(c.len(), 56);
        assert_eq!(xid_of(c), Some(7));
        // A call is not a reply.
        assert_eq!(parse_reply(c, 7), Err(Error::NotReply));
        let r = reply(7, &[2049]);
        assert_eq!(parse_reply(&r, 7).and_then(parse_getport), Ok(2049));
        assert_eq!(parse_reply(&r, 8), Err(Error::Xid));
        assert_eq!(parse_getport(&[0, 1, 0, 0]), Err(Error::BadPort));
    }

    #[test]
    fn mnt_v3_and_v1() {
        let r = reply(1, &[0, 8, 0x0102_0304, 0x0506_0708, 1, 1]);
        let body = parse_reply(&r, 1).unwrap();
        assert_eq!(
            parse_mnt(body, 3),
            Ok(Mnt::Handle(&[1, 2, 3, 4, 5, 6, 7, 8][..]))
        );
        let r = reply(1, &[0, 8, 1, 2, 100]);
        let body = parse_reply(&r, 1).unwrap();
        assert_eq!(parse_mnt(body, 3), Err(Error::TooLong));
        let r = reply(1, &[13]);
        assert_eq!(
            parse_mnt(parse_reply(&r, 1).unwrap(), 3),
            Ok(Mnt::Refused(13))
        );
        let mut v1 = vec![0u32];
        v1.extend([0x1111_1111; 8]);
        let r = reply(1, &v1);
        assert_eq!(
            parse_mnt(parse_reply(&r, 1).unwrap(), 1),
            Ok(Mnt::Handle(&[0x11; 32][..]))
        );
        let r = reply(1, &[0, 65, 0]);
        assert_eq!(
            parse_mnt(parse_reply(&r, 1).unwrap(), 3),
            Err(Error::TooLong)
        );
    }

    #[test]
    fn denied_and_short() {
        let mut e = Encoder::default();
        e.u32(5).u32(REPLY).u32(MSG_DENIED).u32(1).u32(2);
        assert_eq!(parse_reply(&e.buf, 5), Err(Error::AuthRefused));
        for n in 0..e.buf.len() {
            assert!(parse_reply(&e.buf[..n], 5).is_err());
        }
        assert_eq!(Decoder::new(&[0, 0, 0, 5, 1]).opaque(10), Err(Error::Short));
        assert_eq!(
            Decoder::new(&[0xff, 0xff, 0xff, 0xff]).opaque(usize::MAX),
            Err(Error::Short)
        );
    }

    #[test]
    fn records_split() {
        let mut s = Vec::new();
        s.extend_from_slice(&2u32.to_be_bytes());
        s.extend_from_slice(b"ab");
        s.extend_from_slice(&record_mark(1));
        s.extend_from_slice(b"c");
        assert_eq!(records(&s, 10), Ok(vec![b"abc".to_vec()]));
        assert_eq!(records(&s, 2), Err(Error::TooLong));
        assert_eq!(records(&s[..5], 10), Err(Error::Short));
    }

    #[test]
    fn auth_sys_cred() {
        let mut c = mount_call(
            9,
            3,
            MOUNTPROC_MNT,
            b"/export",
            Cred::Root {
                stamp: 1,
                machine: b"k",
            },
        );
        // header 24, cred flavor+len 8, body 4+8+12, verifier 8, path 4+8
        let len = 24 + 8 + 24 + 8 + 12;
        assert_eq!(c.record()[..4], record_mark(len));
        let c = c.message();
        assert_eq!(c.len(), len);
        let words: Vec<u32> = c
            .chunks_exact(4)
            .map(|w| u32::from_be_bytes(w.try_into().unwrap()))
            .collect();
        assert_eq!(
            words,
            [
                9,
                CALL,
                RPC_VERSION,
                MOUNT_PROGRAM,
                3,
                MOUNTPROC_MNT,
                AUTH_SYS,
                24,
                1,
                1,
                u32::from_be_bytes(*b"k\0\0\0"),
                0,
                0,
                0,
                AUTH_NONE,
                0,
                7,
                u32::from_be_bytes(*b"/exp"),
                u32::from_be_bytes(*b"ort\0"),
            ]
        );
    }

    /// Each reply state gives its own error, and only the server's answers
    /// end the call.
    #[test]
    fn reply_states() {
        let accepted = |stat: u32| {
            let mut e = Encoder::default();
            e.u32(5)
                .u32(REPLY)
                .u32(MSG_ACCEPTED)
                .u32(0)
                .u32(0)
                .u32(stat);
            parse_reply(&e.buf, 5).map(<[u8]>::len)
        };
        let kinds = [
            Error::ProgUnavail,
            Error::ProgMismatch,
            Error::ProcUnavail,
            Error::GarbageArgs,
            Error::SystemErr,
            Error::NotAccepted,
        ];
        for (stat, kind) in (1..).zip(kinds) {
            assert_eq!(accepted(stat), Err(kind));
            assert!(kind.is_answer());
        }
        assert_eq!(accepted(0), Ok(0));
        let mut e = Encoder::default();
        e.u32(5).u32(REPLY).u32(MSG_DENIED).u32(0).u32(2).u32(3);
        assert_eq!(parse_reply(&e.buf, 5), Err(Error::RpcMismatch));
        let mut e = Encoder::default();
        e.u32(5).u32(REPLY).u32(2);
        assert_eq!(parse_reply(&e.buf, 5), Err(Error::BadState));
        assert_eq!(parse_reply(&e.buf, 6), Err(Error::Xid));
        let mut e = Encoder::default();
        e.u32(5).u32(0).u32(MSG_ACCEPTED);
        assert_eq!(parse_reply(&e.buf, 5), Err(Error::NotReply));
        for e in [
            Error::Short,
            Error::NotReply,
            Error::Xid,
            Error::BadState,
            Error::TooLong,
        ] {
            assert!(!e.is_answer());
        }
    }
}
