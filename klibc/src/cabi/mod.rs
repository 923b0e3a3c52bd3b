//! The C ABI face of klibc: symbols that compiled code calls by name. Today
//! that is what rustc's generated code needs (`memcpy` and friends) and the
//! allocator behind Rust's `alloc`; the C library issue adds the rest of libc.

pub mod malloc;
pub mod mem;

pub mod chars {
    //! Fixed-size C `char` arrays in kernel structs (`utsname`, `ifreq`
    //! names) seen as bytes: `c_char` is i8 or u8 depending on the arch.

    use core::ffi::c_char;

    /// The bytes of a C char array, up to (not including) the first NUL.
    pub fn field_bytes(field: &[c_char]) -> &[u8] {
        // SAFETY: c_char and u8 have the same size and alignment, and any
        // bit pattern is valid for both.
        let bytes =
            unsafe { core::slice::from_raw_parts(field.as_ptr().cast::<u8>(), field.len()) };
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        &bytes[..end]
    }

    /// [`field_bytes`] as text; invalid UTF-8 gives "?".
    pub fn field_str(field: &[c_char]) -> &str {
        core::str::from_utf8(field_bytes(field)).unwrap_or("?")
    }
}

// The C library (klibc/include's functions), built only with the `libc`
// feature: see klibc/libc.
#[cfg(feature = "libc")]
pub mod c;
