//! DHCP (RFC 2131/2132) and BOOTP (RFC 951) messages: the requests
//! ipconfig sends (DISCOVER, REQUEST, a BOOTP request) and the parser for
//! replies, which takes arbitrary bytes from the network, checks op, xid
//! and chaddr, and returns errors for anything malformed or foreign.
//! Options are read as klibc's ipconfig reads them (same lengths, same
//! truncation), including RFC 3397's compressed domain search list.

use super::conf::Config;
use super::{Ip, NONE};
use alloc::vec::Vec;

/// The fixed BOOTP header before the options.
pub const HDR_LEN: usize = 236;
/// BOOTP's minimum message (header + 64 bytes of vendor area).
pub const MIN_LEN: usize = 300;
const COOKIE: [u8; 4] = [99, 130, 83, 99];
const BOOTREQUEST: u8 = 1;
const BOOTREPLY: u8 = 2;

/// DHCP message types (option 53).
pub const DISCOVER: u8 = 1;
pub const OFFER: u8 = 2;
pub const REQUEST: u8 = 3;
pub const ACK: u8 = 5;
pub const NAK: u8 = 6;

/// Option 55 (its length 10, then the options asked for): subnet, router,
/// DNS, hostname, domain, root path, MTU, broadcast, NIS domain, domain
/// search.
const PARAMS: [u8; 12] = [55, 10, 1, 3, 6, 12, 15, 17, 26, 28, 40, 119];

/// Longest host, domain and NIS names kept (klibc's SYS_NMLN - 1).
const NAME_MAX: usize = 64;
/// Longest root path kept.
const PATH_MAX: usize = 255;

/// The client's side of an exchange.
#[derive(Debug, Clone)]
pub struct Client<'a> {
    pub xid: u32,
    /// ARP hardware type and address (at most 16 bytes are used).
    pub htype: u8,
    pub chaddr: &'a [u8],
    /// Seconds since the client started.
    pub secs: u16,
    /// Option 60; empty for none.
    pub vendor_id: &'a [u8],
    /// Option 12 to ask for; empty for none.
    pub hostname: &'a [u8],
}

/// What to send.
#[derive(Debug, Clone, Copy)]
pub enum Request {
    Discover,
    /// DHCPREQUEST for `addr` offered by `server`.
    Select {
        server: Ip,
        addr: Ip,
    },
    /// A plain BOOTP request (`ciaddr` is a known address or zero).
    Bootp {
        ciaddr: Ip,
    },
}

fn chaddr16(c: &[u8]) -> [u8; 16] {
    let mut a = [0u8; 16];
    for (d, s) in a.iter_mut().zip(c) {
        *d = *s;
    }
    a
}

/// The longest request: the header and cookie, a REQUEST's options,
/// option 55, the vendor class and hostname (255 bytes each) and the end.
pub const MAX_LEN: usize = HDR_LEN + 4 + 15 + PARAMS.len() + 2 * (2 + 255) + 1;

/// Builds a BOOTP/DHCP request message (the UDP payload).
pub fn build(c: &Client, req: Request) -> Vec<u8> {
    let mut m = [0; MAX_LEN];
    let n = write_request(&mut m, c, req);
    m.get(..n).unwrap_or(&[]).to_vec()
}

/// The bytes of a message written in order into a zeroed buffer.
struct Writer<'a> {
    m: &'a mut [u8],
    len: usize,
}

impl Writer<'_> {
    /// Appends `b` (as much as fits: the buffer is sized for the longest
    /// request). Not inlined: one loop for every option.
    #[inline(never)]
    fn put(&mut self, b: &[u8]) {
        for (d, s) in self.m.iter_mut().skip(self.len).zip(b) {
            *d = *s;
            self.len += 1;
        }
    }

    /// Option `code` with (at most 255 bytes of) `v`, unless empty.
    fn text_option(&mut self, code: u8, v: &[u8]) {
        if !v.is_empty() {
            let v = v.get(..255).unwrap_or(v);
            self.put(&[code, v.len() as u8]);
            self.put(v);
        }
    }
}

