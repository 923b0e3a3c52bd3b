//! Sockets for the network boot: socket, bind, connect, sendto, recvfrom,
//! setsockopt and the interface ioctls. Addresses and option values are the
//! kernel's plain structs; the sealed traits below say which ones, so the
//! kernel never reads or writes past them.

use super::{sys, AsFd, OwnedFd};
use crate::errno::Result;
use crate::uapi::{general as g, if_packet, net, netlink};
use core::mem::size_of;

mod sealed {
    pub trait Sealed {}
}

/// A socket address struct the kernel takes and returns whole
/// (`sockaddr_in`, `sockaddr_ll`, `sockaddr_nl`, `sockaddr_un`).
pub trait SocketAddress: sealed::Sealed + Copy {
    /// An all-zero address, for the kernel to fill in.
    fn zeroed() -> Self;
}

/// A value setsockopt may copy in: plain data without padding pointers.
pub trait SockOptValue: sealed::Sealed + Copy {}

macro_rules! pod {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl SocketAddress for $t {
            fn zeroed() -> Self {
                // SAFETY: a C struct of integers and byte arrays; all zero is valid.
                unsafe { core::mem::zeroed() }
            }
        }
    )*};
}
pod!(
    net::sockaddr_in,
    net::sockaddr_un,
    if_packet::sockaddr_ll,
    netlink::sockaddr_nl
);

macro_rules! optval {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl SockOptValue for $t {}
    )*};
}
optval!(i32, u32, [u8; 16], g::__kernel_old_timeval, net::ip_mreqn);

/// socket(2). `ty` may include `SOCK_CLOEXEC`/`SOCK_NONBLOCK`.
pub fn socket(domain: u32, ty: u32, protocol: u32) -> Result<OwnedFd> {
    // SAFETY: a successful socket returns a new fd we own.
    unsafe {
        let fd = sys!(__NR_socket, domain, ty, protocol)?;
        Ok(OwnedFd::from_raw_fd(fd as i32))
    }
}

/// bind(2).
pub fn bind<A: SocketAddress>(fd: impl AsFd, addr: &A) -> Result<()> {
    // SAFETY: the kernel reads size_of::<A>() bytes of a sealed address type.
    unsafe {
        sys!(
            __NR_bind,
            fd.as_fd().as_raw_fd(),
            addr as *const A,
            size_of::<A>()
        )
        .map(drop)
    }
}

/// connect(2).
pub fn connect<A: SocketAddress>(fd: impl AsFd, addr: &A) -> Result<()> {
    // SAFETY: as for bind.
    unsafe {
        sys!(
            __NR_connect,
            fd.as_fd().as_raw_fd(),
            addr as *const A,
            size_of::<A>()
        )
        .map(drop)
    }
}

/// sendto(2); `addr` None for a connected socket.
pub fn sendto<A: SocketAddress>(
    fd: impl AsFd,
    buf: &[u8],
    flags: u32,
    addr: Option<&A>,
) -> Result<usize> {
    let (p, len) = match addr {
        Some(a) => (a as *const A, size_of::<A>()),
        None => (core::ptr::null(), 0),
    };
    // SAFETY: the kernel reads buf and at most len bytes of the address.
    unsafe {
        sys!(
            __NR_sendto,
            fd.as_fd().as_raw_fd(),
            buf.as_ptr(),
            buf.len(),
            flags,
            p,
            len
        )
    }
}

/// recvfrom(2): the byte count and the sender's address (`A` must match the
/// socket's family; a longer kernel address is cut to `A`).
pub fn recvfrom<A: SocketAddress>(fd: impl AsFd, buf: &mut [u8], flags: u32) -> Result<(usize, A)> {
    let mut addr = A::zeroed();
    let mut len = size_of::<A>() as u32;
    // SAFETY: the kernel writes at most buf.len() bytes and at most len bytes of addr.
    let n = unsafe {
        sys!(
            __NR_recvfrom,
            fd.as_fd().as_raw_fd(),
            buf.as_mut_ptr(),
            buf.len(),
            flags,
            &mut addr as *mut A,
            &mut len as *mut u32
        )?
    };
    Ok((n, addr))
}

/// recv(2) without the sender's address.
pub fn recv(fd: impl AsFd, buf: &mut [u8], flags: u32) -> Result<usize> {
    // SAFETY: the kernel writes at most buf.len() bytes.
    unsafe {
        sys!(
            __NR_recvfrom,
            fd.as_fd().as_raw_fd(),
            buf.as_mut_ptr(),
            buf.len(),
            flags,
            0usize,
            0usize
        )
    }
}

/// setsockopt(2).
pub fn setsockopt<T: SockOptValue>(fd: impl AsFd, level: u32, name: u32, value: &T) -> Result<()> {
    // SAFETY: the kernel reads size_of::<T>() bytes of a sealed plain type.
    unsafe {
        sys!(
            __NR_setsockopt,
            fd.as_fd().as_raw_fd(),
            level,
            name,
            value as *const T,
            size_of::<T>()
        )
        .map(drop)
    }
}

/// The kernel's `struct ifreq`.
pub type Ifreq = net::ifreq;

