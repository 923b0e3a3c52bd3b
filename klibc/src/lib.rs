//! klibc: the `no_std` runtime that early userspace (kinit and its applets)
//! is built on. Syscall numbers, structs and constants come from the kernel's
//! own exported UAPI headers through bindgen (or linux-raw-sys outside a
//! kernel tree); on top sit rustix-style typed wrappers, start-up, an
//! allocator and formatted output.
//!
//! `unsafe` is confined to [`arch`] (the syscall instruction and `_start`),
//! [`syscall`] (one typed function per system call) and [`cabi`] (the symbols
//! the compiler and C code call: `memcpy`, `malloc`, ...). Everything else is
//! safe code over those.
#![cfg_attr(not(test), no_std)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(unsafe_code)]

extern crate alloc as alloc_crate;

#[allow(unsafe_code)]
pub mod arch;
#[allow(unsafe_code)]
pub mod cabi;
#[allow(unsafe_code)]
pub mod syscall;

pub mod cmdline;
pub mod errno;

pub mod fs;
pub mod io;
pub mod rt;
pub mod uapi;

pub use errno::{Errno, Result};
pub use syscall::fd::{self, AsFd, BorrowedFd, OwnedFd, RawFd};

pub mod mount {
    //! mount(2), umount2(2), pivot_root(2); see [`crate::syscall::mount`].
    pub use crate::syscall::mount::*;
}
pub mod net {
    //! Sockets and interface ioctls; see [`crate::syscall::net`].
    pub use crate::syscall::net::*;
}
pub mod process {
    //! fork, exec, wait, signals, exit, reboot, uname, modules; see
    //! [`crate::syscall::process`].
    pub use crate::syscall::process::*;
}
pub mod time {
    //! Clocks and sleeping; see [`crate::syscall::time`].
    pub use crate::syscall::time::*;
}
pub mod ffi {
    //! Helpers for C data in kernel structs; see [`crate::cabi::chars`].
    pub use crate::cabi::chars::*;
}
