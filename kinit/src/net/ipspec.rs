//! `ip=`/`nfsaddrs=` values and ipconfig's device arguments, as klibc's
//! ipconfig reads them: a protocol word (`dhcp`, `bootp`, `rarp`, `both`,
//! `any`, `on`, `off`, `none`, `static`), an interface name, or the
//! kernel's colon form `<client>:<server>:<gw>:<netmask>:<hostname>:<device>:
//! <autoconf>:<dns0>:<dns1>:<ntp0>`; plus `BOOTIF=` and inet_aton-style
//! addresses. Everything returns errors, never panics.

use super::Ip;

/// Protocol capabilities (klibc's CAP_*).
pub const CAP_BOOTP: u8 = 1;
pub const CAP_DHCP: u8 = 2;
pub const CAP_RARP: u8 = 4;
/// What ipconfig tries when nothing says otherwise.
pub const CAP_ALL: u8 = CAP_BOOTP | CAP_DHCP | CAP_RARP;

/// Why an argument was refused; each names the offending text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError<'a> {
    /// "can't parse IP address '<text>'"
    Address(&'a [u8]),
    /// "invalid protocol '<text>'"
    Protocol(&'a [u8]),
}

impl SpecError<'_> {
    /// The `<prog>: <message>` template (see [`crate::say::msg`]), worded
    /// as klibc's, and the offending text for its second `{}`.
    fn template(&self) -> (&'static [u8], &[u8]) {
        match *self {
            SpecError::Address(t) => (b"{}: can't parse IP address '{}'", t),
            SpecError::Protocol(t) => (b"{}: invalid protocol '{}'", t),
        }
    }

    /// Prints `<prog>: <message>` on standard error: one static text per
    /// error rather than a slice per piece (a smaller binary).
    pub fn report(&self, prog: &[u8]) {
        let (template, t) = self.template();
        crate::say::msg(template, &[prog, t]);
    }
}

/// One device argument (`-d`, a trailing argument, or an `ip=` value).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DevSpec<'a> {
    /// The interface; None for "every suitable interface".
    pub name: Option<&'a [u8]>,
    /// Protocols to try; 0 is static configuration.
    pub caps: u8,
    pub addr: Ip,
    pub server: Ip,
    pub gateway: Ip,
    pub netmask: Ip,
    pub dns: [Ip; 2],
    pub ntp: Ip,
    pub hostname: &'a [u8],
    /// Stop after the first interface is configured (`ip=<proto>`, all
    /// interfaces).
    pub bringup_first: bool,
}

/// The protocol words and what they enable (klibc's parse_proto).
static PROTOCOLS: [(&[u8], u8); 10] = [
    (b"", CAP_ALL),
    (b"on", CAP_ALL),
    (b"any", CAP_ALL),
    (b"both", CAP_BOOTP | CAP_RARP),
    (b"dhcp", CAP_BOOTP | CAP_DHCP),
    (b"bootp", CAP_BOOTP),
    (b"rarp", CAP_RARP),
    (b"none", 0),
    (b"static", 0),
    (b"off", 0),
];

/// A protocol word, as klibc's parse_proto.
pub fn parse_proto(w: &[u8]) -> Result<u8, SpecError<'_>> {
    PROTOCOLS
        .iter()
        .find(|(word, _)| *word == w)
        .map(|&(_, caps)| caps)
        .ok_or(SpecError::Protocol(w))
}

/// Parses a device argument. `default_caps` is `-c`'s value (all
/// protocols by default).
pub fn parse_device(arg: &[u8], default_caps: u8) -> Result<DevSpec<'_>, SpecError<'_>> {
    match arg
        .strip_prefix(b"ip=")
        .or_else(|| arg.strip_prefix(b"nfsaddrs="))
    {
        Some(v) => parse_value(v, true, default_caps),
        None => parse_value(arg, false, default_caps),
    }
}

/// An `ip=`/`nfsaddrs=` value (a protocol word or the colon form).
pub fn parse_ip(v: &[u8], default_caps: u8) -> Result<DevSpec<'_>, SpecError<'_>> {
    parse_value(v, true, default_caps)
}

/// A device argument without its `ip=` prefix (`is_ip` says whether it
/// had one: a word is then a protocol, not an interface).
fn parse_value(v: &[u8], is_ip: bool, default_caps: u8) -> Result<DevSpec<'_>, SpecError<'_>> {
    let mut d = DevSpec {
        caps: default_caps,
        ..DevSpec::default()
    };
    if !v.contains(&b':') {
        if is_ip {
            d.caps = parse_proto(v)?;
            d.bringup_first = true;
        } else {
            d.name = Some(v);
        }
    } else {
        for (i, f) in v.split(|&b| b == b':').enumerate() {
            if f.is_empty() {
                continue;
            }
            // the address fields share one parse_addr call
            let slot = match i {
                0 => {
                    d.caps = 0;
                    &mut d.addr
                }
                1 => &mut d.server,
                2 => &mut d.gateway,
                3 => &mut d.netmask,
                4 => {
                    d.hostname = f;
                    continue;
                }
                5 => {
                    d.name = Some(f);
                    continue;
                }
                6 => {
                    d.caps = parse_proto(f)?;
                    continue;
                }
                7 => &mut d.dns[0],
                8 => &mut d.dns[1],
                9 => &mut d.ntp,
                _ => continue,
            };
            *slot = parse_addr(f)?;
        }
    }
    d.all_if_unnamed();
    Ok(d)
}

