//! ipconfig's engine, with klibc's behaviour: each device argument is
//! parsed and its interfaces opened and brought up (printing the hardware
//! line), static ones are configured at once, and DHCP/BOOTP ones run a
//! small state machine per interface (DISCOVER -> OFFER -> REQUEST -> ACK,
//! NAK back to DISCOVER, retries doubling from 1 s to 60 s, waiting for
//! carrier, an overall timeout) over one packet socket each. A configured
//! interface gets its address, netmask, broadcast, MTU, default route and
//! hostname, `/run/net-<dev>.conf` and the summary on standard output.

use super::conf::{self, Config, Proto};
use super::dhcp::{self, Lease, Request};
use super::iface::{self, Iface, PacketSocket};
use super::ipspec::{self, DevSpec, IpText, SpecError, CAP_BOOTP, CAP_DHCP, CAP_RARP};
use super::{udp, Ip, NONE};
use crate::cpath::CPath;
use crate::say::{self, Num};
use alloc::vec::Vec;
use klibc::fd::CWD;
use klibc::uapi::general as g;

/// The DHCP/BOOTP client and server ports.
pub const CLIENT_PORT: u16 = 68;
pub const SERVER_PORT: u16 = 67;

/// ipconfig's settings (its command line).
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// Name in error messages.
    pub prog: &'a [u8],
    /// `-c`: protocols for devices whose argument does not say.
    pub default_caps: u8,
    /// `-t`: give up after this many seconds.
    pub timeout_s: Option<u32>,
    /// `-i`: the DHCP vendor class identifier.
    pub vendor_id: &'a [u8],
    /// `-o` (or an `ip=<proto>`/all-interfaces argument): stop after the
    /// first configured interface.
    pub bringup_first: bool,
    /// `-n`: do not configure the interfaces, only report.
    pub no_config: bool,
    /// `-p`: the client port (the server's is one below).
    pub client_port: u16,
    /// Say why replies were ignored (on standard error).
    pub debug: bool,
    /// Where net-<dev>.conf goes ("/run/").
    pub conf_dir: &'a [u8],
}

impl Options<'_> {
    /// With `debug`, why a packet was ignored: `<prog>: <dev><what>`, then
    /// the sender's address if known, then `: <why>` if any.
    fn debug(&self, dev: &[u8], what: &[u8], from: Option<Ip>, why: &[u8]) {
        if self.debug {
            let ip = from.map(IpText::new);
            let ip = ip.as_ref().map_or(&[][..], IpText::as_bytes);
            let sep: &[u8] = if why.is_empty() { b"" } else { b": " };
            say::msg(b"{}: {}{}{}{}{}", &[self.prog, dev, what, ip, sep, why]);
        }
    }
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            prog: b"ipconfig",
            default_caps: ipspec::CAP_ALL,
            timeout_s: None,
            vendor_id: b"Linux ipconfig",
            bringup_first: false,
            no_config: false,
            client_port: CLIENT_PORT,
            debug: false,
            conf_dir: b"/run/",
        }
    }
}

/// Why ipconfig stopped without configuring what it was asked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// A bad argument (already reported); klibc exits 1.
    Usage,
    /// Nothing to configure (reported); exit 1.
    NoDevices,
    /// The timeout passed (reported); klibc's exit status is 255.
    Timeout,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    Bootp,
    Discover,
    Request,
    Error,
    Complete,
}

struct Dev<'a> {
    iface: Iface,
    sock: PacketSocket,
    /// BOOTP's ciaddr: the address from the device argument, if any.
    ciaddr: Ip,
    reqhostname: &'a [u8],
    st: St,
    restart: St,
    expire: u64,
    retry_s: u64,
    xid: u32,
    open_ms: u64,
    /// The server id and address to REQUEST (set whenever `st` is
    /// Request).
    offer: (Ip, Ip),
    requests: u32,
}

/// One ipconfig run: devices are added from arguments, then `run` waits
/// for the dynamic ones.
pub struct Session<'a> {
    pub opts: Options<'a>,
    devs: Vec<Dev<'a>>,
    /// How many interfaces are configured so far.
    pub configured: usize,
}

