//! nfsmount's `-o` options with klibc-utils' names, defaults and messages
//! (NFSv3 over TCP, nolock, retrans=3, acregmin=3, acregmax=60,
//! acdirmin=30, acdirmax=60; rsize, wsize and timeo left to the server and
//! kernel), plus `mountport=`; and the text form of the kernel's NFS mount
//! data that both 6.1 and 6.12 parse (`vers=`, `proto=`, `addr=`, `port=`,
//! `mountport=`, `mountproto=`, `mountvers=`, ...). Also the IPv4 address
//! syntax of inet_aton, which nfsmount's `server:` takes.

use crate::cmdline::parse_int;
use crate::say::Num;
use alloc::vec::Vec;

/// Parsed `-o` options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// 2 or 3.
    pub vers: u32,
    pub tcp: bool,
    /// The NFS and MOUNT ports; 0 asks rpcbind.
    pub port: u32,
    pub mountport: u32,
    /// 0 leaves the value to the server or the kernel.
    pub rsize: u32,
    pub wsize: u32,
    pub timeo: u32,
    pub retrans: u32,
    pub acregmin: u32,
    pub acregmax: u32,
    pub acdirmin: u32,
    pub acdirmax: u32,
    pub soft: bool,
    pub intr: bool,
    pub posix: bool,
    pub nocto: bool,
    pub noac: bool,
    pub nolock: bool,
    pub noacl: bool,
    pub read_only: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            vers: 3,
            tcp: true,
            port: 0,
            mountport: 0,
            rsize: 0,
            wsize: 0,
            timeo: 0,
            retrans: 3,
            acregmin: 3,
            acregmax: 60,
            acdirmin: 30,
            acdirmax: 60,
            soft: false,
            intr: false,
            posix: false,
            nocto: false,
            noac: false,
            nolock: true,
            noacl: false,
            read_only: false,
        }
    }
}

/// Why an option list was refused; the messages are klibc's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptError<'a> {
    /// `<prog>: bad option '<name>'`
    Bad(&'a [u8]),
    /// `<value>: invalid value for <name>`
    Value(&'a [u8], &'a [u8]),
    /// `<prog>: bad NFS version '<n>'`
    Version(u32),
}

impl OptError<'_> {
    /// The message line (without the newline).
    pub fn line(&self, prog: &[u8]) -> Vec<u8> {
        let mut n = Num::new();
        let parts: [&[u8]; 5] = match *self {
            OptError::Bad(o) => [prog, b": bad option '", o, b"'", b""],
            OptError::Value(v, name) => [v, b": invalid value for ", name, b"", b""],
            OptError::Version(v) => [prog, b": bad NFS version '", n.dec(v.into()), b"'", b""],
        };
        parts.concat()
    }
}