/// Writes a BOOTP/DHCP request message into `m` (zeroed: the fields it
/// skips stay zero); returns its
/// length (at least BOOTP's minimum).
// not inlined into Dev::send: measured smaller
#[inline(never)]
pub fn write_request(m: &mut [u8; MAX_LEN], c: &Client, req: Request) -> usize {
    let dhcp = !matches!(req, Request::Bootp { .. });
    let ciaddr = match req {
        Request::Bootp { ciaddr } => ciaddr,
        _ => NONE,
    };
    let mut w = Writer { m, len: 0 };
    let ([x0, x1, x2, x3], [s0, s1]) = (c.xid.to_be_bytes(), c.secs.to_be_bytes());
    // DHCP asks for broadcast replies: we cannot receive unicast yet.
    let flags = if dhcp { 0x80 } else { 0 };
    let [a0, a1, a2, a3] = ciaddr;
    let hlen = c.chaddr.len().min(16) as u8;
    w.put(&[
        BOOTREQUEST,
        c.htype,
        hlen,
        0,
        x0,
        x1,
        x2,
        x3,
        s0,
        s1,
        flags,
        0,
    ]);
    w.put(&[a0, a1, a2, a3]);
    // yiaddr, siaddr, giaddr stay zero; chaddr; sname and file stay zero
    w.len = 28;
    w.put(c.chaddr.get(..16).unwrap_or(c.chaddr));
    w.len = HDR_LEN;
    w.put(&COOKIE);
    match req {
        Request::Discover => w.put(&[53, 1, DISCOVER]),
        Request::Select { server, addr } => {
            let ([s0, s1, s2, s3], [a0, a1, a2, a3]) = (server, addr);
            w.put(&[53, 1, REQUEST, 54, 4, s0, s1, s2, s3, 50, 4, a0, a1, a2, a3]);
        }
        Request::Bootp { .. } => {}
    }
    if dhcp {
        w.put(&PARAMS);
        w.text_option(60, c.vendor_id);
        w.text_option(12, c.hostname);
    }
    w.put(&[255]);
    w.len.max(MIN_LEN)
}

/// What a reply carried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lease<'m> {
    /// Option 53; 0 for a BOOTP reply.
    pub msg_type: u8,
    /// The device's configuration as the reply gives it (no name, no
    /// protocol): `server` is siaddr, or the server id (option 54, in
    /// `server_id`) when siaddr is empty; `mtu` is option 26 and
    /// `lease_time` option 51 (0 when absent); `search` is option 119
    /// decoded as klibc writes it ("a.b. c.d."), None when absent or
    /// malformed.
    pub conf: Config<'m>,
}

/// Why a reply was ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyError {
    Short,
    NotReply,
    Xid,
    Chaddr,
}

impl ReplyError {
    pub fn text(self) -> &'static [u8] {
        match self {
            ReplyError::Short => b"short message",
            ReplyError::NotReply => b"not a BOOTP reply",
            ReplyError::Xid => b"wrong xid",
            ReplyError::Chaddr => b"wrong chaddr",
        }
    }
}

fn ip_at(b: &[u8], at: usize) -> Ip {
    let mut ip = NONE;
    if let Some(s) = b.get(at..at + 4) {
        ip.copy_from_slice(s);
    }
    ip
}

/// A C string field: up to the first NUL, at most `max` bytes.
fn cstring(b: &[u8], max: usize) -> &[u8] {
    let b = b.get(..max).unwrap_or(b);
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    b.get(..end).unwrap_or(&[])
}

/// Parses a reply to the client with `xid` and hardware address `chaddr`.
// not inlined into the receive loop: measured smaller (-300 B)
#[inline(never)]
pub fn parse_reply<'m>(m: &'m [u8], xid: u32, chaddr: &[u8]) -> Result<Lease<'m>, ReplyError> {
    let (hdr, opts) = m.split_first_chunk::<HDR_LEN>().ok_or(ReplyError::Short)?;
    if hdr[0] != BOOTREPLY {
        return Err(ReplyError::NotReply);
    }
    if u32::from_be_bytes([hdr[4], hdr[5], hdr[6], hdr[7]]) != xid {
        return Err(ReplyError::Xid);
    }
    if hdr[28..44] != chaddr16(chaddr) {
        return Err(ReplyError::Chaddr);
    }
    let mut msg_type = 0;
    let mut l = Config {
        addr: ip_at(hdr, 16),
        server: ip_at(hdr, 20),
        gateway: ip_at(hdr, 24),
        ..Config::default()
    };
    l.filename = cstring(&hdr[108..236], 128);
    let mut search = Vec::new();
    if let Some(mut rest) = opts.strip_prefix(&COOKIE[..]) {
        while let [code, tail @ ..] = rest {
            rest = tail;
            match code {
                0 => continue,
                255 => break,
                _ => {}
            }
            let Some((v, tail)) = tail
                .split_first()
                .and_then(|(&len, t)| t.split_at_checked(len as usize))
            else {
                break;
            };
            rest = tail;
            // the first four bytes, as most options here are addresses
            let ip = ip_at(v, 0);
            match (code, v.len()) {
                (1, 4) => l.netmask = ip,
                (3, 4..) => l.gateway = ip,
                (6, 4..) => l.dns = [ip, ip_at(v, 4)],
                (12 | 15 | 17 | 40, _) => {
                    let (dst, max) = match code {
                        12 => (&mut l.hostname, NAME_MAX),
                        15 => (&mut l.domain, NAME_MAX),
                        40 => (&mut l.nisdomain, NAME_MAX),
                        _ => (&mut l.rootpath, PATH_MAX),
                    };
                    *dst = cstring(v, max);
                }
                (26, 2) => l.mtu = u16::from_be_bytes([v[0], v[1]]),
                (28, 4) => l.broadcast = ip,
                (51, 4) => l.lease_time = u32::from_be_bytes(ip),
                (53, 1) => msg_type = v[0],
                (54, 4) => l.server_id = ip,
                // RFC 3396: several instances are one concatenated value.
                (119, _) => search.extend_from_slice(v),
                _ => {}
            }
        }
    }
    if l.server == NONE {
        l.server = l.server_id;
    }
    if !search.is_empty() {
        l.search = decode_search(&search);
    }
    Ok(Lease { msg_type, conf: l })
}