fn now_ms() -> u64 {
    klibc::time::monotonic_ms()
}

impl<'a> Session<'a> {
    pub fn new(opts: Options<'a>) -> Session<'a> {
        Session {
            opts,
            devs: Vec::new(),
            configured: 0,
        }
    }

    /// Adds a device argument (`eth0`, `ip=...`, the colon form); Err after
    /// reporting a bad argument.
    pub fn add(&mut self, arg: &'a [u8]) -> Result<(), Failure> {
        self.add_spec(ipspec::parse_device(arg, self.opts.default_caps))
    }

    /// Adds a parsed device argument; Err after reporting a bad one.
    pub fn add_spec(&mut self, spec: Result<DevSpec<'a>, SpecError>) -> Result<(), Failure> {
        let spec = match spec {
            Ok(s) => s,
            Err(e) => {
                e.report(self.opts.prog);
                return Err(Failure::Usage);
            }
        };
        if spec.bringup_first {
            self.opts.bringup_first = true;
        }
        match spec.name {
            Some(name) => self.open(name, spec.caps, !0, &spec),
            None => {
                for name in iface::candidates() {
                    self.open(&name, self.opts.default_caps, spec.caps, &spec);
                }
            }
        }
        Ok(())
    }

    /// Opens an interface for protocols `caps`, prints klibc's hardware
    /// line and brings it up for the protocols `caps & mask`.
    fn open(&mut self, name: &[u8], mut caps: u8, mask: u8, spec: &DevSpec<'a>) {
        let i = match Iface::open(name) {
            Ok(i) => i,
            Err((what, e)) => {
                say::msg_fail(b"{}: {}: {}", &[self.opts.prog, name, what], e);
                return;
            }
        };
        // no DHCP/BOOTP without broadcast or room for a BOOTP message
        if i.mtu < 364 || !i.can_broadcast() {
            caps &= !(CAP_BOOTP | CAP_DHCP);
        }
        // at most ~110 bytes (a checked name, 14 address bytes): fits
        let mut line = klibc::io::LineBuf::new();
        line.push(b"IP-Config: ")
            .push(name)
            .push(b" hardware address");
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut sep = b' ';
        for &b in &i.hwaddr {
            line.push(&[sep, HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
            sep = b':';
        }
        line.push(b" mtu ").push_u64(i.mtu as u64);
        if caps & CAP_DHCP != 0 {
            line.push(b" DHCP");
        } else if caps & CAP_BOOTP != 0 {
            line.push(b" BOOTP");
        }
        if caps & CAP_RARP != 0 {
            line.push(b" RARP");
        }
        line.push(b"\n");
        let _ = line.write_to(klibc::io::stdout());
        self.bringup(i, caps & mask, spec);
    }

    /// Brings the interface up, then configures it statically or opens
    /// its packet socket (after IFF_UP: a socket bound to a down interface
    /// reports ENETDOWN on its first send) and queues it for DHCP/BOOTP.
    fn bringup(&mut self, iface: Iface, caps: u8, s: &DevSpec<'a>) {
        if let Err(e) = iface.up() {
            say::msg_fail(b"{}: {}: bringing up", &[self.opts.prog, &iface.name], e);
            return;
        }
        if caps == 0 {
            let spec = Config {
                addr: s.addr,
                server: s.server,
                gateway: s.gateway,
                netmask: s.netmask,
                dns: s.dns,
                hostname: s.hostname,
                ..Config::default()
            };
            self.complete(&iface, spec);
            return;
        }
        if caps & (CAP_DHCP | CAP_BOOTP) == 0 {
            say::msg(
                b"{}: {}: RARP is not supported; use dhcp, bootp or a static address",
                &[self.opts.prog, &iface.name],
            );
            return;
        }
        let sock = match PacketSocket::open(&iface) {
            Ok(s) => s,
            Err(e) => {
                say::msg_fail(b"{}: {}: packet socket", &[self.opts.prog, &iface.name], e);
                return;
            }
        };
        // DHCP asks for the address ip= gave, if any, before discovering
        let st = if caps & CAP_DHCP == 0 {
            St::Bootp
        } else if s.addr == NONE {
            St::Discover
        } else {
            St::Request
        };
        let now = now_ms();
        let d = Dev {
            xid: super::xid::new_xid(&iface.hwaddr),
            iface,
            sock,
            ciaddr: s.addr,
            reqhostname: s.hostname,
            st,
            restart: st,
            expire: now,
            retry_s: 1,
            open_ms: now,
            offer: (NONE, s.addr),
            requests: 0,
        };
        self.devs.push(d);
    }

    /// Waits for every dynamic device (or the first, with `-o`).
    pub fn run(&mut self) -> Result<(), Failure> {
        if self.devs.is_empty() {
            if self.configured == 0 {
                say::msg(b"{}: no devices to configure", &[self.opts.prog]);
                return Err(Failure::NoDevices);
            }
            return Ok(());
        }
        if self.opts.client_port != CLIENT_PORT {
            let mut n = Num::new();
            let mut m = Num::new();
            say::msg_out(
                b"IP-Config: binding source port to {}, dest to {}",
                &[
                    n.dec(self.opts.client_port as u64),
                    m.dec(self.opts.client_port.wrapping_sub(1) as u64),
                ],
            );
        }
        let start = now_ms();
        let mut buf = [0u8; 2048];
        loop {
            let now = now_ms();
            let mut pending = 0;
            let mut wait = 60_000u64;
            for d in &mut self.devs {
                if d.st == St::Complete {
                    continue;
                }
                pending += 1;
                if d.expire <= now {
                    d.timeout_event(&self.opts, now);
                }
                wait = wait.min(d.expire.saturating_sub(now));
            }
            if pending == 0 || (self.opts.bringup_first && self.configured > 0) {
                return Ok(());
            }
            if let Some(t) = self.opts.timeout_s {
                let left = (t as u64 * 1000).saturating_sub(now - start);
                wait = wait.min(left.max(1));
            }
            let mut fds: Vec<_> = self
                .devs
                .iter()
                .map(|d| {
                    klibc::io::pollfd(
                        klibc::AsFd::as_fd(&d.sock.fd),
                        if d.st == St::Complete { 0 } else { g::POLLIN },
                    )
                })
                .collect();
            let _ = klibc::io::poll(&mut fds, wait.max(1) as i32);
            // (a pollfd holds the raw descriptor: no borrow of the devices)
            for (d, f) in self.devs.iter_mut().zip(&fds) {
                if f.revents != 0 {
                    d.receive(&self.opts, &mut self.configured, &mut buf);
                }
            }
            if self.opts.bringup_first && self.configured > 0 {
                return Ok(());
            }
            if let Some(t) = self.opts.timeout_s {
                if now_ms() - start >= t as u64 * 1000
                    && self.devs.iter().any(|d| d.st != St::Complete)
                {
                    let mut n = Num::new();
                    say::msg_out(
                        b"IP-Config: no response after {} secs - giving up",
                        &[n.dec(t as u64)],
                    );
                    return Err(Failure::Timeout);
                }
            }
        }
    }

    fn complete(&mut self, iface: &Iface, c: Config) {
        finish(&self.opts, iface, c);
        self.configured += 1;
    }
}

/// The DHCP/BOOTP exchange of one device; configured devices go to
/// `configured`.
impl Dev<'_> {
    fn send(&self, opts: &Options, req: Request, now: u64) -> Result<(), klibc::Errno> {
        let c = dhcp::Client {
            xid: self.xid,
            htype: self.iface.htype as u8,
            chaddr: &self.iface.hwaddr,
            secs: ((now.saturating_sub(self.open_ms)) / 1000).min(u16::MAX as u64) as u16,
            vendor_id: opts.vendor_id,
            hostname: self.reqhostname,
        };
        if !self.reqhostname.is_empty() && !matches!(req, Request::Bootp { .. }) {
            let mut v = b"hostname ".to_vec();
            v.extend_from_slice(self.reqhostname);
            v.push(b' ');
            let _ = klibc::io::write_all(klibc::io::stdout(), &v);
        }
        // the message after room for its IPv4/UDP headers
        let mut pkt = [0; udp::HEADERS + dhcp::MAX_LEN];
        let msg = pkt.last_chunk_mut().ok_or(klibc::Errno::MSGSIZE)?;
        let len = udp::HEADERS + dhcp::write_request(msg, &c, req);
        let pkt = pkt.get_mut(..len).ok_or(klibc::Errno::MSGSIZE)?;
        let server_port = opts.client_port.wrapping_sub(1);
        udp::seal(pkt, NONE, [255; 4], opts.client_port, server_port)
            .ok_or(klibc::Errno::MSGSIZE)?;
        self.sock.broadcast(pkt)
    }

    // not inlined: measured smaller
    #[inline(never)]
    fn timeout_event(&mut self, opts: &Options, now: u64) {
        // no carrier yet: look again soon (klibc waits a whole second)
        if !self.iface.running() {
            self.expire = now + 100;
            self.st = self.restart;
            return;
        }
        if self.st == St::Error {
            self.st = self.restart;
        }
        if self.st == St::Request {
            self.requests += 1;
            // an unanswered REQUEST (e.g. for an address from ip=) goes
            // back to DISCOVER after three tries
            if self.requests > 3 {
                self.st = St::Discover;
            }
        }
        let (server, addr) = self.offer;
        let req = match self.st {
            St::Bootp => Request::Bootp {
                ciaddr: self.ciaddr,
            },
            St::Request => Request::Select { server, addr },
            _ => Request::Discover,
        };
        self.restart = if self.st == St::Bootp {
            St::Bootp
        } else {
            St::Discover
        };
        match self.send(opts, req, now) {
            Err(e) => {
                say::msg_fail(b"{}: {}: send", &[opts.prog, &self.iface.name], e);
                self.st = St::Error;
                // klibc waits 10 s; a link that just came up is worth
                // another try sooner
                self.expire = now + 1000;
            }
            Ok(()) => {
                self.expire = now + self.retry_s * 1000;
                self.retry_s = (self.retry_s * 2).min(60);
            }
        }
    }

    // not inlined into run: measured smaller
    #[inline(never)]
    fn receive(&mut self, opts: &Options, configured: &mut usize, buf: &mut [u8]) {
        // drain what is queued; each datagram judged on its own
        for _ in 0..64 {
            let n = match self.sock.recv(buf) {
                Ok(0) => continue,
                Ok(n) => n,
                Err(_) => return,
            };
            if self.st == St::Complete {
                return;
            }
            let pkt = buf.get(..n).unwrap_or(&[]);
            let (src, _sport, payload) = match udp::unframe(pkt, opts.client_port) {
                Ok(v) => v,
                Err(udp::FrameError::Port | udp::FrameError::NotUdp) => continue,
                Err(e) => {
                    opts.debug(&self.iface.name, b": ignored packet", None, e.text());
                    continue;
                }
            };
            let lease = match dhcp::parse_reply(payload, self.xid, &self.iface.hwaddr) {
                Ok(l) => l,
                Err(e) => {
                    opts.debug(
                        &self.iface.name,
                        b": ignored reply from ",
                        Some(src),
                        e.text(),
                    );
                    continue;
                }
            };
            self.handle(opts, configured, lease, src);
        }
    }

    fn handle(&mut self, opts: &Options, configured: &mut usize, l: Lease, src: Ip) {
        let now = now_ms();
        let name = &self.iface.name;
        match (self.st, l.msg_type) {
            (_, t) if t != dhcp::NAK && l.conf.addr == NONE => {
                opts.debug(
                    name,
                    b": ignored reply without an address from ",
                    Some(src),
                    b"",
                );
            }
            (St::Bootp, _) => self.complete(opts, configured, l, Proto::Bootp, NONE),
            (St::Discover, dhcp::OFFER) => {
                self.offer = (l.conf.server_id, l.conf.addr);
                self.st = St::Request;
                self.restart = St::Discover;
                self.requests = 1;
                let _ = self.send(
                    opts,
                    Request::Select {
                        server: l.conf.server_id,
                        addr: l.conf.addr,
                    },
                    now,
                );
                self.expire = now + 1000;
                self.retry_s = 2;
            }
            (St::Request, dhcp::ACK) => {
                let sid = self.offer.0;
                let sid = if sid == NONE { l.conf.server_id } else { sid };
                self.complete(opts, configured, l, Proto::Dhcp, sid);
            }
            (St::Request, dhcp::NAK) => {
                opts.debug(name, b": DHCPNAK from ", Some(src), b"");
                self.st = St::Discover;
                self.restart = St::Discover;
                self.expire = now;
                self.retry_s = 1;
            }
            _ => opts.debug(name, b": ignored DHCP message from ", Some(src), b""),
        }
    }

    /// Completes the device with a reply's configuration (BOOTP has no
    /// server id and no lease time).
    fn complete(
        &mut self,
        opts: &Options,
        configured: &mut usize,
        l: Lease,
        proto: Proto,
        server_id: Ip,
    ) {
        self.st = St::Complete;
        let mut c = l.conf;
        c.proto = proto;
        c.server_id = server_id;
        if proto != Proto::Dhcp {
            c.lease_time = 0;
        }
        finish(opts, &self.iface, c);
        *configured += 1;
    }
}

/// `IP-Config: <dev> guessed <what> <ip>`.
fn guessed(dev: &[u8], what: &[u8], ip: Ip) {
    say::msg_out(
        b"IP-Config: {} guessed {} {}",
        &[dev, what, IpText::new(ip).as_bytes()],
    );
}

/// `IP-Config: failed to set <what> on <dev>`.
fn failed(what: &[u8], dev: &[u8]) {
    say::msg_out(b"IP-Config: failed to set {} on {}", &[what, dev]);
}

/// Names the configuration after `iface`, fills in what klibc guesses,
/// configures the interface (unless `no_config`), writes the .conf file
/// and prints the summary.
pub fn finish<'c>(opts: &Options, iface: &'c Iface, mut c: Config<'c>) {
    // (the configuration has no name yet)
    c.name = &iface.name;
    c.uptime = iface::boottime_s();
    let prog = opts.prog;
    if c.netmask == NONE {
        c.netmask = ipspec::class_netmask(c.addr);
        guessed(c.name, b"netmask", c.netmask);
    }
    if c.broadcast == NONE {
        let a = u32::from_be_bytes(c.addr);
        let m = u32::from_be_bytes(c.netmask);
        c.broadcast = ((a & m) | !m).to_be_bytes();
        guessed(c.name, b"broadcast address", c.broadcast);
    }
    if !opts.no_config {
        if c.mtu != 0 && iface.set_mtu(c.mtu as u32).is_err() {
            let mut n = Num::new();
            say::msg_out(
                b"IP-Config: failed to set MTU on {} to {}",
                &[c.name, n.dec(c.mtu as u64)],
            );
        }
        if iface.set_address(c.addr, c.netmask, c.broadcast).is_err() {
            failed(b"addresses", c.name);
        }
        if c.gateway != NONE && iface.add_default_route(c.gateway).is_err() {
            failed(b"routes", c.name);
        }
        if !c.hostname.is_empty() && klibc::process::sethostname(c.hostname).is_err() {
            say::msg_out(
                b"IP-Config: failed to set hostname '{}' from {}",
                &[c.hostname, c.name],
            );
        }
    }
    // <conf_dir>net-<dev>.conf (no NUL in either: a fixed directory and
    // an interface name)
    let path = CPath::new(&[opts.conf_dir, b"net-", c.name, b".conf"]);
    let r = klibc::fs::openat(
        CWD,
        path.as_cstr(),
        g::O_WRONLY | g::O_CREAT | g::O_TRUNC | g::O_CLOEXEC,
        0o644,
    )
    .and_then(|fd| klibc::io::write_all(&fd, &conf::conf_text(&c)));
    if let Err(e) = r {
        say::msg_fail(b"{}: {}", &[prog, path.to_bytes()], e);
    }
    let _ = klibc::io::write_all(klibc::io::stdout(), &conf::summary_text(&c));
}
