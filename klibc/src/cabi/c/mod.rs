//! klibc's C library: the functions klibc/include declares, as `extern "C"`
//! symbols over klibc's syscall layer. Single-threaded by design (early
//! userspace): `errno`, stdio's buffers and the like are plain globals.

// `&mut *(&raw mut STATIC)` is how a `static mut` is borrowed without a
// shared-reference-to-mutable-static; clippy's suggestion would bring that back.
#![allow(clippy::deref_addrof)]

pub mod ctype;
pub mod dirent;
pub mod errno;
pub mod fnmatch;
pub mod format;
pub mod getopt;
pub mod inet;
pub mod malloc;
pub mod mman;
pub mod mntent;
pub mod poll;
pub mod pty;
pub mod pwd;
pub mod rand48;
pub mod realpath;
pub mod scan;
pub mod signal;
pub mod signame;
pub mod socket;
pub mod start;
pub mod stdio;
pub mod stdlib;
pub mod strerror;
pub mod string;
pub mod sysadmin;
pub mod syslog;
pub mod termios;
pub mod time;
pub mod transfer;
pub mod unistd;
pub mod valist;
pub mod wchar;
pub mod zlib;