/// Decodes an RFC 3397 domain search list (DNS names with compression
/// pointers to earlier names) into space-separated names, each ending in
/// a dot. Labels are letters, digits and `-`; a pointer must lead to the
/// start of a label of an earlier, complete name. None when malformed.
// not inlined: measured smaller
#[inline(never)]
pub fn decode_search(b: &[u8]) -> Option<Vec<u8>> {
    let mut label_start = alloc::vec![false; b.len()];
    let mut out = Vec::with_capacity(b.len() + 8);
    // where the next name starts
    let mut i = 0;
    while i < b.len() {
        // pointers may only reach before this name
        let name_start = i;
        if !out.is_empty() {
            out.push(b' ');
        }
        let at = out.len();
        // the name's labels are read at `j`: its own bytes, then through
        // a pointer those of earlier names (already checked; every
        // further pointer leads strictly backwards, so this ends: the
        // count of bytes read through pointers is a second guard)
        let mut j = i;
        let mut via_pointer = false;
        let mut steps = 0;
        loop {
            let c = *b.get(j)?;
            if via_pointer {
                steps += 1;
                if steps > b.len() + 1 {
                    return None;
                }
            }
            match c {
                0 => {
                    if !via_pointer {
                        i = j + 1;
                    }
                    break;
                }
                1..=0x3f => {
                    let l = b.get(j + 1..j + 1 + c as usize)?;
                    if !l.iter().all(|&x| x == b'-' || x.is_ascii_alphanumeric()) {
                        return None;
                    }
                    if !via_pointer {
                        *label_start.get_mut(j)? = true;
                    }
                    out.extend_from_slice(l);
                    out.push(b'.');
                    j += 1 + c as usize;
                }
                0xc0..=0xff => {
                    let p = ((c as usize & 0x3f) << 8) | *b.get(j + 1)? as usize;
                    let ok = if via_pointer {
                        p < j
                    } else {
                        // the name ends after its pointer
                        i = j + 2;
                        via_pointer = true;
                        p < name_start && label_start.get(p).copied().unwrap_or(false)
                    };
                    if !ok {
                        return None;
                    }
                    j = p;
                }
                _ => return None,
            }
        }
        // (the root name is ".")
        if out.len() == at {
            out.push(b'.');
        }
    }
    Some(out)
}

/// The `dhcp` fuzz target's entry (also replayed over its seed corpus by
/// an ordinary test): `data` as a reply to the client it names itself
/// (its own xid and chaddr, so seeds reach the option parser), as an
/// IPv4/UDP frame, as a search list, and as an `ip=` value. Returns 0 for
/// an ignored reply, else 1 + the decoded search list's length.
pub fn fuzz(data: &[u8]) -> usize {
    let mut r = fuzz_reply(data);
    if let Ok((_, _, payload)) = super::udp::unframe(data, 68) {
        r = r.max(fuzz_reply(payload));
    }
    let _ = decode_search(data);
    let _ = super::ipspec::parse_device(data, super::ipspec::CAP_ALL);
    r
}

