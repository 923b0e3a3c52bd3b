//! A DHCP server that answers with garbage and then with nothing: the far
//! end of a QEMU `-netdev socket,udp=...` link (each UDP datagram is one
//! Ethernet frame). To each of the guest's first [`ROUNDS`] DHCP requests it
//! sends one broken reply of every kind in [`KINDS`] (each wrong in one way
//! that kinit's ipconfig must notice and ignore without falling over); later
//! requests get no answer, so ipconfig must time out on its own.

use std::net::UdpSocket;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How many requests are answered with garbage.
pub const ROUNDS: usize = 2;

/// The broken replies, in the order they are sent.
pub const KINDS: &[&str] = &[
    "IP header checksum wrong",
    "IP total length beyond the frame",
    "BOOTP message cut short",
    "another transaction id",
    "another client hardware address",
    "no DHCP magic cookie",
    "an option running past the end",
    "an offer without an address",
    "a BOOTREQUEST, not a reply",
    "random bytes",
];

/// What the responder saw and did.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub requests: usize,
    pub garbage_sent: usize,
}

pub struct GarbageDhcp {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<Stats>>,
}

/// The server's made-up addresses: QEMU's usual host address and a MAC
/// beside the guest's.
const SERVER_IP: [u8; 4] = [10, 0, 2, 2];
const SERVER_MAC: [u8; 6] = [0x52, 0x54, 0x00, 0x12, 0x34, 0x02];
const OFFERED: [u8; 4] = [10, 0, 2, 15];

impl GarbageDhcp {
    /// Binds a UDP port on the loopback and answers from a thread until
    /// [`GarbageDhcp::finish`].
    pub fn start() -> Result<GarbageDhcp, String> {
        let sock = UdpSocket::bind("127.0.0.1:0").map_err(|e| format!("UDP bind: {e}"))?;
        let port = sock.local_addr().map_err(|e| e.to_string())?.port();
        sock.set_read_timeout(Some(Duration::from_millis(200)))
            .map_err(|e| e.to_string())?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || serve(&sock, &flag));
        Ok(GarbageDhcp {
            port,
            stop,
            thread: Some(thread),
        })
    }

    /// The `-netdev` for QEMU (id `net0`): frames to and from this port.
    pub fn netdev(&self) -> String {
        format!(
            "socket,id=net0,udp=127.0.0.1:{},localaddr=127.0.0.1:0",
            self.port
        )
    }

    /// Stops the responder; what it saw.
    pub fn finish(mut self) -> Stats {
        self.stop.store(true, Ordering::Relaxed);
        self.thread
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for GarbageDhcp {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(sock: &UdpSocket, stop: &AtomicBool) -> Stats {
    let mut stats = Stats::default();
    let mut buf = [0u8; 2048];
    while !stop.load(Ordering::Relaxed) {
        let Ok((n, qemu)) = sock.recv_from(&mut buf) else {
            continue;
        };
        let Some(req) = dhcp_request(&buf[..n]) else {
            continue;
        };
        stats.requests += 1;
        if stats.requests > ROUNDS {
            continue;
        }
        for kind in 0..KINDS.len() {
            let frame = garbage(kind, &req, stats.requests as u64);
            if sock.send_to(&frame, qemu).is_ok() {
                stats.garbage_sent += 1;
            }
        }
    }
    stats
}

/// What a client's request says about it.
struct Request {
    mac: [u8; 6],
    xid: [u8; 4],
}

/// A DHCP/BOOTP request in an Ethernet frame (IPv4, UDP to port 67, op 1).
fn dhcp_request(frame: &[u8]) -> Option<Request> {
    if frame.get(12..14)? != [0x08, 0x00] {
        return None;
    }
    let ip = frame.get(14..)?;
    let ihl = usize::from(ip.first()? & 0xf) * 4;
    if ip.first()? >> 4 != 4 || ip.get(9)? != &17 {
        return None;
    }
    let udp = ip.get(ihl..)?;
    if udp.get(2..4)? != [0, 67] {
        return None;
    }
    let bootp = udp.get(8..)?;
    if bootp.first()? != &1 {
        return None;
    }
    Some(Request {
        mac: frame.get(6..12)?.try_into().ok()?,
        xid: bootp.get(4..8)?.try_into().ok()?,
    })
}

/// A DHCPOFFER that would be acceptable, before it is spoiled.
fn offer(req: &Request) -> Vec<u8> {
    let mut m = vec![0u8; 236];
    m[0] = 2; // BOOTREPLY
    m[1] = 1;
    m[2] = 6;
    m[4..8].copy_from_slice(&req.xid);
    m[16..20].copy_from_slice(&OFFERED);
    m[20..24].copy_from_slice(&SERVER_IP);
    m[28..34].copy_from_slice(&req.mac);
    m.extend_from_slice(&[99, 130, 83, 99]);
    m.extend_from_slice(&[53, 1, 2]); // DHCPOFFER
    m.extend_from_slice(&[54, 4]);
    m.extend_from_slice(&SERVER_IP);
    m.extend_from_slice(&[1, 4, 255, 255, 255, 0, 51, 4, 0, 0, 14, 16, 255]);
    m
}

fn checksum(data: &[u8]) -> u16 {
    let mut sum = 0u32;
    for c in data.chunks(2) {
        sum += u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]));
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// Ethernet + IPv4 + UDP (67 -> 68, checksum 0: not checked) around `payload`.
fn frame(req: &Request, payload: &[u8]) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&req.mac);
    f.extend_from_slice(&SERVER_MAC);
    f.extend_from_slice(&[0x08, 0x00]);
    let total = (20 + 8 + payload.len()) as u16;
    let mut ip = vec![0x45, 0, 0, 0, 0, 1, 0, 0, 64, 17, 0, 0];
    ip[2..4].copy_from_slice(&total.to_be_bytes());
    ip.extend_from_slice(&SERVER_IP);
    ip.extend_from_slice(&[255, 255, 255, 255]);
    let sum = checksum(&ip);
    ip[10..12].copy_from_slice(&sum.to_be_bytes());
    f.extend_from_slice(&ip);
    f.extend_from_slice(&[0, 67, 0, 68]);
    f.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    f.extend_from_slice(&[0, 0]);
    f.extend_from_slice(payload);
    f
}

