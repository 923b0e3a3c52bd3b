//! sys/socket.h and netinet/in.h's bindresvport: the socket system calls,
//! one each (every architecture here has them as calls of their own, not
//! through socketcall). Addresses and messages are the caller's C structs,
//! passed straight through.

use super::errno::{self, csys};
use core::ffi::{c_int, c_uint, c_void};

macro_rules! cint {
    ($($t:tt)*) => { csys!($($t)*) as c_int };
}

#[no_mangle]
pub extern "C" fn socket(domain: c_int, ty: c_int, proto: c_int) -> c_int {
    cint!(__NR_socket, domain, ty, proto)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn socketpair(
    domain: c_int,
    ty: c_int,
    proto: c_int,
    sv: *mut c_int,
) -> c_int {
    cint!(__NR_socketpair, domain, ty, proto, sv)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn bind(fd: c_int, addr: *const c_void, len: c_uint) -> c_int {
    cint!(__NR_bind, fd, addr, len)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn connect(fd: c_int, addr: *const c_void, len: c_uint) -> c_int {
    cint!(__NR_connect, fd, addr, len)
}

#[no_mangle]
pub extern "C" fn listen(fd: c_int, backlog: c_int) -> c_int {
    cint!(__NR_listen, fd, backlog)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn accept4(
    fd: c_int,
    addr: *mut c_void,
    len: *mut c_uint,
    flags: c_int,
) -> c_int {
    cint!(__NR_accept4, fd, addr, len, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn accept(fd: c_int, addr: *mut c_void, len: *mut c_uint) -> c_int {
    cint!(__NR_accept4, fd, addr, len, 0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getsockname(fd: c_int, addr: *mut c_void, len: *mut c_uint) -> c_int {
    cint!(__NR_getsockname, fd, addr, len)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getpeername(fd: c_int, addr: *mut c_void, len: *mut c_uint) -> c_int {
    cint!(__NR_getpeername, fd, addr, len)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sendto(
    fd: c_int,
    buf: *const c_void,
    n: usize,
    flags: c_int,
    addr: *const c_void,
    len: c_uint,
) -> isize {
    csys!(__NR_sendto, fd, buf, n, flags, addr, len)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn send(fd: c_int, buf: *const c_void, n: usize, flags: c_int) -> isize {
    csys!(__NR_sendto, fd, buf, n, flags, 0, 0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn recvfrom(
    fd: c_int,
    buf: *mut c_void,
    n: usize,
    flags: c_int,
    addr: *mut c_void,
    len: *mut c_uint,
) -> isize {
    csys!(__NR_recvfrom, fd, buf, n, flags, addr, len)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn recv(fd: c_int, buf: *mut c_void, n: usize, flags: c_int) -> isize {
    csys!(__NR_recvfrom, fd, buf, n, flags, 0, 0)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn sendmsg(fd: c_int, msg: *const c_void, flags: c_int) -> isize {
    csys!(__NR_sendmsg, fd, msg, flags)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn recvmsg(fd: c_int, msg: *mut c_void, flags: c_int) -> isize {
    csys!(__NR_recvmsg, fd, msg, flags)
}

#[no_mangle]
pub extern "C" fn shutdown(fd: c_int, how: c_int) -> c_int {
    cint!(__NR_shutdown, fd, how)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn setsockopt(
    fd: c_int,
    level: c_int,
    name: c_int,
    val: *const c_void,
    len: c_uint,
) -> c_int {
    cint!(__NR_setsockopt, fd, level, name, val, len)
}

/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn getsockopt(
    fd: c_int,
    level: c_int,
    name: c_int,
    val: *mut c_void,
    len: *mut c_uint,
) -> c_int {
    cint!(__NR_getsockopt, fd, level, name, val, len)
}

/// struct sockaddr_in, as <linux/in.h> lays it out.
#[repr(C)]
struct SockaddrIn {
    family: u16,
    port: u16,
    addr: u32,
    zero: [u8; 8],
}

/// Binds an AF_INET socket to a free privileged port (512..1023), trying
/// them from the top down as the BSD function does; `sin`'s address is kept
/// (or INADDR_ANY when `sin` is NULL).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn bindresvport(fd: c_int, sin: *mut c_void) -> c_int {
    let mut local = SockaddrIn {
        family: crate::uapi::net::AF_INET as u16,
        port: 0,
        addr: 0,
        zero: [0; 8],
    };
    let sa: *mut SockaddrIn = if sin.is_null() {
        &raw mut local
    } else {
        sin.cast()
    };
    // SAFETY: `sa` is the caller's sockaddr_in or our local one.
    unsafe {
        if (*sa).family != crate::uapi::net::AF_INET as u16 {
            errno::set_raw(crate::uapi::errno::EAFNOSUPPORT as c_int);
            return -1;
        }
        for port in (512u16..1024).rev() {
            (*sa).port = port.to_be();
            if csys!(__NR_bind, fd, sa, core::mem::size_of::<SockaddrIn>()) == 0 {
                return 0;
            }
            if errno::get() != crate::uapi::errno::EADDRINUSE as c_int {
                return -1;
            }
        }
        -1
    }
}