impl<'a> DevSpec<'a> {
    /// No name, an empty one or `all` mean every suitable interface, and
    /// then the first one configured is enough.
    fn all_if_unnamed(&mut self) {
        if matches!(self.name, None | Some(b"") | Some(b"all")) {
            self.name = None;
            self.bringup_first = true;
        }
    }

    /// Names `dev` when the argument named no interface (`BOOTIF=`'s): as
    /// if `dev` stood in the colon form's device field.
    pub fn default_name(&mut self, dev: &'a [u8]) {
        if self.name.is_none() {
            self.name = Some(dev);
            self.bringup_first = false;
            self.all_if_unnamed();
        }
    }
}

/// An address as inet_aton(3) takes it: one to four parts, each decimal,
/// octal (leading 0) or hexadecimal (0x), the last filling the remaining
/// bytes.
pub fn parse_addr(t: &[u8]) -> Result<Ip, SpecError<'_>> {
    inet_aton(t).ok_or(SpecError::Address(t))
}

// not inlined: parse_addr is inlined at several call sites
#[inline(never)]
fn inet_aton(t: &[u8]) -> Option<Ip> {
    let mut parts = [0u32; 4];
    let mut n = 0;
    for p in t.split(|&b| b == b'.') {
        *parts.get_mut(n)? = parse_number(p)?;
        n += 1;
    }
    // every part but the last is one byte; the last fills the rest
    let (&last, head) = parts.get(..n)?.split_last()?;
    let mut v: u64 = 0;
    for &p in head {
        if p > 0xff {
            return None;
        }
        v = v << 8 | p as u64;
    }
    let bits = 32 - 8 * head.len();
    if (last as u64) >> bits != 0 {
        return None;
    }
    Some(((v << bits | last as u64) as u32).to_be_bytes())
}

#[inline(never)]
fn parse_number(p: &[u8]) -> Option<u32> {
    let (radix, digits) = match p {
        [b'0', b'x' | b'X', rest @ ..] => (16, rest),
        [b'0', rest @ ..] if !rest.is_empty() => (8, rest),
        _ => (10, p),
    };
    if digits.is_empty() && radix != 16 {
        return None;
    }
    parse_digits(digits, radix)
}

/// Digits in `radix` (none is 0), None on any other byte or overflow.
pub(super) fn parse_digits(digits: &[u8], radix: u32) -> Option<u32> {
    let mut v: u32 = 0;
    for &c in digits {
        let d = (c as char).to_digit(radix)?;
        v = v.checked_mul(radix)?.checked_add(d)?;
    }
    Some(v)
}

/// The MAC address of `BOOTIF=01-aa-bb-cc-dd-ee-ff` (PXELINUX's form: the
/// ARP hardware type, then the address); None when malformed.
pub fn parse_bootif(v: &[u8]) -> Option<(u8, alloc::vec::Vec<u8>)> {
    let mut it = v.split(|&b| b == b'-' || b == b':');
    let hwtype = hex_byte(it.next()?)?;
    let mut mac = alloc::vec::Vec::new();
    for t in it {
        mac.push(hex_byte(t)?);
    }
    if mac.is_empty() || mac.len() > 16 {
        return None;
    }
    Some((hwtype, mac))
}

fn hex_byte(t: &[u8]) -> Option<u8> {
    match t {
        [a, b] => Some(((*a as char).to_digit(16)? * 16 + (*b as char).to_digit(16)?) as u8),
        _ => None,
    }
}

/// Dotted-quad text of an address, on the stack (at most 15 bytes).
pub struct IpText {
    buf: [u8; 15],
    len: usize,
}

impl IpText {
    pub fn new(ip: Ip) -> IpText {
        let mut t = IpText {
            buf: [0; 15],
            len: 0,
        };
        for (i, &b) in ip.iter().enumerate() {
            if i > 0 {
                t.push(b'.');
            }
            if b >= 100 {
                t.push(b'0' + b / 100);
            }
            if b >= 10 {
                t.push(b'0' + b / 10 % 10);
            }
            t.push(b'0' + b % 10);
        }
        t
    }

    fn push(&mut self, c: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = c;
            self.len += 1;
        }
    }

    // not inlined: called at many sites (measured smaller)
    #[inline(never)]
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// Appends the dotted-quad text of an address.
pub fn format_ip(ip: Ip, out: &mut alloc::vec::Vec<u8>) {
    out.extend_from_slice(IpText::new(ip).as_bytes());
}

