//! What ipconfig reports for a configured interface, byte for byte as
//! klibc's: the `IP-Config: <dev> complete ...` block on standard output
//! and `/run/net-<dev>.conf`, whose variables initramfs-tools' scripts
//! source (single-quoted, `'` and `!` escaped the way klibc does).

use super::ipspec::IpText;
use super::Ip;
use alloc::vec::Vec;

/// How the configuration was obtained (the `PROTO` value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Proto {
    #[default]
    None,
    Bootp,
    Dhcp,
}

impl Proto {
    pub fn name(self) -> &'static [u8] {
        match self {
            Proto::None => b"none",
            Proto::Bootp => b"bootp",
            Proto::Dhcp => b"dhcp",
        }
    }
}

/// A configured interface (its texts borrowed from the reply or the
/// device argument it came from).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config<'a> {
    pub name: &'a [u8],
    pub proto: Proto,
    pub addr: Ip,
    pub broadcast: Ip,
    pub netmask: Ip,
    pub gateway: Ip,
    pub dns: [Ip; 2],
    pub hostname: &'a [u8],
    pub domain: &'a [u8],
    pub nisdomain: &'a [u8],
    /// The root/boot server (`ROOTSERVER`).
    pub server: Ip,
    /// The DHCP server id, shown in the "complete" line when set.
    pub server_id: Ip,
    pub rootpath: &'a [u8],
    pub filename: &'a [u8],
    /// 0 keeps the interface's MTU.
    pub mtu: u16,
    /// Seconds since boot when configured.
    pub uptime: u64,
    pub lease_time: u32,
    pub search: Option<Vec<u8>>,
}

fn option(out: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    out.extend_from_slice(name);
    out.extend_from_slice(b"='");
    for &c in value {
        if c == b'\'' || c == b'!' {
            out.extend_from_slice(&[b'\'', b'\\', c, b'\'']);
        } else {
            out.push(c);
        }
    }
    out.extend_from_slice(b"'\n");
}

/// `NAME='<dotted quad>'` (digits and dots: nothing to quote).
fn option_ip(out: &mut Vec<u8>, name: &[u8], ip: Ip) {
    option(out, name, IpText::new(ip).as_bytes());
}

/// The contents of `/run/net-<name>.conf`.
pub fn conf_text(c: &Config) -> Vec<u8> {
    let mut o = Vec::with_capacity(512);
    let mut n = crate::say::Num::new();
    option(&mut o, b"DEVICE", c.name);
    option(&mut o, b"PROTO", c.proto.name());
    option_ip(&mut o, b"IPV4ADDR", c.addr);
    option_ip(&mut o, b"IPV4BROADCAST", c.broadcast);
    option_ip(&mut o, b"IPV4NETMASK", c.netmask);
    option_ip(&mut o, b"IPV4GATEWAY", c.gateway);
    option_ip(&mut o, b"IPV4DNS0", c.dns[0]);
    option_ip(&mut o, b"IPV4DNS1", c.dns[1]);
    option(&mut o, b"HOSTNAME", c.hostname);
    option(&mut o, b"DNSDOMAIN", c.domain);
    option(&mut o, b"NISDOMAIN", c.nisdomain);
    option_ip(&mut o, b"ROOTSERVER", c.server);
    option(&mut o, b"ROOTPATH", c.rootpath);
    option(&mut o, b"filename", c.filename);
    option(&mut o, b"UPTIME", n.dec(c.uptime));
    option(&mut o, b"DHCPLEASETIME", n.dec(c.lease_time as u64));
    option(&mut o, b"DOMAINSEARCH", c.search.as_deref().unwrap_or(b""));
    o
}

/// `label`, then `v` left-aligned in `width` columns (printf's `%-Ns`).
fn field(o: &mut Vec<u8>, label: &[u8], v: &[u8], width: usize) {
    o.extend_from_slice(label);
    o.extend_from_slice(v);
    for _ in v.len()..width {
        o.push(b' ');
    }
}

