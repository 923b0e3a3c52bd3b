//! The socket side of nfsmount's RPC: one call at a time to one server
//! over UDP (retransmitted with a growing timeout) or TCP (record marking),
//! from a reserved port as the kernel's and klibc's clients do. Both
//! transports share one path: send the whole message, then read messages
//! (a datagram, or a record of fragments) until one answers the call.
//! Replies that are not for the call (another xid, not a reply, malformed)
//! are ignored with a debug line and the wait goes on; only a well-formed
//! reply to our xid is returned.

use super::ipspec::IpText;
use super::nfs_opts::Word;
use super::rpc;
use crate::say::{self, Num};
use klibc::uapi::{general as g, net};
use klibc::{AsFd, Errno, OwnedFd};

/// Why a call failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fail {
    /// A syscall failed: which, and why.
    Sys(Syscall, Errno),
    /// A reply for our call that says no, or cannot be read.
    Rpc(rpc::Error),
    /// No usable reply in time.
    Timeout,
    /// The server closed the TCP connection.
    Closed,
}

/// The syscalls a call makes (a byte, where a name would be two words
/// carried through every result).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syscall {
    Socket,
    Bind,
    Connect,
    Poll,
    Read,
    /// UDP's read(2): named recv in messages, as when it was recv(2).
    Recv,
    Write,
    /// UDP's write(2): named send in messages, as when it was send(2).
    Send,
}

/// The syscalls' names, in [`Syscall`] order.
const SYSCALLS: [Word; 8] = [
    Word::new(b"socket"),
    Word::new(b"bind"),
    Word::new(b"connect"),
    Word::new(b"poll"),
    Word::new(b"read"),
    Word::new(b"recv"),
    Word::new(b"write"),
    Word::new(b"send"),
];

impl Syscall {
    pub fn name(self) -> &'static [u8] {
        SYSCALLS.get(self as usize).map_or(b"", Word::get)
    }
}

impl Fail {
    /// Prints `<prog>: <what><server>: <why>` (a failed syscall's name in
    /// parentheses after the server).
    pub fn print(self, prog: &[u8], what: &[u8], server: [u8; 4]) {
        let ip = IpText::new(server);
        let ip = ip.as_bytes();
        let why: &[u8] = match self {
            Fail::Sys(call, e) => {
                return say::msg_fail(b"{}: {}{} ({})", &[prog, what, ip, call.name()], e)
            }
            Fail::Rpc(e) => e.message(),
            Fail::Timeout => b"no reply from the server (timed out)",
            Fail::Closed => b"the server closed the connection",
        };
        say::msg(b"{}: {}{}: {}", &[prog, what, ip, why]);
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

/// The largest reply read (a UDP datagram; a TCP record): the size of the
/// buffer a caller passes to [`call`].
pub const MAX_RECORD: usize = 65536;

/// The IP protocol number of TCP or UDP.
pub fn ip_proto(tcp: bool) -> u32 {
    if tcp {
        net::IPPROTO_TCP as u32
    } else {
        net::IPPROTO_UDP as u32
    }
}

/// Where and how to call.
pub struct Peer {
    pub ip: [u8; 4],
    pub port: u16,
    pub tcp: bool,
    /// From a port below 1024 (when allowed).
    pub reserved: bool,
    /// The whole budget of the call (and of connecting), in ms.
    pub budget_ms: u64,
    /// Prefix of debug lines (`nfsmount`, `kinit`).
    pub prog: &'static [u8],
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
            Err(e) => return Err(Fail::Sys(Syscall::Bind, e)),
        }
    }
    Ok(())
}

/// Waits until `fd` has one of `events` or `deadline` (monotonic ms)
/// passes: `Ok(false)` on the deadline.
fn wait(fd: &OwnedFd, events: u32, deadline: u64) -> Result<bool, Fail> {
    loop {
        let now = klibc::time::monotonic_ms();
        if now >= deadline {
            return Ok(false);
        }
        let mut fds = [klibc::io::pollfd(fd.as_fd(), events)];
        let ms = (deadline - now).min(i32::MAX as u64) as i32;
        match klibc::io::poll(&mut fds, ms) {
            Ok(0) | Err(Errno::INTR) => {}
            Ok(_) if fds[0].revents != 0 => return Ok(true),
            Ok(_) => {}
            Err(e) => return Err(Fail::Sys(Syscall::Poll, e)),
        }
    }
}

/// A non-blocking socket (closed on exec) connected to the peer, from a
/// reserved port when asked.
fn open(p: &Peer) -> Result<OwnedFd, Fail> {
    let ty = if p.tcp {
        net::SOCK_STREAM
    } else {
        net::SOCK_DGRAM
    };
    let fd = klibc::net::socket(
        net::AF_INET,
        ty | g::O_NONBLOCK | g::O_CLOEXEC,
        ip_proto(p.tcp),
    )
    .map_err(|e| Fail::Sys(Syscall::Socket, e))?;
    if p.reserved {
        bind_reserved(&fd)?;
    }
    let addr = sockaddr(p.ip, p.port);
    match klibc::net::connect(&fd, &addr) {
        Ok(()) => {}
        Err(Errno::INPROGRESS) => {
            let deadline = klibc::time::monotonic_ms() + p.budget_ms;
            if !wait(&fd, g::POLLOUT, deadline)? {
                return Err(Fail::Timeout);
            }
            // A second connect reports how the first one ended.
            match klibc::net::connect(&fd, &addr) {
                Ok(()) | Err(Errno::ISCONN) => {}
                Err(e) => return Err(Fail::Sys(Syscall::Connect, e)),
            }
        }
        Err(e) => return Err(Fail::Sys(Syscall::Connect, e)),
    }
    Ok(fd)
}