/// The classful netmask klibc guesses for an address without one.
pub fn class_netmask(ip: Ip) -> Ip {
    match ip[0] {
        0..=127 => [255, 0, 0, 0],
        128..=191 => [255, 255, 0, 0],
        192..=223 => [255, 255, 255, 0],
        _ => [0; 4],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines `report` prints, as klibc's ipconfig words them (the
    /// offending text as given, a `{}` in it included).
    #[test]
    fn report_lines() {
        let cases: [(SpecError, &[u8]); 2] = [
            (
                SpecError::Address(b"1.2.x"),
                b"ipconfig: can't parse IP address '1.2.x'\n",
            ),
            (
                SpecError::Protocol(b"{}x"),
                b"ipconfig: invalid protocol '{}x'\n",
            ),
        ];
        for (e, want) in cases {
            let (template, t) = e.template();
            assert_eq!(crate::say::render(template, &[b"ipconfig", t], None), want);
        }
    }

    #[test]
    fn words_and_names() {
        let d = parse_device(b"ip=dhcp", CAP_ALL).unwrap();
        assert_eq!(
            (d.caps, d.name, d.bringup_first),
            (CAP_DHCP | CAP_BOOTP, None, true)
        );
        let d = parse_device(b"eth1", CAP_ALL).unwrap();
        assert_eq!(
            (d.caps, d.name, d.bringup_first),
            (CAP_ALL, Some(&b"eth1"[..]), false)
        );
        assert_eq!(parse_device(b"nfsaddrs=off", CAP_ALL).unwrap().caps, 0);
        assert_eq!(
            parse_device(b"ip=foo", CAP_ALL),
            Err(SpecError::Protocol(b"foo"))
        );
        assert!(parse_device(b"all", CAP_ALL).unwrap().name.is_none());
    }

    #[test]
    fn colon_form() {
        let d = parse_device(
            b"ip=10.0.0.2:10.0.0.1:10.0.0.254:255.255.255.0:box:eth0:off:1.1.1.1:8.8.8.8:9.9.9.9",
            CAP_ALL,
        )
        .unwrap();
        assert_eq!(d.addr, [10, 0, 0, 2]);
        assert_eq!(d.server, [10, 0, 0, 1]);
        assert_eq!(d.gateway, [10, 0, 0, 254]);
        assert_eq!(d.netmask, [255, 255, 255, 0]);
        assert_eq!(d.hostname, b"box");
        assert_eq!(d.name, Some(&b"eth0"[..]));
        assert_eq!(d.caps, 0);
        assert_eq!(d.dns, [[1, 1, 1, 1], [8, 8, 8, 8]]);
        assert_eq!(d.ntp, [9, 9, 9, 9]);
        // client given: static unless autoconf says otherwise
        assert_eq!(parse_device(b"10.0.0.2::::::", CAP_ALL).unwrap().caps, 0);
        assert_eq!(parse_device(b":::::eth0:dhcp", CAP_ALL).unwrap().caps, 3);
        assert_eq!(parse_device(b":::::eth0:", CAP_ALL).unwrap().caps, CAP_ALL);
        assert_eq!(
            parse_device(b"ip=10.0.0.256::::::", CAP_ALL),
            Err(SpecError::Address(b"10.0.0.256"))
        );
    }

    #[test]
    fn inet_aton_forms() {
        assert_eq!(parse_addr(b"10.1").unwrap(), [10, 0, 0, 1]);
        assert_eq!(parse_addr(b"0x7f.1").unwrap(), [127, 0, 0, 1]);
        assert_eq!(parse_addr(b"010.0.0.1").unwrap(), [8, 0, 0, 1]);
        assert_eq!(parse_addr(b"167772161").unwrap(), [10, 0, 0, 1]);
        assert_eq!(parse_addr(b"1.0xffffff").unwrap(), [1, 255, 255, 255]);
        assert_eq!(parse_addr(b"1.2.0xffff").unwrap(), [1, 2, 255, 255]);
        assert_eq!(parse_addr(b"0x").unwrap(), [0, 0, 0, 0]);
        for bad in [
            &b""[..],
            b"1.2.3.4.5",
            b"a.b.c.d",
            b"1..2",
            b"08.1.1.1",
            b"99999999999",
            b"1.0x1000000",
            b"1.2.0x10000",
            b"1.2.3.256",
            b"256.1",
        ] {
            assert!(parse_addr(bad).is_err(), "{:?}", bad);
        }
    }

    #[test]
    fn dotted_quads() {
        for (ip, t) in [
            ([0, 0, 0, 0], &b"0.0.0.0"[..]),
            ([255, 255, 255, 255], b"255.255.255.255"),
            ([10, 100, 9, 199], b"10.100.9.199"),
        ] {
            assert_eq!(IpText::new(ip).as_bytes(), t);
        }
    }

    #[test]
    fn bootif() {
        let (t, mac) = parse_bootif(b"01-52-54-00-12-34-56").unwrap();
        assert_eq!(
            (t, mac.as_slice()),
            (1, &[0x52, 0x54, 0, 0x12, 0x34, 0x56][..])
        );
        assert!(parse_bootif(b"01-5-54").is_none());
        assert!(parse_bootif(b"01").is_none());
        assert!(parse_bootif(b"").is_none());
    }
}
