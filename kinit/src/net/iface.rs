//! The interfaces ipconfig configures, through the kernel's interfaces
//! only: SIOC* ioctls on a datagram socket (index, hardware address,
//! flags, MTU, address, netmask, broadcast), rtnetlink for the default
//! route, /sys/class/net to find candidates, and the AF_PACKET socket that
//! carries DHCP/BOOTP while the interface has no address.

use super::Ip;
use alloc::vec::Vec;
use klibc::fd::CWD;
use klibc::net as kn;
use klibc::uapi::{
    general as g, if_ether, if_packet, ioctl, net, net::net_device_flags as flags, netlink as nl,
};
use klibc::{Errno, OwnedFd};

/// An interface opened for configuration.
pub struct Iface {
    pub name: Vec<u8>,
    pub index: i32,
    pub htype: u16,
    pub hwaddr: Vec<u8>,
    pub mtu: u32,
    ctl: OwnedFd,
}

/// What failed: the operation's name and the error.
pub type Fail = (&'static [u8], Errno);

fn inet(ip: Ip) -> net::sockaddr_in {
    let mut s = <net::sockaddr_in as kn::SocketAddress>::zeroed();
    s.sin_family = net::AF_INET as _;
    s.sin_addr.s_addr = u32::from_ne_bytes(ip);
    s
}

impl Iface {
    pub fn open(name: &[u8]) -> Result<Iface, Fail> {
        if name.is_empty() || name.len() >= net::IFNAMSIZ as usize {
            return Err((b"interface name", Errno::INVAL));
        }
        let ctl = kn::socket(net::AF_INET, net::SOCK_DGRAM | g::O_CLOEXEC, 0)
            .map_err(|e| (&b"socket"[..], e))?;
        let mut r = kn::ifreq(name);
        kn::ioctl_ifreq(&ctl, ioctl::SIOCGIFINDEX, &mut r)
            .map_err(|e| (&b"SIOCGIFINDEX"[..], e))?;
        let index = kn::ifreq_int(&r);
        let mut r = kn::ifreq(name);
        kn::ioctl_ifreq(&ctl, ioctl::SIOCGIFHWADDR, &mut r)
            .map_err(|e| (&b"SIOCGIFHWADDR"[..], e))?;
        let (htype, data) = kn::ifreq_hwaddr(&r);
        let mut r = kn::ifreq(name);
        kn::ioctl_ifreq(&ctl, ioctl::SIOCGIFMTU, &mut r).map_err(|e| (&b"SIOCGIFMTU"[..], e))?;
        let mtu = kn::ifreq_int(&r).max(0) as u32;
        let hwlen = sys_number(name, b"addr_len", 10)
            .unwrap_or(if_ether::ETH_ALEN)
            .min(data.len() as u32) as usize;
        Ok(Iface {
            name: name.to_vec(),
            index,
            htype,
            hwaddr: data.get(..hwlen).unwrap_or(&[]).to_vec(),
            mtu,
            ctl,
        })
    }

    pub fn flags(&self) -> Result<u32, Errno> {
        let mut r = kn::ifreq(&self.name);
        kn::ioctl_ifreq(&self.ctl, ioctl::SIOCGIFFLAGS, &mut r)?;
        Ok(kn::ifreq_flags(&r))
    }

    /// Sets IFF_UP.
    pub fn up(&self) -> Result<(), Errno> {
        let f = self.flags()?;
        let mut r = kn::ifreq(&self.name);
        kn::ifreq_set_flags(&mut r, f | flags::IFF_UP as u32);
        kn::ioctl_ifreq(&self.ctl, ioctl::SIOCSIFFLAGS, &mut r)
    }

    /// Whether the link is up (IFF_RUNNING: carrier).
    pub fn running(&self) -> bool {
        self.flags()
            .is_ok_and(|f| f & flags::IFF_RUNNING as u32 != 0)
    }

    pub fn can_broadcast(&self) -> bool {
        self.flags()
            .is_ok_and(|f| f & flags::IFF_BROADCAST as u32 != 0)
    }

    pub fn set_mtu(&self, mtu: u32) -> Result<(), Errno> {
        let mut r = kn::ifreq(&self.name);
        kn::ifreq_set_int(&mut r, mtu as i32);
        kn::ioctl_ifreq(&self.ctl, ioctl::SIOCSIFMTU, &mut r)
    }

    /// Address, then netmask and broadcast (the order the kernel needs).
    // not inlined: measured smaller
    #[inline(never)]
    pub fn set_address(&self, addr: Ip, netmask: Ip, broadcast: Ip) -> Result<(), Errno> {
        for (req, ip) in [
            (ioctl::SIOCSIFADDR, addr),
            (ioctl::SIOCSIFNETMASK, netmask),
            (ioctl::SIOCSIFBRDADDR, broadcast),
        ] {
            let mut r = kn::ifreq(&self.name);
            kn::ifreq_set_inet(&mut r, &inet(ip));
            kn::ioctl_ifreq(&self.ctl, req, &mut r)?;
        }
        Ok(())
    }

    /// A default route through `gateway` on this interface (rtnetlink
    /// RTM_NEWROUTE, acknowledged).
    // not inlined into finish: measured smaller
    #[inline(never)]
    pub fn add_default_route(&self, gateway: Ip) -> Result<(), Errno> {
        let fd = kn::socket(
            net::AF_NETLINK,
            net::SOCK_RAW | g::O_CLOEXEC,
            nl::NETLINK_ROUTE,
        )?;
        const HDR_LEN: usize = core::mem::size_of::<nl::nlmsghdr>();
        const RTA_LEN: usize = core::mem::size_of::<nl::rtattr>();
        const TOTAL: usize = HDR_LEN + core::mem::size_of::<nl::rtmsg>() + 2 * (RTA_LEN + 4);
        let mut buf = [0u8; TOTAL];
        let h = nl::nlmsghdr {
            nlmsg_len: TOTAL as u32,
            nlmsg_type: nl::RTM_NEWROUTE as u16,
            nlmsg_flags: (nl::NLM_F_REQUEST | nl::NLM_F_ACK | nl::NLM_F_CREATE) as u16,
            nlmsg_seq: 1,
            nlmsg_pid: 0,
        };
        let m = nl::rtmsg {
            rtm_family: net::AF_INET as u8,
            rtm_dst_len: 0,
            rtm_src_len: 0,
            rtm_tos: 0,
            rtm_table: nl::rt_class_t::RT_TABLE_MAIN as u8,
            rtm_protocol: nl::RTPROT_BOOT as u8,
            rtm_scope: nl::rt_scope_t::RT_SCOPE_UNIVERSE as u8,
            rtm_type: nl::RTN_UNICAST as u8,
            rtm_flags: 0,
        };
        let mut at = kn::netlink_put(&mut buf, 0, &h).ok_or(Errno::INVAL)?;
        at = kn::netlink_put(&mut buf, at, &m).ok_or(Errno::INVAL)?;
        for (ty, val) in [
            (nl::rtattr_type_t::RTA_GATEWAY, gateway),
            (nl::rtattr_type_t::RTA_OIF, self.index.to_ne_bytes()),
        ] {
            let a = nl::rtattr {
                rta_len: (RTA_LEN + 4) as u16,
                rta_type: ty as u16,
            };
            at = kn::netlink_put(&mut buf, at, &a).ok_or(Errno::INVAL)?;
            buf.get_mut(at..at + 4)
                .ok_or(Errno::INVAL)?
                .copy_from_slice(&val);
            at += 4;
        }
        let mut dst = <nl::sockaddr_nl as kn::SocketAddress>::zeroed();
        dst.nl_family = net::AF_NETLINK as _;
        kn::sendto(&fd, &buf, 0, Some(&dst))?;
        let mut ack = [0u8; 256];
        let n = kn::recv(&fd, &mut ack, 0)?;
        let ack = ack.get(..n).unwrap_or(&[]);
        let rh: nl::nlmsghdr = kn::netlink_get(ack, 0).ok_or(Errno::IO)?;
        if rh.nlmsg_type as u32 == nl::NLMSG_ERROR {
            let e: nl::nlmsgerr = kn::netlink_get(ack, HDR_LEN).ok_or(Errno::IO)?;
            if e.error < 0 {
                return Err(Errno::from_raw(e.error.unsigned_abs() as i32).unwrap_or(Errno::IO));
            }
        }
        Ok(())
    }
}

/// The number in /sys/class/net/<name>/<attr>: decimal, or hexadecimal
/// with an optional `0x` when `radix` is 16.
fn sys_number(name: &[u8], attr: &[u8], radix: u32) -> Option<u32> {
    let p = crate::cpath::CPath::new(&[b"/sys/class/net/", name, b"/", attr]);
    let v = klibc::fs::read_file(CWD, p.as_cstr()).ok()?;
    let t = v.strip_suffix(b"\n").unwrap_or(&v);
    let t = match t.strip_prefix(b"0x") {
        Some(h) if radix == 16 => h,
        _ => t,
    };
    if t.is_empty() {
        return None;
    }
    super::ipspec::parse_digits(t, radix)
}

/// Interfaces worth trying when none is named, in directory order: not
/// loopback, and able to broadcast or point-to-point (the kernel's rule).
pub fn candidates() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let Ok(mut d) = klibc::fs::Dir::open(CWD, c"/sys/class/net") else {
        return out;
    };
    // next_entry_at, not next_entry, as every listing in kinit: one
    // routine in the binary instead of two.
    while let Some(Ok((_, e))) = d.next_entry_at() {
        let name = e.name.to_bytes();
        if name.first() == Some(&b'.') {
            continue;
        }
        let Some(f) = sys_number(name, b"flags", 16) else {
            continue;
        };
        if f & flags::IFF_LOOPBACK as u32 == 0
            && f & (flags::IFF_BROADCAST as u32 | flags::IFF_POINTOPOINT as u32) != 0
        {
            out.push(name.to_vec());
        }
    }
    out
}