impl Options {
    /// Applies a comma-separated list (one `-o` argument; several `-o`
    /// accumulate, later ones win).
    pub fn parse<'a>(&mut self, list: &'a [u8]) -> Result<(), OptError<'a>> {
        let mut version = None;
        for opt in list.split(|&b| b == b',').filter(|o| !o.is_empty()) {
            if let Some(eq) = opt.iter().position(|&b| b == b'=') {
                let name = opt.get(..eq).unwrap_or(b"");
                let value = opt.get(eq + 1..).unwrap_or(b"");
                let slot = match name {
                    b"port" => &mut self.port,
                    b"mountport" => &mut self.mountport,
                    b"nfsvers" | b"vers" => {
                        version = Some(int(value, name)?);
                        continue;
                    }
                    b"rsize" => &mut self.rsize,
                    b"wsize" => &mut self.wsize,
                    b"timeo" => &mut self.timeo,
                    b"retrans" => &mut self.retrans,
                    b"acregmin" => &mut self.acregmin,
                    b"acregmax" => &mut self.acregmax,
                    b"acdirmin" => &mut self.acdirmin,
                    b"acdirmax" => &mut self.acdirmax,
                    _ => return Err(OptError::Bad(name)),
                };
                *slot = int(value, name)?;
                continue;
            }
            let (flag, on) = match opt {
                b"soft" => (&mut self.soft, true),
                b"hard" => (&mut self.soft, false),
                b"intr" => (&mut self.intr, true),
                b"nointr" => (&mut self.intr, false),
                b"posix" => (&mut self.posix, true),
                b"noposix" => (&mut self.posix, false),
                b"cto" => (&mut self.nocto, false),
                b"nocto" => (&mut self.nocto, true),
                b"ac" => (&mut self.noac, false),
                b"noac" => (&mut self.noac, true),
                b"lock" => (&mut self.nolock, false),
                b"nolock" => (&mut self.nolock, true),
                b"acl" => (&mut self.noacl, false),
                b"noacl" => (&mut self.noacl, true),
                b"udp" => (&mut self.tcp, false),
                b"tcp" => (&mut self.tcp, true),
                b"ro" => (&mut self.read_only, true),
                b"rw" => (&mut self.read_only, false),
                b"v2" => {
                    self.vers = 2;
                    continue;
                }
                b"v3" => {
                    self.vers = 3;
                    continue;
                }
                // klibc accepts it; the kernel's text options have no such flag.
                b"broken_suid" => continue,
                _ => return Err(OptError::Bad(opt)),
            };
            *flag = on;
        }
        match version {
            None | Some(0) => Ok(()),
            Some(v @ (2 | 3)) => {
                self.vers = v;
                Ok(())
            }
            Some(v) => Err(OptError::Version(v)),
        }
    }

    /// The MOUNT protocol version that goes with the NFS version.
    pub fn mount_version(&self) -> u32 {
        if self.vers == 3 {
            3
        } else {
            1
        }
    }

    /// The kernel's text mount data for server `addr` with the NFS and
    /// MOUNT ports found (0: let the kernel ask rpcbind).
    pub fn kernel_data(&self, addr: [u8; 4], port: u16, mountport: u16) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        let proto: &[u8] = if self.tcp { b"tcp" } else { b"udp" };
        let mut n = Num::new();
        out.extend_from_slice(b"vers=");
        out.extend_from_slice(n.dec(self.vers.into()));
        out.extend_from_slice(b",proto=");
        out.extend_from_slice(proto);
        out.extend_from_slice(b",addr=");
        push_ip(&mut out, addr);
        for (name, v) in [
            (&b"port"[..], u32::from(port)),
            (b"mountport", u32::from(mountport)),
            (b"rsize", self.rsize),
            (b"wsize", self.wsize),
            (b"timeo", self.timeo),
        ] {
            if v != 0 {
                push_num(&mut out, name, v);
            }
        }
        out.extend_from_slice(b",mountproto=");
        out.extend_from_slice(proto);
        push_num(&mut out, b"mountvers", self.mount_version());
        for (name, v) in [
            (&b"retrans"[..], self.retrans),
            (b"acregmin", self.acregmin),
            (b"acregmax", self.acregmax),
            (b"acdirmin", self.acdirmin),
            (b"acdirmax", self.acdirmax),
        ] {
            push_num(&mut out, name, v);
        }
        for (on, name) in [
            (self.soft, &b"soft"[..]),
            (!self.soft, b"hard"),
            (self.nolock, b"nolock"),
            (!self.nolock, b"lock"),
            (self.intr, b"intr"),
            (self.posix, b"posix"),
            (self.nocto, b"nocto"),
            (self.noac, b"noac"),
            (self.noacl, b"noacl"),
        ] {
            if on {
                out.push(b',');
                out.extend_from_slice(name);
            }
        }
        out
    }
}

fn push_num(out: &mut Vec<u8>, name: &[u8], v: u32) {
    let mut n = Num::new();
    out.push(b',');
    out.extend_from_slice(name);
    out.push(b'=');
    out.extend_from_slice(n.dec(v.into()));
}

/// Appends `a.b.c.d`.
pub fn push_ip(out: &mut Vec<u8>, ip: [u8; 4]) {
    for (i, b) in ip.iter().enumerate() {
        if i > 0 {
            out.push(b'.');
        }
        let mut n = Num::new();
        out.extend_from_slice(n.dec((*b).into()));
    }
}

/// klibc's integer option: C's strtoul base 0, whole; we also refuse
/// negative and out-of-range values instead of wrapping them.
fn int<'a>(value: &'a [u8], name: &'a [u8]) -> Result<u32, OptError<'a>> {
    parse_int(value)
        .filter(|v| *v >= 0 && !value.ends_with(b"\n"))
        .and_then(|v| u32::try_from(v).ok())
        .ok_or(OptError::Value(value, name))
}

