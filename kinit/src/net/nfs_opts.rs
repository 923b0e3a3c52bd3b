//! nfsmount's `-o` options with klibc-utils' names, defaults and messages
//! (NFSv3 over TCP, nolock, retrans=3, acregmin=3, acregmax=60,
//! acdirmin=30, acdirmax=60; rsize, wsize and timeo left to the server and
//! kernel), plus `mountport=`; and the text form of the kernel's NFS mount
//! data that both 6.1 and 6.12 parse (`vers=`, `proto=`, `addr=`, `port=`,
//! `mountport=`, `mountproto=`, `mountvers=`, ...). Also the IPv4 address
//! syntax of inet_aton, which nfsmount's `server:` takes.

use super::ipspec::{parse_addr, IpText};
use crate::cmdline::parse_int;
use crate::say::Num;
use klibc::io::LineBuf;

/// An option name padded with NULs to a fixed width: the tables below
/// hold bytes, not a 16-byte pointer and length per name.
#[derive(Clone, Copy)]
pub struct Word([u8; 11]);

impl Word {
    /// Built at compile time (a name longer than 11 bytes would not
    /// compile).
    pub const fn new(name: &[u8]) -> Word {
        let mut w = [0; 11];
        let mut i = 0;
        while i < name.len() {
            w[i] = name[i];
            i += 1;
        }
        Word(w)
    }

    /// The name without its padding.
    pub fn get(&self) -> &[u8] {
        let len = self.0.iter().position(|&b| b == 0).unwrap_or(11);
        self.0.get(..len).unwrap_or(&[])
    }
}

/// The integer options, in `Options::ints` order (`vers` and `nfsvers`
/// are handled apart: they override `v2`/`v3` whatever the order).
pub const INT_NAMES: [Word; 11] = [
    Word::new(b"port"),
    Word::new(b"mountport"),
    Word::new(b"rsize"),
    Word::new(b"wsize"),
    Word::new(b"timeo"),
    Word::new(b"retrans"),
    Word::new(b"acregmin"),
    Word::new(b"acregmax"),
    Word::new(b"acdirmin"),
    Word::new(b"acdirmax"),
    Word::new(b"vers"),
];
pub const PORT: usize = 0;
pub const MOUNTPORT: usize = 1;
const RETRANS: usize = 5;
const VERS: usize = 10;

/// Flag bits of `Options::flags`.
pub const SOFT: u16 = 1;
pub const INTR: u16 = 2;
pub const POSIX: u16 = 4;
pub const NOCTO: u16 = 8;
pub const NOAC: u16 = 16;
pub const NOLOCK: u16 = 32;
pub const NOACL: u16 = 64;
pub const UDP: u16 = 128;
pub const RO: u16 = 256;
pub const V2: u16 = 512;

/// klibc's flag words: (name, bit, set?). The first [`KERNEL_FLAGS`]
/// are also the kernel's text options, in the order they are passed on
/// (each when its bit is as it says). `broken_suid` is accepted and ignored
/// (the kernel's text options have no such flag).
const FLAGS: [(Word, u16, bool); 21] = [
    (Word::new(b"soft"), SOFT, true),
    (Word::new(b"hard"), SOFT, false),
    (Word::new(b"nolock"), NOLOCK, true),
    (Word::new(b"lock"), NOLOCK, false),
    (Word::new(b"intr"), INTR, true),
    (Word::new(b"posix"), POSIX, true),
    (Word::new(b"nocto"), NOCTO, true),
    (Word::new(b"noac"), NOAC, true),
    (Word::new(b"noacl"), NOACL, true),
    (Word::new(b"nointr"), INTR, false),
    (Word::new(b"noposix"), POSIX, false),
    (Word::new(b"cto"), NOCTO, false),
    (Word::new(b"ac"), NOAC, false),
    (Word::new(b"acl"), NOACL, false),
    (Word::new(b"udp"), UDP, true),
    (Word::new(b"tcp"), UDP, false),
    (Word::new(b"ro"), RO, true),
    (Word::new(b"rw"), RO, false),
    (Word::new(b"v2"), V2, true),
    (Word::new(b"v3"), V2, false),
    (Word::new(b"broken_suid"), 0, false),
];
const KERNEL_FLAGS: usize = 9;

/// Parsed `-o` options: klibc's defaults are NFSv3 over TCP, nolock,
/// retrans=3, acregmin=3, acregmax=60, acdirmin=30, acdirmax=60; a zero
/// port asks rpcbind, a zero rsize/wsize/timeo leaves it to the server and
/// the kernel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub ints: [u32; 11],
    pub flags: u16,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ints: [0, 0, 0, 0, 0, 3, 3, 60, 30, 60, 0],
            flags: NOLOCK,
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

impl<'a> OptError<'a> {
    /// Says the message on stderr, for nfsmount and kinit's nfsroot=.
    pub fn say(&self, prog: &[u8]) {
        let mut n = Num::new();
        let (template, args) = self.message(prog, &mut n);
        crate::say::msg(template, &args);
    }

