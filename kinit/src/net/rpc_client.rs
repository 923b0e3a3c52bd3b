//! The socket side of nfsmount's RPC: one call at a time to one server
//! over UDP (retransmitted with a growing timeout) or TCP (record marking),
//! from a reserved port as the kernel's and klibc's clients do. Replies
//! that are not for the call (another xid, not a reply, malformed) are
//! ignored with a debug line and the wait goes on; only a well-formed
//! reply to our xid is returned.

use super::ipspec::IpText;
use super::rpc;
use crate::say::{self, Num};
use alloc::vec::Vec;
use klibc::uapi::{general as g, net};
use klibc::{AsFd, Errno, OwnedFd};

/// Why a call failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fail {
    /// A syscall failed: which, and why.
    Sys(&'static str, Errno),
    /// A reply for our call that says no, or cannot be read.
    Rpc(rpc::Error),
    /// No usable reply in time.
    Timeout,
    /// The server closed the TCP connection.
    Closed,
}

impl Fail {
    /// Prints `<prog>: <what><server>: <why>`.
    pub fn print(self, prog: &[u8], what: &[u8], server: [u8; 4]) {
        let ip = IpText::new(server);
        let ip = ip.as_bytes();
        let why: &[u8] = match self {
            Fail::Sys(call, e) => {
                return say::fail(prog, &[what, ip, b" (", call.as_bytes(), b")"], e)
            }
            Fail::Rpc(e) => e.message().as_bytes(),
            Fail::Timeout => b"no reply from the server (timed out)",
            Fail::Closed => b"the server closed the connection",
        };
        say::line(&[prog, b": ", what, ip, b": ", why]);
    }
}

/// An IPv4 socket address in the kernel's layout.
pub fn sockaddr(ip: [u8; 4], port: u16) -> net::sockaddr_in {
    net::sockaddr_in {
        sin_family: net::AF_INET as _,
        sin_port: port.to_be(),
        sin_addr: net::in_addr {
            s_addr: u32::from_ne_bytes(ip),
        },
        __pad: [0; 8],
    }
}

/// The largest reply read (a UDP datagram; a TCP record).
const MAX_RECORD: usize = 65536;

/// The IP protocol number of TCP or UDP.
pub fn ip_proto(tcp: bool) -> u32 {
    if tcp {
        net::IPPROTO_TCP as u32
    } else {
        net::IPPROTO_UDP as u32
    }
}

/// A connected RPC client.
pub struct Client {
    fd: OwnedFd,
    tcp: bool,
    /// The whole budget of a call (and of connecting), in ms.
    budget_ms: u64,
    /// Prefix of debug lines (`nfsmount`, `kinit`).
    prog: &'static [u8],
}

/// The first UDP retransmit timeout, in ms (doubled up to 8 s).
const FIRST_TIMEOUT_MS: u64 = 1000;

/// Binds `fd` to a free port below 1024 (servers may insist on one). When
/// that is not allowed (not root) the kernel picks a port as usual.
fn bind_reserved(fd: &OwnedFd) -> Result<(), Fail> {
    let mut port = 1023u16;
    while port >= 512 {
        match klibc::net::bind(fd, &sockaddr([0; 4], port)) {
            Ok(()) => return Ok(()),
            Err(Errno::ADDRINUSE) => port -= 1,
            Err(Errno::ACCES) | Err(Errno::PERM) => return Ok(()),
            Err(e) => return Err(Fail::Sys("bind", e)),
        }
    }
    Ok(())
}

/// The poll events of `fd` within `ms` (0 on timeout).
fn wait(fd: &OwnedFd, events: u32, ms: u64) -> Result<u32, Fail> {
    let mut fds = [klibc::io::pollfd(fd.as_fd(), events)];
    let ms = ms.min(i32::MAX as u64) as i32;
    match klibc::io::poll(&mut fds, ms) {
        Ok(0) | Err(Errno::INTR) => Ok(0),
        Ok(_) => Ok(fds[0].revents as u16 as u32),
        Err(e) => Err(Fail::Sys("poll", e)),
    }
}