/// Broken reply number `kind` (see [`KINDS`]) to `req`.
fn garbage(kind: usize, req: &Request, round: u64) -> Vec<u8> {
    let good = offer(req);
    let mut m = good.clone();
    match kind {
        0 => {
            let mut f = frame(req, &m);
            f[14 + 10] ^= 0x55;
            return f;
        }
        1 => {
            let mut f = frame(req, &m);
            f[14 + 2..14 + 4].copy_from_slice(&4000u16.to_be_bytes());
            let sum = checksum(&{
                let mut h = f[14..34].to_vec();
                h[10] = 0;
                h[11] = 0;
                h
            });
            f[14 + 10..14 + 12].copy_from_slice(&sum.to_be_bytes());
            return f;
        }
        2 => m.truncate(60),
        3 => m[7] ^= 0xff,
        4 => m[33] ^= 0xff,
        5 => m[236..240].copy_from_slice(&[0; 4]),
        6 => {
            m.truncate(240);
            m.extend_from_slice(&[53, 1, 2, 54, 4, 10, 0, 2, 2, 12, 200, b'x']);
        }
        7 => m[16..20].copy_from_slice(&[0; 4]),
        8 => m[0] = 1,
        _ => {
            // xorshift from a fixed seed per round: the same bytes every run
            let mut s = 0x2545_f491_4f6c_dd1d ^ round;
            for b in m.iter_mut() {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                *b = s as u8;
            }
        }
    }
    frame(req, &m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_broken_one_way_each() {
        let mut discover = vec![0u8; 14];
        discover[6..12].copy_from_slice(&[0x52, 0x54, 0, 0x12, 0x34, 0x56]);
        discover[12..14].copy_from_slice(&[8, 0]);
        let mut bootp = vec![0u8; 240];
        bootp[0] = 1;
        bootp[4..8].copy_from_slice(&[1, 2, 3, 4]);
        let mut req_frame = frame(
            &Request {
                mac: [0; 6],
                xid: [0; 4],
            },
            &bootp,
        );
        // as sent by the client: to port 67
        req_frame[34..38].copy_from_slice(&[0, 68, 0, 67]);
        req_frame[..14].copy_from_slice(&discover);
        let req = dhcp_request(&req_frame).expect("a request");
        assert_eq!(req.xid, [1, 2, 3, 4]);
        assert_eq!(req.mac, [0x52, 0x54, 0, 0x12, 0x34, 0x56]);
        // the unspoiled offer has a valid IP header
        let ok = frame(&req, &offer(&req));
        assert_eq!(checksum(&ok[14..34]), 0);
        let all: Vec<Vec<u8>> = (0..KINDS.len()).map(|k| garbage(k, &req, 1)).collect();
        assert_ne!(checksum(&all[0][14..34]), 0);
        assert_eq!(checksum(&all[1][14..34]), 0);
        for (k, f) in all.iter().enumerate() {
            assert_ne!(f, &ok, "{}", KINDS[k]);
        }
    }
}
