//! The kernel's UAPI: syscall numbers, structs and constants, under
//! linux-raw-sys's module and item names. Built in a kernel tree, they are
//! generated with bindgen from that tree's exported headers
//! (`klibc_uapi_bindgen`: `$OUT_DIR/<module>.rs`, from build.rs's bindgen
//! crate or Kbuild's bindgen-cli through klibc/uapi/gen); elsewhere they are
//! linux-raw-sys's. Code above this module cannot tell which one it got.
//! With `klibc_layout_check` (Kbuild), `$OUT_DIR/<module>_layout.rs` asserts
//! at compile time that each module's layouts and values are what the target
//! C compiler computes from the same headers.

/// C types. The generated bindings take core's (the same types as
/// linux-raw-sys's, which a test checks), so that a kernel build needs no crate.
#[cfg(klibc_uapi_bindgen)]
pub mod ctypes {
    pub use core::ffi::{
        c_char, c_double, c_float, c_int, c_long, c_longlong, c_schar, c_short, c_uchar, c_uint,
        c_ulong, c_ulonglong, c_ushort, c_void,
    };
}
#[cfg(not(klibc_uapi_bindgen))]
pub use linux_raw_sys::ctypes;

macro_rules! uapi_modules {
    ($($name:ident),* $(,)?) => {
        $(
            #[cfg(klibc_uapi_bindgen)]
            #[allow(non_camel_case_types, non_upper_case_globals, non_snake_case)]
            #[allow(dead_code, clippy::all, unsafe_code, unsafe_op_in_unsafe_fn)]
            pub mod $name {
                include!(concat!(env!("OUT_DIR"), "/", stringify!($name), ".rs"));
                #[cfg(klibc_layout_check)]
                include!(concat!(env!("OUT_DIR"), "/", stringify!($name), "_layout.rs"));
            }
            #[cfg(not(klibc_uapi_bindgen))]
            pub mod $name {
                pub use linux_raw_sys::$name::*;
            }
        )*
    };
}

uapi_modules!(general, errno, ioctl, net, netlink, if_ether, if_packet, auxvec, system, prctl);

/// Modules of headers linux-raw-sys does not bind. Without a kernel tree's
/// headers they are `uapi/fallback/<name>.rs`: generated from 6.12's
/// exported headers with the same parameters (scripts/uapi-fallback; a
/// uapi-check test keeps them equal to a fresh generation for each arch:
/// x86_64, aarch64, riscv64, i686 and armv7, whose asm-generic ioctl numbers
/// and fixed-size fields give the same files, and ppc64le and s390x, which
/// have their own in `uapi/fallback/<arch>/`).
macro_rules! uapi_modules_fallback {
    ($($name:ident),* $(,)?) => {
        $(
            #[allow(non_camel_case_types, non_upper_case_globals, non_snake_case)]
            #[allow(dead_code, clippy::all, unsafe_code, unsafe_op_in_unsafe_fn)]
            pub mod $name {
                #[cfg(klibc_uapi_bindgen)]
                include!(concat!(env!("OUT_DIR"), "/", stringify!($name), ".rs"));
                #[cfg(all(klibc_uapi_bindgen, klibc_layout_check))]
                include!(concat!(env!("OUT_DIR"), "/", stringify!($name), "_layout.rs"));
                // One set for the arches whose bindings of these modules
                // are the same (the generic ioctl numbers, little-endian or
                // 32-bit alike); ppc64le (its own ioctl numbers) and s390x
                // (md's big-endian superblock) have their own.
                #[cfg(all(
                    not(klibc_uapi_bindgen),
                    any(
                        target_arch = "x86_64",
                        target_arch = "aarch64",
                        target_arch = "riscv64",
                        target_arch = "x86",
                        target_arch = "arm"
                    )
                ))]
                include!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/uapi/fallback/",
                    stringify!($name),
                    ".rs"
                ));
                #[cfg(all(
                    not(klibc_uapi_bindgen),
                    target_arch = "powerpc64",
                    target_endian = "little"
                ))]
                include!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/uapi/fallback/powerpc64/",
                    stringify!($name),
                    ".rs"
                ));
                #[cfg(all(not(klibc_uapi_bindgen), target_arch = "s390x"))]
                include!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/uapi/fallback/s390x/",
                    stringify!($name),
                    ".rs"
                ));
            }
        )*
        #[cfg(all(
            not(klibc_uapi_bindgen),
            not(any(
                target_arch = "x86_64",
                target_arch = "aarch64",
                target_arch = "riscv64",
                target_arch = "x86",
                target_arch = "arm",
                all(target_arch = "powerpc64", target_endian = "little"),
                target_arch = "s390x"
            ))
        ))]
        compile_error!("klibc::uapi: no fallback bindings for this arch; build with KLIBC_UAPI_INCLUDE");
    };
}

uapi_modules_fallback!(module, md, dm);

/// Whether these bindings were generated from a kernel tree's headers.
pub const FROM_KERNEL_HEADERS: bool = cfg!(klibc_uapi_bindgen);

#[cfg(test)]
mod tests {
    /// The generated bindings' C types (core's) are linux-raw-sys's, so code
    /// is the same over either source.
    #[test]
    fn core_ctypes_are_linux_raw_sys_ctypes() {
        use core::any::TypeId;
        macro_rules! same {
            ($($t:ident),*) => {$(
                assert_eq!(
                    TypeId::of::<core::ffi::$t>(),
                    TypeId::of::<linux_raw_sys::ctypes::$t>(),
                    stringify!($t)
                );
            )*};
        }
        same!(
            c_char,
            c_schar,
            c_uchar,
            c_short,
            c_ushort,
            c_int,
            c_uint,
            c_long,
            c_ulong,
            c_longlong,
            c_ulonglong,
            c_float,
            c_double,
            c_void
        );
    }
}