/// Reads once from `fd` when it is readable before `deadline`: a whole
/// datagram (UDP) or what has arrived (TCP, where 0 bytes is the end).
fn read_some(fd: &OwnedFd, buf: &mut [u8], deadline: u64, tcp: bool) -> Result<usize, Fail> {
    loop {
        if !wait(fd, g::POLLIN, deadline)? {
            return Err(Fail::Timeout);
        }
        match klibc::io::read(fd, buf) {
            Ok(0) if tcp => return Err(Fail::Closed),
            Ok(n) => return Ok(n),
            Err(Errno::AGAIN) | Err(Errno::INTR) => {}
            Err(e) => {
                return Err(Fail::Sys(
                    if tcp { Syscall::Read } else { Syscall::Recv },
                    e,
                ))
            }
        }
    }
}

/// Fills `buf` from the TCP stream before `deadline`.
fn read_exact(fd: &OwnedFd, buf: &mut [u8], deadline: u64) -> Result<(), Fail> {
    let mut got = 0;
    while let Some(rest @ [_, ..]) = buf.get_mut(got..) {
        got += read_some(fd, rest, deadline, true)?;
    }
    Ok(())
}

/// Reads the next message before `deadline` into `buf`: a datagram, or a
/// record of one or more fragments (at most `buf.len()` bytes); its length.
fn receive(fd: &OwnedFd, buf: &mut [u8], deadline: u64, tcp: bool) -> Result<usize, Fail> {
    if !tcp {
        return read_some(fd, buf, deadline, false);
    }
    let mut len = 0usize;
    loop {
        let mut head = [0u8; 4];
        read_exact(fd, &mut head, deadline)?;
        let (last, n) = rpc::fragment_header(head);
        let end = len.saturating_add(n);
        let part = buf
            .get_mut(len..end)
            .ok_or(Fail::Rpc(rpc::Error::TooLong))?;
        read_exact(fd, part, deadline)?;
        len = end;
        if last {
            return Ok(len);
        }
    }
}

/// Checks one received message: `Some` ends the call (with where the
/// result body starts), `None` goes on waiting.
fn take(prog: &[u8], reply: &[u8], xid: u32) -> Option<Result<usize, Fail>> {
    let what = match rpc::parse_reply(reply, xid) {
        Ok(body) => return Some(Ok(reply.len() - body.len())),
        Err(e) if e.is_answer() => return Some(Err(Fail::Rpc(e))),
        Err(e) => e.message(),
    };
    let mut n = Num::new();
    say::msg(
        b"{}: debug: ignored a reply: {} (xid {})",
        &[prog, what, n.dec(rpc::xid_of(reply).unwrap_or(0).into())],
    );
    None
}

/// Sends the call `msg` to the peer and returns the reply's result body,
/// read into `buf` ([`MAX_RECORD`] bytes). Over UDP the call is sent again
/// when no answer came within the retransmit timeout; over TCP once.
pub fn call<'b>(p: &Peer, msg: &mut rpc::Call, buf: &'b mut [u8]) -> Result<&'b [u8], Fail> {
    let xid = msg.xid;
    let fd = open(p)?;
    let out = if p.tcp { msg.record() } else { msg.message() };
    let start = klibc::time::monotonic_ms();
    let mut timeout = if p.tcp { p.budget_ms } else { FIRST_TIMEOUT_MS };
    loop {
        let now = klibc::time::monotonic_ms();
        let elapsed = now.saturating_sub(start);
        if elapsed >= p.budget_ms {
            return Err(Fail::Timeout);
        }
        let deadline = now + timeout.min(p.budget_ms - elapsed);
        // The whole message (a datagram is sent whole or not at all).
        let mut sent = 0;
        while let Some(rest @ [_, ..]) = out.get(sent..) {
            match klibc::io::write(&fd, rest) {
                Ok(n) => sent += n,
                Err(Errno::AGAIN) | Err(Errno::INTR) if p.tcp => {
                    if !wait(&fd, g::POLLOUT, deadline)? {
                        return Err(Fail::Timeout);
                    }
                }
                Err(e) => {
                    return Err(Fail::Sys(
                        if p.tcp { Syscall::Write } else { Syscall::Send },
                        e,
                    ))
                }
            }
        }
        loop {
            let len = match receive(&fd, buf, deadline, p.tcp) {
                Err(Fail::Timeout) if !p.tcp => break,
                r => r?,
            };
            let reply = buf.get(..len).unwrap_or(&[]);
            match take(p.prog, reply, xid) {
                Some(Ok(at)) => return Ok(buf.get(at..len).unwrap_or(&[])),
                Some(Err(f)) => return Err(f),
                None => {}
            }
        }
        timeout = (timeout * 2).min(8000);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syscall_names() {
        let all = [
            (Syscall::Socket, "socket"),
            (Syscall::Bind, "bind"),
            (Syscall::Connect, "connect"),
            (Syscall::Poll, "poll"),
            (Syscall::Read, "read"),
            (Syscall::Recv, "recv"),
            (Syscall::Write, "write"),
            (Syscall::Send, "send"),
        ];
        for (s, name) in all {
            assert_eq!(s.name(), name.as_bytes());
        }
    }
}