/// The interface whose hardware address is `mac` (for `BOOTIF=`).
pub fn by_hwaddr(mac: &[u8]) -> Option<Vec<u8>> {
    candidates()
        .into_iter()
        .find(|n| Iface::open(n).is_ok_and(|i| i.hwaddr == mac))
}

/// An AF_PACKET socket for IPv4 datagrams on one interface.
pub struct PacketSocket {
    pub fd: OwnedFd,
    index: i32,
    hwlen: usize,
}

fn ll(index: i32) -> if_packet::sockaddr_ll {
    let mut a = <if_packet::sockaddr_ll as kn::SocketAddress>::zeroed();
    a.sll_family = net::AF_PACKET as _;
    a.sll_protocol = (if_ether::ETH_P_IP as u16).to_be();
    a.sll_ifindex = index;
    a
}

impl PacketSocket {
    pub fn open(i: &Iface) -> Result<PacketSocket, Errno> {
        // protocol 0 here and ETH_P_IP in bind: a socket created with a
        // protocol is hooked in at once and re-hooking it in bind waits for
        // an RCU grace period (~20 ms)
        let fd = kn::socket(net::AF_PACKET, net::SOCK_DGRAM | g::O_CLOEXEC, 0)?;
        kn::bind(&fd, &ll(i.index))?;
        Ok(PacketSocket {
            fd,
            index: i.index,
            hwlen: i.hwaddr.len(),
        })
    }

