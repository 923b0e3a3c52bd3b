//! IPv4 + UDP framing for DHCP/BOOTP over a packet socket, which has to
//! send and receive whole IP datagrams while the interface has no address:
//! headers and checksums built here, and received datagrams checked
//! (version, header length, header checksum, fragments, protocol, ports,
//! lengths)
//! before their payload is looked at.

use super::Ip;
use alloc::vec::Vec;
use klibc::uapi::net::IPPROTO_UDP;

const IP_HLEN: usize = 20;
const UDP_HLEN: usize = 8;

/// Why a received datagram was not for us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    Short,
    NotIpv4,
    Checksum,
    Fragment,
    NotUdp,
    Port,
    Length,
}

impl FrameError {
    pub fn text(self) -> &'static [u8] {
        match self {
            FrameError::Short => b"short packet",
            FrameError::NotIpv4 => b"not IPv4",
            FrameError::Checksum => b"bad checksum",
            FrameError::Fragment => b"fragment",
            FrameError::NotUdp => b"not UDP",
            FrameError::Port => b"other port",
            FrameError::Length => b"bad length",
        }
    }
}

/// The Internet checksum (RFC 1071) of `parts` concatenated, each part of
/// even length except possibly the last.
fn checksum(parts: &[&[u8]]) -> u16 {
    let mut sum: u32 = 0;
    for p in parts {
        let mut chunks = p.chunks_exact(2);
        for c in &mut chunks {
            sum += u16::from_be_bytes([c[0], c[1]]) as u32;
        }
        if let [last] = chunks.remainder() {
            sum += (*last as u32) << 8;
        }
        sum = (sum & 0xffff) + (sum >> 16);
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

fn pseudo_header(src: Ip, dst: Ip, udp_len: u16) -> [u8; 12] {
    let l = udp_len.to_be_bytes();
    [
        src[0],
        src[1],
        src[2],
        src[3],
        dst[0],
        dst[1],
        dst[2],
        dst[3],
        0,
        IPPROTO_UDP as u32 as u8,
        l[0],
        l[1],
    ]
}

/// The IPv4 and UDP headers' length: where the payload starts.
pub const HEADERS: usize = IP_HLEN + UDP_HLEN;

/// An IPv4 datagram carrying `payload` in UDP from `src:sport` to
/// `dst:dport`; None when the payload cannot fit one datagram.
pub fn frame(src: Ip, dst: Ip, sport: u16, dport: u16, payload: &[u8]) -> Option<Vec<u8>> {
    let mut p = alloc::vec![0; HEADERS];
    p.extend_from_slice(payload);
    seal(&mut p, src, dst, sport, dport)?;
    Some(p)
}

/// Fills in the IPv4 and UDP headers (the first [`HEADERS`] bytes of `p`)
/// for the payload after them; None when it cannot fit one datagram.
pub fn seal(p: &mut [u8], src: Ip, dst: Ip, sport: u16, dport: u16) -> Option<()> {
    let (hdr, payload) = p.split_first_chunk_mut::<HEADERS>()?;
    let udp_len = u16::try_from(UDP_HLEN.checked_add(payload.len())?).ok()?;
    let total = u16::try_from(IP_HLEN + udp_len as usize).ok()?;
    let t = total.to_be_bytes();
    let ([s0, s1, s2, s3], [d0, d1, d2, d3]) = (src, dst);
    let mut ip = [
        0x45,
        0,
        t[0],
        t[1],
        0,
        0,
        0,
        0,
        64,
        IPPROTO_UDP as u32 as u8,
        0,
        0,
        s0,
        s1,
        s2,
        s3,
        d0,
        d1,
        d2,
        d3,
    ];
    let c = checksum(&[&ip]).to_be_bytes();
    ip[10] = c[0];
    ip[11] = c[1];
    let (s, d, l) = (
        sport.to_be_bytes(),
        dport.to_be_bytes(),
        udp_len.to_be_bytes(),
    );
    let udp_hdr = [s[0], s[1], d[0], d[1], l[0], l[1], 0, 0];
    let mut uc = checksum(&[&pseudo_header(src, dst, udp_len), &udp_hdr, payload]);
    if uc == 0 {
        uc = 0xffff;
    }
    let u = uc.to_be_bytes();
    hdr[..IP_HLEN].copy_from_slice(&ip);
    hdr[IP_HLEN..].copy_from_slice(&[s[0], s[1], d[0], d[1], l[0], l[1], u[0], u[1]]);
    Some(())
}

/// A received datagram's UDP payload, with the sender's address and port,
/// if it is a whole, intact IPv4/UDP datagram to port `dport`.
pub fn unframe(pkt: &[u8], dport: u16) -> Result<(Ip, u16, &[u8]), FrameError> {
    let b0 = *pkt.first().ok_or(FrameError::Short)?;
    if b0 >> 4 != 4 {
        return Err(FrameError::NotIpv4);
    }
    let ihl = (b0 & 0xf) as usize * 4;
    if ihl < IP_HLEN {
        return Err(FrameError::Length);
    }
    let hdr = pkt.get(..ihl).ok_or(FrameError::Short)?;
    if checksum(&[hdr]) != 0 {
        return Err(FrameError::Checksum);
    }
    let total = u16::from_be_bytes([hdr[2], hdr[3]]) as usize;
    let frag = u16::from_be_bytes([hdr[6], hdr[7]]);
    if frag & 0x3fff != 0 {
        return Err(FrameError::Fragment);
    }
    if hdr[9] as u32 != IPPROTO_UDP as u32 {
        return Err(FrameError::NotUdp);
    }
    let src: Ip = [hdr[12], hdr[13], hdr[14], hdr[15]];
    let dgram = pkt.get(ihl..total).ok_or(FrameError::Length)?;
    let uh = dgram.get(..UDP_HLEN).ok_or(FrameError::Short)?;
    let sport = u16::from_be_bytes([uh[0], uh[1]]);
    if u16::from_be_bytes([uh[2], uh[3]]) != dport {
        return Err(FrameError::Port);
    }
    let ulen = u16::from_be_bytes([uh[4], uh[5]]);
    let udp = dgram.get(..ulen as usize).ok_or(FrameError::Length)?;
    let payload = udp.get(UDP_HLEN..).ok_or(FrameError::Length)?;
    // The UDP checksum is not verified: a sender on the same host (veth,
    // virtio with offload) leaves it unfinished, and a packet socket sees
    // it that way. The IP header checksum is always complete.
    Ok((src, sport, payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let p = frame([0; 4], [255; 4], 68, 67, b"hello, odd").unwrap();
        // UDP checksum of the sent datagram is right
        assert_eq!(
            checksum(&[&pseudo_header([0; 4], [255; 4], 18), &p[20..]]),
            0
        );
        assert_eq!(p.len(), 20 + 8 + 10);
        assert_eq!(unframe(&p, 67), Ok(([0; 4], 68, &b"hello, odd"[..])));
        assert_eq!(unframe(&p, 68), Err(FrameError::Port));
        // every IP header byte, the destination port and the UDP length
        for i in (0..20).chain(22..26) {
            let mut q = p.clone();
            q[i] ^= 0x10;
            assert!(unframe(&q, 67).is_err(), "byte {i}");
        }
        for n in 0..p.len() {
            assert!(unframe(&p[..n], 67).is_err());
        }
        // a known header checksum (RFC 1071 example style)
        assert_eq!(
            checksum(&[&[0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]]),
            !0xddf2
        );
    }
}