    /// The message line (without the newline) as a [`say::msg`] template
    /// and its two arguments; `n` holds the number's text.
    pub fn message<'b>(&self, prog: &'b [u8], n: &'b mut Num) -> (&'static [u8], [&'b [u8]; 2])
    where
        'a: 'b,
    {
        match *self {
            OptError::Bad(o) => (b"{}: bad option '{}'", [prog, o]),
            OptError::Value(v, name) => (b"{}: invalid value for {}", [v, name]),
            OptError::Version(v) => (b"{}: bad NFS version '{}'", [prog, n.dec(v.into())]),
        }
    }
}

impl Options {
    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    pub fn set(&mut self, flag: u16, on: bool) {
        if on {
            self.flags |= flag;
        } else {
            self.flags &= !flag;
        }
    }

    /// 2 or 3.
    pub fn vers(&self) -> u32 {
        if self.has(V2) {
            2
        } else {
            3
        }
    }

    pub fn tcp(&self) -> bool {
        !self.has(UDP)
    }

    /// Applies a comma-separated list (one `-o` argument; several `-o`
    /// accumulate, later ones win).
    pub fn parse<'a>(&mut self, list: &'a [u8]) -> Result<(), OptError<'a>> {
        self.ints[VERS] = 0;
        for opt in list.split(|&b| b == b',').filter(|o| !o.is_empty()) {
            let (name, value) = match opt.iter().position(|&b| b == b'=') {
                Some(eq) => (opt.get(..eq).unwrap_or(b""), opt.get(eq + 1..)),
                None => (opt, None),
            };
            let name = if name == b"nfsvers" {
                &b"vers"[..]
            } else {
                name
            };
            match value {
                Some(value) => {
                    let i = INT_NAMES
                        .iter()
                        .position(|n| n.get() == name)
                        .ok_or(OptError::Bad(name))?;
                    let v = parse_int(value)
                        .filter(|v| *v >= 0 && !value.ends_with(b"\n"))
                        .and_then(|v| u32::try_from(v).ok())
                        .ok_or(OptError::Value(value, name))?;
                    if let Some(slot) = self.ints.get_mut(i) {
                        *slot = v;
                    }
                }
                None => {
                    let &(_, bit, on) = FLAGS
                        .iter()
                        .find(|f| f.0.get() == name)
                        .ok_or(OptError::Bad(opt))?;
                    self.set(bit, on);
                }
            }
        }
        match self.ints[VERS] {
            0 => Ok(()),
            v @ (2 | 3) => {
                self.set(V2, v == 2);
                Ok(())
            }
            v => Err(OptError::Version(v)),
        }
    }

    /// The MOUNT protocol version that goes with the NFS version.
    pub fn mount_version(&self) -> u32 {
        if self.has(V2) {
            1
        } else {
            3
        }
    }

    /// The kernel's text mount data for server `addr` with the NFS and
    /// MOUNT ports found (0: let the kernel ask rpcbind), NUL-terminated.
    /// At most about 300 bytes (every number below 2^32): it always fits.
    pub fn kernel_data(&self, addr: [u8; 4], port: u16, mountport: u16) -> LineBuf {
        let mut out = LineBuf::new();
        let proto: &[u8] = if self.tcp() { b"tcp" } else { b"udp" };
        out.push(b"vers=")
            .push_u64(self.vers().into())
            .push(b",proto=")
            .push(proto)
            .push(b",addr=")
            .push(IpText::new(addr).as_bytes());
        // port, mountport, rsize, wsize, timeo only when set (the ports
        // are the ones found); then the MOUNT protocol, and always retrans
        // and the attribute cache times (not vers, which led).
        for (i, (name, &v)) in INT_NAMES.iter().zip(&self.ints).enumerate().take(VERS) {
            let v = match i {
                PORT => port.into(),
                MOUNTPORT => mountport.into(),
                _ => v,
            };
            if i == RETRANS {
                out.push(b",mountproto=")
                    .push(proto)
                    .push(b",mountvers=")
                    .push_u64(self.mount_version().into());
            }
            if i >= RETRANS || v != 0 {
                out.push(b",")
                    .push(name.get())
                    .push(b"=")
                    .push_u64(v.into());
            }
        }
        for &(name, bit, on) in FLAGS.iter().take(KERNEL_FLAGS) {
            if self.has(bit) == on {
                out.push(b",").push(name.get());
            }
        }
        out.push(b"\0");
        out
    }
}