impl Client {
    /// Opens a socket to `ip:port` (TCP or UDP), from a reserved port
    /// when `reserved`; calls and connecting get `budget_ms`, debug lines
    /// start with `prog`.
    pub fn connect(
        ip: [u8; 4],
        port: u16,
        tcp: bool,
        reserved: bool,
        prog: &'static [u8],
        budget_ms: u64,
    ) -> Result<Client, Fail> {
        let ty = if tcp {
            net::SOCK_STREAM
        } else {
            net::SOCK_DGRAM
        };
        let fd = klibc::net::socket(net::AF_INET, ty, ip_proto(tcp))
            .map_err(|e| Fail::Sys("socket", e))?;
        // Non-blocking (the waits are polls with deadlines); close on exec.
        let flags = klibc::io::get_status_flags(&fd).map_err(|e| Fail::Sys("fcntl", e))?;
        klibc::io::set_status_flags(&fd, flags | g::O_NONBLOCK)
            .and_then(|()| klibc::io::set_cloexec(&fd, true))
            .map_err(|e| Fail::Sys("fcntl", e))?;
        if reserved {
            bind_reserved(&fd)?;
        }
        let client = Client {
            fd,
            tcp,
            budget_ms,
            prog,
        };
        let addr = sockaddr(ip, port);
        match klibc::net::connect(&client.fd, &addr) {
            Ok(()) => {}
            Err(Errno::INPROGRESS) => {
                if wait(&client.fd, g::POLLOUT, client.budget_ms)? == 0 {
                    return Err(Fail::Timeout);
                }
                // A second connect reports how the first one ended.
                match klibc::net::connect(&client.fd, &addr) {
                    Ok(()) | Err(Errno::ISCONN) => {}
                    Err(e) => return Err(Fail::Sys("connect", e)),
                }
            }
            Err(e) => return Err(Fail::Sys("connect", e)),
        }
        Ok(client)
    }

    fn debug(&self, what: &[u8], xid: u32) {
        let mut n = Num::new();
        say::line(&[
            self.prog,
            b": debug: ignored a reply: ",
            what,
            b" (xid ",
            n.dec(xid.into()),
            b")",
        ]);
    }

    /// Sends the call `msg` and returns the reply's result body.
    pub fn call(&mut self, msg: &mut rpc::Call) -> Result<Vec<u8>, Fail> {
        let xid = rpc::xid_of(msg.message()).ok_or(Fail::Rpc(rpc::Error::Short))?;
        let mut buf = alloc::vec![0u8; MAX_RECORD];
        if self.tcp {
            self.call_tcp(msg.record(), xid, &mut buf)
        } else {
            self.call_udp(msg.message(), xid, &mut buf)
        }
    }

    /// Checks one received message: `Some` ends the call, `None` goes on.
    fn take(&self, reply: &[u8], xid: u32) -> Option<Result<Vec<u8>, Fail>> {
        match rpc::parse_reply(reply, xid) {
            Ok(body) => Some(Ok(body.to_vec())),
            Err(rpc::Error::Xid(other)) => {
                self.debug(b"wrong xid", other);
                None
            }
            Err(e @ (rpc::Error::Accept(_) | rpc::Error::Denied(..))) => Some(Err(Fail::Rpc(e))),
            Err(e) => {
                self.debug(e.message().as_bytes(), rpc::xid_of(reply).unwrap_or(0));
                None
            }
        }
    }