    /// Sends an IP datagram to the link's broadcast address.
    pub fn broadcast(&self, datagram: &[u8]) -> Result<(), Errno> {
        let mut a = ll(self.index);
        a.sll_halen = self.hwlen.min(a.sll_addr.len()) as u8;
        for b in a.sll_addr.iter_mut().take(self.hwlen) {
            *b = 0xff;
        }
        kn::sendto(&self.fd, datagram, 0, Some(&a)).map(drop)
    }

    /// Receives one datagram addressed to us or broadcast (our own
    /// outgoing packets are skipped: Ok(0)).
    pub fn recv(&self, buf: &mut [u8]) -> Result<usize, Errno> {
        let (n, from): (usize, if_packet::sockaddr_ll) =
            kn::recvfrom(&self.fd, buf, net::MSG_DONTWAIT)?;
        if from.sll_pkttype as u32 == if_packet::PACKET_OUTGOING {
            return Ok(0);
        }
        Ok(n)
    }
}

/// Whole seconds since boot (the .conf's UPTIME, which klibc takes from
/// sysinfo).
pub fn boottime_s() -> u64 {
    klibc::time::clock_gettime(g::CLOCK_BOOTTIME).map_or(0, |t| t.tv_sec as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sysfs_numbers() {
        // the host's loopback: flags "0x9" (or more), addr_len "6"
        let f = sys_number(b"lo", b"flags", 16).unwrap();
        assert_ne!(f & flags::IFF_LOOPBACK as u32, 0);
        assert_eq!(sys_number(b"lo", b"addr_len", 10), Some(6));
        assert_eq!(sys_number(b"lo", b"no-such-attribute", 10), None);
    }
}