/// An IPv4 address as inet_aton reads it: `a.b.c.d`, `a.b.c` (c is 16
/// bits), `a.b` (b is 24 bits) or `a` (32 bits), each part decimal, octal
/// (leading 0) or hex (0x). This is `ip=`'s reading ([`parse_addr`]),
/// except that a `0x` without digits is no number here.
pub fn parse_ipv4(s: &[u8]) -> Option<[u8; 4]> {
    if s.split(|&b| b == b'.')
        .any(|p| matches!(p, [b'0', b'x' | b'X']))
    {
        return None;
    }
    parse_addr(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_klibcs() {
        let o = Options::default();
        assert_eq!(
            o.kernel_data([10, 0, 2, 2], 2049, 20048).as_bytes(),
            b"vers=3,proto=tcp,addr=10.0.2.2,port=2049,mountport=20048,mountproto=tcp,mountvers=3,retrans=3,acregmin=3,acregmax=60,acdirmin=30,acdirmax=60,hard,nolock\0"
        );
    }

    #[test]
    fn options() {
        let mut o = Options::default();
        o.parse(b"udp,,vers=2,rsize=0x1000,wsize=8192,timeo=7,soft,lock,ro,nocto,port=2049,mountport=635").unwrap();
        assert_eq!((o.vers(), o.tcp()), (2, false));
        assert_eq!(o.ints[..5], [2049, 635, 4096, 8192, 7]);
        assert!(o.has(SOFT) && !o.has(NOLOCK) && o.has(RO) && o.has(NOCTO));
        let d = o.kernel_data([1, 2, 3, 4], 2049, 635);
        assert_eq!(
            d.as_bytes(),
            b"vers=2,proto=udp,addr=1.2.3.4,port=2049,mountport=635,rsize=4096,wsize=8192,timeo=7,mountproto=udp,mountvers=1,retrans=3,acregmin=3,acregmax=60,acdirmin=30,acdirmax=60,soft,lock,nocto\0"
        );
        // Every flag the kernel gets, in its order.
        let mut o = Options::default();
        o.parse(b"noacl,noac,nocto,posix,intr,lock,soft").unwrap();
        assert!(o
            .kernel_data([1, 2, 3, 4], 1, 2)
            .as_bytes()
            .ends_with(b",acdirmax=60,soft,lock,intr,posix,nocto,noac,noacl\0"));
        o.parse(b"acl,ac,cto,noposix,nointr,nolock,hard").unwrap();
        assert!(o
            .kernel_data([1, 2, 3, 4], 1, 2)
            .as_bytes()
            .ends_with(b",acdirmax=60,hard,nolock\0"));
        // vers= wins over v2/v3 whatever the order, as in klibc.
        let mut o = Options::default();
        o.parse(b"vers=3,v2").unwrap();
        assert_eq!(o.vers(), 3);
        o.parse(b"v2").unwrap();
        assert_eq!(o.vers(), 2);
        assert_eq!(o.parse(b"nfsvers"), Err(OptError::Bad(b"nfsvers")));
        assert_eq!(o.parse(b"broken_suid"), Ok(()));
        assert_eq!(o.parse(b"foo"), Err(OptError::Bad(b"foo")));
        assert_eq!(o.parse(b"bar=1"), Err(OptError::Bad(b"bar")));
        assert_eq!(
            o.parse(b"rsize=abc"),
            Err(OptError::Value(b"abc", b"rsize"))
        );
        assert_eq!(o.parse(b"rsize="), Err(OptError::Value(b"", b"rsize")));
        assert_eq!(o.parse(b"rsize=-1"), Err(OptError::Value(b"-1", b"rsize")));
        assert_eq!(o.parse(b"vers=4"), Err(OptError::Version(4)));
        for (e, want) in [
            (
                OptError::Version(4),
                &b"nfsmount: bad NFS version '4'\n"[..],
            ),
            (
                OptError::Value(b"abc", b"rsize"),
                b"abc: invalid value for rsize\n",
            ),
            (OptError::Bad(b"foo"), b"nfsmount: bad option 'foo'\n"),
        ] {
            let mut n = Num::new();
            let (template, args) = e.message(b"nfsmount", &mut n);
            assert_eq!(crate::say::render(template, &args, None), want);
        }
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
        assert_eq!(parse_ipv4(b"4294967295"), Some([255; 4]));
        assert_eq!(parse_ipv4(b"4294967296"), None);
        assert_eq!(parse_ipv4(b"1.16777215"), Some([1, 255, 255, 255]));
        assert_eq!(parse_ipv4(b"1.16777216"), None);
        assert_eq!(parse_ipv4(b"1.2.65535"), Some([1, 2, 255, 255]));
        assert_eq!(parse_ipv4(b"1.2.65536"), None);
        assert_eq!(parse_ipv4(b"256.1"), None);
        assert_eq!(parse_ipv4(b"1.2.3."), None);
        // the one rule beyond ip='s reader: a part that is only "0x"
        assert_eq!(parse_ipv4(b"0x"), None);
        assert_eq!(parse_ipv4(b"1.0X.3.4"), None);
        assert_eq!(parse_ipv4(b"0x0.1"), Some([0, 0, 0, 1]));
    }
}
