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
// c_char is i8 on x86_64 and u8 on aarch64 and riscv64: a cast one arch
// needs is a no-op on another.
#[allow(unsafe_code, clippy::unnecessary_cast)]
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
pub mod dm {
    //! The device-mapper ioctls; see [`crate::syscall::dm`].
    pub use crate::syscall::dm::*;
}
pub mod md {
    //! The md (software RAID) ioctls; see [`crate::syscall::md`].
    pub use crate::syscall::md::*;
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

// The parser of uapi/bindgen_parameters is compiled into the build script;
// its tests run here.
#[cfg(test)]
#[path = "../uapi/parameters.rs"]
mod parameters;

#[cfg(test)]
mod parameters_tests {
    extern crate std;
    use super::parameters::{clang_args, clang_target, Param, Parameters};

    #[test]
    fn clang_args_read_only_the_given_headers() {
        let (h, k) = (std::path::Path::new("/h"), std::path::Path::new("/k"));
        assert_eq!(
            clang_args(h, k, "aarch64").unwrap(),
            ["--target=aarch64-linux-gnu", "-nostdinc", "-I/h", "-I/k"]
        );
        assert!(clang_args(h, k, "mips").is_err());
    }

    #[test]
    fn clang_targets_for_the_supported_arches() {
        assert_eq!(clang_target("x86_64"), Ok("x86_64-linux-gnu"));
        assert_eq!(clang_target("aarch64"), Ok("aarch64-linux-gnu"));
        assert_eq!(clang_target("riscv64"), Ok("riscv64-linux-gnu"));
        assert_eq!(clang_target("powerpc64"), Ok("powerpc64le-linux-gnu"));
        assert_eq!(clang_target("s390x"), Ok("s390x-linux-gnu"));
        assert_eq!(clang_target("arm"), Ok("armv7-linux-gnueabihf"));
        assert_eq!(clang_target("x86"), Ok("i686-linux-gnu"));
        assert!(clang_target("mips").unwrap_err().contains("mips"));
    }

    #[test]
    fn the_shipped_file_parses() {
        let text = include_str!("../uapi/bindgen_parameters");
        let p = Parameters::parse(text).unwrap();
        assert!(p.common.contains(&Param::UseCore));
        let names: std::vec::Vec<_> = p.modules.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "general",
                "errno",
                "ioctl",
                "net",
                "netlink",
                "if_ether",
                "if_packet",
                "auxvec",
                "system",
                "prctl",
                "module",
                "md",
                "dm"
            ]
        );
        // Every module has a helper header.
        for m in &p.modules {
            let h = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("uapi")
                .join(std::format!("{}.h", m.name));
            assert!(h.is_file(), "{} missing", h.display());
        }
    }

    #[test]
    fn bad_lines_name_the_line() {
        assert_eq!(
            Parameters::parse("--use-core\n--frobnicate\n").unwrap_err(),
            "2: unsupported bindgen parameter `--frobnicate`"
        );
        assert_eq!(
            Parameters::parse("[general]\n[general]\n").unwrap_err(),
            "2: section [general] given twice"
        );
        assert_eq!(
            Parameters::parse("--allowlist-var\n").unwrap_err(),
            "1: `--allowlist-var` needs an argument"
        );
        assert_eq!(
            Parameters::parse("--use-core x\n").unwrap_err(),
            "1: `--use-core` takes no argument, got `x`"
        );
        assert_eq!(
            Parameters::parse("[bad name]\n").unwrap_err(),
            "1: bad section header `[bad name]`"
        );
    }
}