/// `label`, then the dotted quad left-aligned in `width` columns.
fn ip_field(o: &mut Vec<u8>, label: &[u8], ip: Ip, width: usize) {
    field(o, label, IpText::new(ip).as_bytes(), width);
}

/// `<label><v>` padded to 64 columns, unless `v` is empty (the labels
/// start with the newline that ends the line before).
fn name_line(o: &mut Vec<u8>, label: &[u8], v: &[u8]) {
    if !v.is_empty() {
        field(o, label, v, 64);
    }
}

/// The block ipconfig prints when an interface is configured.
// not inlined into finish: measured smaller
#[inline(never)]
pub fn summary_text(c: &Config) -> Vec<u8> {
    let mut o = Vec::with_capacity(512);
    o.extend_from_slice(b"IP-Config: ");
    o.extend_from_slice(c.name);
    o.extend_from_slice(b" complete");
    if c.proto != Proto::None {
        o.extend_from_slice(b" (");
        o.extend_from_slice(c.proto.name());
        let from = if c.server_id != super::NONE {
            c.server_id
        } else {
            c.server
        };
        ip_field(&mut o, b" from ", from, 0);
        o.push(b')');
    }
    ip_field(&mut o, b":\n address: ", c.addr, 16);
    ip_field(&mut o, b" broadcast: ", c.broadcast, 16);
    ip_field(&mut o, b" netmask: ", c.netmask, 16);
    ip_field(&mut o, b"\n gateway: ", c.gateway, 16);
    ip_field(&mut o, b" dns0     : ", c.dns[0], 16);
    ip_field(&mut o, b" dns1   : ", c.dns[1], 16);
    name_line(&mut o, b"\n host   : ", c.hostname);
    name_line(&mut o, b"\n domain : ", c.domain);
    name_line(&mut o, b"\n nisdomain: ", c.nisdomain);
    ip_field(&mut o, b"\n rootserver: ", c.server, 0);
    field(&mut o, b" rootpath: ", c.rootpath, 0);
    field(&mut o, b"\n filename  : ", c.filename, 0);
    o.push(b'\n');
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn klibc_static_example() {
        // what klibc-utils 2.0.12 prints and writes for
        // -d 10.9.0.2:10.9.0.1:10.9.0.1:255.255.255.0:myhost:v0:none:10.9.0.53:10.9.0.54
        let c = Config {
            name: b"v0",
            addr: [10, 9, 0, 2],
            broadcast: [10, 9, 0, 255],
            netmask: [255, 255, 255, 0],
            gateway: [10, 9, 0, 1],
            dns: [[10, 9, 0, 53], [10, 9, 0, 54]],
            hostname: b"myhost",
            server: [10, 9, 0, 1],
            uptime: 2220,
            ..Config::default()
        };
        let s = String::from_utf8(summary_text(&c)).unwrap();
        assert_eq!(
            s,
            "IP-Config: v0 complete:\n address: 10.9.0.2         broadcast: 10.9.0.255       netmask: 255.255.255.0   \n gateway: 10.9.0.1         dns0     : 10.9.0.53        dns1   : 10.9.0.54       \n host   : myhost                                                          \n rootserver: 10.9.0.1 rootpath: \n filename  : \n"
        );
        let f = String::from_utf8(conf_text(&c)).unwrap();
        assert_eq!(
            f,
            "DEVICE='v0'\nPROTO='none'\nIPV4ADDR='10.9.0.2'\nIPV4BROADCAST='10.9.0.255'\nIPV4NETMASK='255.255.255.0'\nIPV4GATEWAY='10.9.0.1'\nIPV4DNS0='10.9.0.53'\nIPV4DNS1='10.9.0.54'\nHOSTNAME='myhost'\nDNSDOMAIN=''\nNISDOMAIN=''\nROOTSERVER='10.9.0.1'\nROOTPATH=''\nfilename=''\nUPTIME='2220'\nDHCPLEASETIME='0'\nDOMAINSEARCH=''\n"
        );
    }

    #[test]
    fn quoting() {
        let mut o = Vec::new();
        option(&mut o, b"X", b"it's!");
        assert_eq!(o, b"X='it'\\''s'\\!''\n");
    }
}
