//! The machine-specific part of klibc: the syscall instruction for 0 to 6
//! arguments, the `_start` entry code, and reading the initial process stack
//! (argc, argv, envp, auxv) that the kernel lays out identically on every
//! architecture. One file per architecture, each with the same items.

#[cfg(target_arch = "aarch64")]
mod aarch64;
#[cfg(target_arch = "arm")]
mod arm;
#[cfg(all(target_arch = "powerpc64", target_endian = "little"))]
mod powerpc64;
#[cfg(target_arch = "riscv64")]
mod riscv64;
#[cfg(target_arch = "s390x")]
mod s390x;
#[cfg(target_arch = "x86")]
mod x86;
#[cfg(target_arch = "x86_64")]
mod x86_64;

#[cfg(target_arch = "aarch64")]
pub use aarch64::*;
#[cfg(target_arch = "arm")]
pub use arm::*;
#[cfg(all(target_arch = "powerpc64", target_endian = "little"))]
pub use powerpc64::*;
#[cfg(target_arch = "riscv64")]
pub use riscv64::*;
#[cfg(target_arch = "s390x")]
pub use s390x::*;
#[cfg(target_arch = "x86")]
pub use x86::*;
#[cfg(target_arch = "x86_64")]
pub use x86_64::*;

#[cfg(not(target_arch = "x86_64"))]
mod bytewise;
#[cfg(not(target_arch = "x86_64"))]
pub use bytewise::*;

pub mod startup;

// The C library's machine code and ABI (only with the `libc` feature):
// start code, the setjmp family, the signal return trampoline where the
// arch needs one, variadic entry stubs and reading `va_list`.
#[cfg(all(feature = "libc", target_arch = "aarch64"))]
#[path = "aarch64_c.rs"]
pub mod c;
#[cfg(all(feature = "libc", target_arch = "riscv64"))]
#[path = "riscv64_c.rs"]
pub mod c;
#[cfg(all(feature = "libc", target_arch = "x86_64"))]
#[path = "x86_64_c.rs"]
pub mod c;
#[cfg(all(
    feature = "libc",
    not(any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64"
    ))
))]
compile_error!("klibc's C library has no C ABI code for this arch (klibc/src/arch/<arch>_c.rs)");