    fn call_udp(&mut self, msg: &[u8], xid: u32, buf: &mut [u8]) -> Result<Vec<u8>, Fail> {
        let start = klibc::time::monotonic_ms();
        let mut timeout = FIRST_TIMEOUT_MS;
        loop {
            let elapsed = klibc::time::monotonic_ms().saturating_sub(start);
            if elapsed >= self.budget_ms {
                return Err(Fail::Timeout);
            }
            match klibc::io::write(&self.fd, msg) {
                Ok(_) => {}
                Err(e) => return Err(Fail::Sys("send", e)),
            }
            let deadline = klibc::time::monotonic_ms() + timeout.min(self.budget_ms - elapsed);
            loop {
                let now = klibc::time::monotonic_ms();
                if now >= deadline {
                    break;
                }
                if wait(&self.fd, g::POLLIN, deadline - now)? == 0 {
                    continue;
                }
                loop {
                    match klibc::net::recv(&self.fd, buf, 0) {
                        Ok(n) => {
                            if let Some(r) = self.take(buf.get(..n).unwrap_or(&[]), xid) {
                                return r;
                            }
                        }
                        Err(Errno::AGAIN) | Err(Errno::INTR) => break,
                        Err(e) => return Err(Fail::Sys("recv", e)),
                    }
                }
            }
            timeout = (timeout * 2).min(8000);
        }
    }

    /// Reads exactly `buf.len()` bytes before `deadline`.
    fn read_exact(&self, buf: &mut [u8], deadline: u64) -> Result<(), Fail> {
        let mut got = 0;
        while got < buf.len() {
            let now = klibc::time::monotonic_ms();
            if now >= deadline {
                return Err(Fail::Timeout);
            }
            if wait(&self.fd, g::POLLIN, deadline - now)? == 0 {
                continue;
            }
            match klibc::io::read(&self.fd, buf.get_mut(got..).unwrap_or(&mut [])) {
                Ok(0) => return Err(Fail::Closed),
                Ok(n) => got += n,
                Err(Errno::AGAIN) | Err(Errno::INTR) => {}
                Err(e) => return Err(Fail::Sys("read", e)),
            }
        }
        Ok(())
    }

    /// Sends `out` (a record-marked call) and reads records until one
    /// answers the call.
    fn call_tcp(&mut self, out: &[u8], xid: u32, record: &mut [u8]) -> Result<Vec<u8>, Fail> {
        let deadline = klibc::time::monotonic_ms() + self.budget_ms;
        let mut sent = 0;
        while sent < out.len() {
            match klibc::io::write(&self.fd, out.get(sent..).unwrap_or(&[])) {
                Ok(n) => sent += n,
                Err(Errno::AGAIN) | Err(Errno::INTR) => {
                    let now = klibc::time::monotonic_ms();
                    if now >= deadline || wait(&self.fd, g::POLLOUT, deadline - now)? == 0 {
                        return Err(Fail::Timeout);
                    }
                }
                Err(e) => return Err(Fail::Sys("write", e)),
            }
        }
        // Records until one answers our call; each at most 64 KiB.
        loop {
            let mut len = 0usize;
            loop {
                let mut head = [0u8; 4];
                self.read_exact(&mut head, deadline)?;
                let (last, n) = rpc::fragment_header(head);
                let end = len.saturating_add(n);
                let part = record
                    .get_mut(len..end)
                    .ok_or(Fail::Rpc(rpc::Error::TooLong))?;
                self.read_exact(part, deadline)?;
                len = end;
                if last {
                    break;
                }
            }
            if let Some(r) = self.take(record.get(..len).unwrap_or(&[]), xid) {
                return r;
            }
        }
    }
}

/// A fresh transaction id: the clock's nanoseconds mixed with our pid
/// and a counter (no two calls of one process share one).
pub fn new_xid() -> u32 {
    static COUNTER: core::sync::atomic::AtomicU32 = core::sync::atomic::AtomicU32::new(0);
    let ts = klibc::time::clock_gettime(g::CLOCK_REALTIME).ok();
    let (s, ns) = ts.map_or((0, 0), |t| (t.tv_sec as u32, t.tv_nsec as u32));
    let pid = klibc::process::getpid() as u32;
    let c = COUNTER.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
    (ns ^ s.rotate_left(16) ^ pid.rotate_left(8))
        .wrapping_mul(0x9e37_79b1)
        .wrapping_add(c)
}