fn fuzz_reply(data: &[u8]) -> usize {
    let xid = data
        .get(4..8)
        .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let chaddr = data.get(28..44).unwrap_or(&[]);
    match parse_reply(data, xid, chaddr) {
        Ok(Lease { conf: mut c, .. }) => {
            c.name = b"eth0";
            let _ = super::conf::conf_text(&c);
            let _ = super::conf::summary_text(&c);
            1 + c.search.map_or(0, |s| s.len())
        }
        Err(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAC: [u8; 6] = [0x52, 0x54, 0, 1, 2, 3];

    fn reply(xid: u32, opts: &[u8]) -> Vec<u8> {
        let c = Client {
            xid,
            htype: 1,
            chaddr: &MAC,
            secs: 0,
            vendor_id: b"",
            hostname: b"",
        };
        let mut m = build(&c, Request::Bootp { ciaddr: NONE });
        m[0] = BOOTREPLY;
        m[16..20].copy_from_slice(&[10, 0, 0, 5]);
        m.truncate(HDR_LEN + 4);
        m.extend_from_slice(opts);
        m
    }

    #[test]
    fn requests() {
        let c = Client {
            xid: 0x01020304,
            htype: 1,
            chaddr: &MAC,
            secs: 3,
            vendor_id: b"Linux ipconfig",
            hostname: b"box",
        };
        let d = build(&c, Request::Discover);
        assert_eq!(d.len(), MIN_LEN);
        assert_eq!(&d[..12], &[1, 1, 6, 0, 1, 2, 3, 4, 0, 3, 0x80, 0]);
        assert_eq!(&d[28..34], &MAC);
        assert_eq!(&d[236..243], &[99, 130, 83, 99, 53, 1, 1]);
        let r = build(
            &c,
            Request::Select {
                server: [10, 0, 0, 1],
                addr: [10, 0, 0, 5],
            },
        );
        assert_eq!(&r[240..252], &[53, 1, 3, 54, 4, 10, 0, 0, 1, 50, 4, 10][..]);
        assert!(r.windows(16).any(|w| w == b"\x3c\x0eLinux ipconfig"));
        assert!(r.windows(5).any(|w| w == b"\x0c\x03box"));
        // written after room for the headers, as ipconfig sends it
        let b = build(&c, Request::Bootp { ciaddr: NONE });
        let mut p = alloc::vec![0; super::super::udp::HEADERS];
        p.extend_from_slice(&b);
        super::super::udp::seal(&mut p, NONE, [255; 4], 68, 67).unwrap();
        assert_eq!(b.len(), MIN_LEN);
        assert_eq!(
            Some(p),
            super::super::udp::frame(NONE, [255; 4], 68, 67, &b)
        );
    }

    #[test]
    fn options() {
        let m = reply(
            7,
            &[
                53, 1, 5, 1, 4, 255, 255, 255, 0, 3, 8, 10, 0, 0, 1, 10, 0, 0, 2, 6, 4, 10, 0, 0,
                53, 0, 12, 3, b'b', b'o', b'x', 17, 4, b'/', b'n', 0, b'x', 26, 2, 5, 220, 51, 4,
                0, 0, 14, 16, 54, 4, 10, 0, 0, 9, 119, 5, 3, b'f', b'o', b'o', 0, 119, 2, 0xc0, 0,
                255, 1, 1,
            ],
        );
        let r = parse_reply(&m, 7, &MAC).unwrap();
        assert_eq!(r.msg_type, ACK);
        let l = r.conf;
        assert_eq!(l.addr, [10, 0, 0, 5]);
        assert_eq!(l.netmask, [255, 255, 255, 0]);
        assert_eq!(l.gateway, [10, 0, 0, 1]);
        assert_eq!(l.dns, [[10, 0, 0, 53], NONE]);
        assert_eq!(l.hostname, b"box");
        assert_eq!(l.rootpath, b"/n");
        assert_eq!(l.mtu, 1500);
        assert_eq!(l.lease_time, 3600);
        assert_eq!((l.server_id, l.server), ([10, 0, 0, 9], [10, 0, 0, 9]));
        assert_eq!(l.search.as_deref(), Some(&b"foo. foo."[..]));
        assert_eq!(parse_reply(&m, 8, &MAC), Err(ReplyError::Xid));
        assert_eq!(parse_reply(&m, 7, &[1; 6]), Err(ReplyError::Chaddr));
        for n in 0..m.len() {
            let _ = parse_reply(&m[..n], 7, &MAC);
        }
    }

    #[test]
    fn search_lists() {
        let ok = |b: &[u8]| decode_search(b).map(|v| String::from_utf8(v).unwrap());
        assert_eq!(ok(&[3, b'a', b'b', b'c', 0]).as_deref(), Some("abc."));
        assert_eq!(ok(&[0]).as_deref(), Some("."));
        // RFC 3397's example: eng.apple.com. apple.com.
        let ex = [
            3, b'e', b'n', b'g', 5, b'a', b'p', b'p', b'l', b'e', 3, b'c', b'o', b'm', 0, 0xc0, 4,
            3, b'x', b'y', b'z', 0xc0, 4,
        ];
        assert_eq!(
            ok(&ex).as_deref(),
            Some("eng.apple.com. apple.com. xyz.apple.com.")
        );
        assert_eq!(ok(&[3, b'a', b'b']), None);
        assert_eq!(ok(&[0xc0, 0]), None); // pointer to itself
        assert_eq!(ok(&[1, b'a', 0xc0, 0]), None); // pointer into its own name
        assert_eq!(ok(&[1, b'_', 0]), None);
        assert_eq!(ok(&[0x40, 0]), None);
    }
}
