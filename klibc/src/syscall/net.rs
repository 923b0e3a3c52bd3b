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