/// An ifreq for interface `name` (cut to IFNAMSIZ-1 bytes), otherwise zero.
pub fn ifreq(name: &[u8]) -> Ifreq {
    // SAFETY: ifreq is a C struct of integers, arrays and unions of those.
    let mut ifr: Ifreq = unsafe { core::mem::zeroed() };
    let n = name.len().min(net::IFNAMSIZ as usize - 1);
    // SAFETY: ifrn_name is the union's only member.
    let dst = unsafe { &mut ifr.ifr_ifrn.ifrn_name };
    for (d, s) in dst.iter_mut().zip(&name[..n]) {
        *d = *s as _;
    }
    ifr
}

/// An interface ioctl (`SIOCGIFINDEX`, `SIOCSIFADDR`, ... from uapi::ioctl)
/// on a socket; the kernel reads and updates `ifr`.
pub fn ioctl_ifreq(fd: impl AsFd, request: u32, ifr: &mut Ifreq) -> Result<()> {
    // SAFETY: every SIOC*IF* request reads and writes at most one struct ifreq.
    unsafe {
        sys!(
            __NR_ioctl,
            fd.as_fd().as_raw_fd(),
            request,
            ifr as *mut Ifreq
        )
        .map(drop)
    }
}

/// Sets the address member of `ifr` (for `SIOCSIFADDR`, `SIOCSIFNETMASK`,
/// `SIOCSIFBRDADDR`) to an IPv4 address.
pub fn ifreq_set_inet(ifr: &mut Ifreq, addr: &net::sockaddr_in) {
    // SAFETY: the union's sockaddr members are at least as large as a
    // sockaddr_in, and every bit pattern of the union is valid.
    unsafe {
        core::ptr::write_unaligned(
            core::ptr::addr_of_mut!(ifr.ifr_ifru).cast::<net::sockaddr_in>(),
            *addr,
        )
    }
}

/// The int member of `ifr` (`SIOCGIFINDEX`'s index, `SIOCGIFMTU`'s MTU).
pub fn ifreq_int(ifr: &Ifreq) -> i32 {
    // SAFETY: every bit pattern is a valid c_int.
    unsafe { ifr.ifr_ifru.ifru_ivalue }
}

/// Sets the int member of `ifr` (`SIOCSIFMTU`).
pub fn ifreq_set_int(ifr: &mut Ifreq, v: i32) {
    ifr.ifr_ifru.ifru_ivalue = v as _;
}

/// The flags member of `ifr` (`SIOCGIFFLAGS`), as the kernel's unsigned bits.
pub fn ifreq_flags(ifr: &Ifreq) -> u32 {
    // SAFETY: every bit pattern is a valid c_short.
    (unsafe { ifr.ifr_ifru.ifru_flags }) as u16 as u32
}

/// Sets the flags member of `ifr` (`SIOCSIFFLAGS`); only the low 16 bits fit.
pub fn ifreq_set_flags(ifr: &mut Ifreq, flags: u32) {
    ifr.ifr_ifru.ifru_flags = flags as u16 as _;
}

/// The hardware address of `ifr` (`SIOCGIFHWADDR`): the ARP hardware type
/// and the address bytes.
pub fn ifreq_hwaddr(ifr: &Ifreq) -> (u16, [u8; 14]) {
    // SAFETY: the union's sockaddr member starts with a 16-bit family and 14
    // data bytes; every bit pattern is valid.
    let raw =
        unsafe { core::ptr::read_unaligned(core::ptr::addr_of!(ifr.ifr_ifru).cast::<[u8; 16]>()) };
    let mut data = [0u8; 14];
    data.copy_from_slice(&raw[2..]);
    (u16::from_ne_bytes([raw[0], raw[1]]), data)
}

/// A netlink header or payload struct that is plain bytes without padding.
pub trait NetlinkStruct: sealed::Sealed + Copy {}
macro_rules! nlstruct {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl NetlinkStruct for $t {}
    )*};
}
nlstruct!(
    netlink::nlmsghdr,
    netlink::nlmsgerr,
    netlink::rtmsg,
    netlink::rtattr,
    netlink::ifaddrmsg,
    netlink::ifinfomsg
);

/// Appends the bytes of a netlink struct to a message being built.
pub fn netlink_put<T: NetlinkStruct>(buf: &mut [u8], at: usize, v: &T) -> Option<usize> {
    let end = at.checked_add(size_of::<T>())?;
    let dst = buf.get_mut(at..end)?;
    // SAFETY: T is a sealed plain struct without padding, so all its bytes
    // are initialised; dst has exactly size_of::<T>() bytes.
    let src = unsafe { core::slice::from_raw_parts((v as *const T).cast::<u8>(), size_of::<T>()) };
    dst.copy_from_slice(src);
    Some(end)
}

/// Reads a netlink struct from `buf` at `at`, if it is long enough.
pub fn netlink_get<T: NetlinkStruct>(buf: &[u8], at: usize) -> Option<T> {
    let end = at.checked_add(size_of::<T>())?;
    let src = buf.get(at..end)?;
    // SAFETY: src holds size_of::<T>() bytes and every bit pattern of a
    // sealed plain struct of integers is valid.
    Some(unsafe { core::ptr::read_unaligned(src.as_ptr().cast::<T>()) })
}