/// An IPv4 address as inet_aton reads it: `a.b.c.d`, `a.b.c` (c is 16
/// bits), `a.b` (b is 24 bits) or `a` (32 bits), each part decimal, octal
/// (leading 0) or hex (0x).
pub fn parse_ipv4(s: &[u8]) -> Option<[u8; 4]> {
    let mut parts = [0u64; 4];
    let mut count = 0;
    for part in s.split(|&b| b == b'.') {
        let slot = parts.get_mut(count)?;
        let (v, used) = crate::cmdline::parse_prefix(part);
        if used == 0 || used != part.len() {
            return None;
        }
        *slot = v;
        count += 1;
    }
    let [a, b, c, d] = parts;
    let v = match count {
        1 => a.try_into().ok()?,
        2 if a < 256 && b < 1 << 24 => (a << 24 | b) as u32,
        3 if a < 256 && b < 256 && c < 1 << 16 => (a << 24 | b << 16 | c) as u32,
        4 if a < 256 && b < 256 && c < 256 && d < 256 => (a << 24 | b << 16 | c << 8 | d) as u32,
        _ => return None,
    };
    Some(v.to_be_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_klibcs() {
        let o = Options::default();
        assert_eq!(
            o.kernel_data([10, 0, 2, 2], 2049, 20048),
            b"vers=3,proto=tcp,addr=10.0.2.2,port=2049,mountport=20048,mountproto=tcp,mountvers=3,retrans=3,acregmin=3,acregmax=60,acdirmin=30,acdirmax=60,hard,nolock".to_vec()
        );
    }

    #[test]
    fn options() {
        let mut o = Options::default();
        o.parse(b"udp,,vers=2,rsize=0x1000,wsize=8192,timeo=7,soft,lock,ro,nocto,port=2049,mountport=635").unwrap();
        assert_eq!(
            (o.vers, o.tcp, o.rsize, o.wsize, o.timeo),
            (2, false, 4096, 8192, 7)
        );
        assert!(o.soft && !o.nolock && o.read_only && o.nocto);
        assert_eq!((o.port, o.mountport), (2049, 635));
        let d = o.kernel_data([1, 2, 3, 4], 2049, 635);
        assert_eq!(
            d,
            b"vers=2,proto=udp,addr=1.2.3.4,port=2049,mountport=635,rsize=4096,wsize=8192,timeo=7,mountproto=udp,mountvers=1,retrans=3,acregmin=3,acregmax=60,acdirmin=30,acdirmax=60,soft,lock,nocto".to_vec()
        );
        // vers= wins over v2/v3 whatever the order, as in klibc.
        let mut o = Options::default();
        o.parse(b"vers=3,v2").unwrap();
        assert_eq!(o.vers, 3);
        assert_eq!(o.parse(b"foo"), Err(OptError::Bad(b"foo")));
        assert_eq!(o.parse(b"bar=1"), Err(OptError::Bad(b"bar")));
        assert_eq!(
            o.parse(b"rsize=abc"),
            Err(OptError::Value(b"abc", b"rsize"))
        );
        assert_eq!(o.parse(b"rsize="), Err(OptError::Value(b"", b"rsize")));
        assert_eq!(o.parse(b"rsize=-1"), Err(OptError::Value(b"-1", b"rsize")));
        assert_eq!(o.parse(b"vers=4"), Err(OptError::Version(4)));
        assert_eq!(
            OptError::Version(4).line(b"nfsmount"),
            b"nfsmount: bad NFS version '4'".to_vec()
        );
        assert_eq!(
            OptError::Value(b"abc", b"rsize").line(b"nfsmount"),
            b"abc: invalid value for rsize".to_vec()
        );
    }

    #[test]
    fn ipv4() {
        assert_eq!(parse_ipv4(b"10.0.2.2"), Some([10, 0, 2, 2]));
        assert_eq!(parse_ipv4(b"127.1"), Some([127, 0, 0, 1]));
        assert_eq!(parse_ipv4(b"0x7f.0.0.01"), Some([127, 0, 0, 1]));
        assert_eq!(parse_ipv4(b"1.2.3.256"), None);
        assert_eq!(parse_ipv4(b"1.2.3.4.5"), None);
        assert_eq!(parse_ipv4(b"host"), None);
        assert_eq!(parse_ipv4(b""), None);
        assert_eq!(parse_ipv4(b"1..2"), None);
    }
}
