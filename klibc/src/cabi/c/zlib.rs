//! zlib.h: the zlib API comes from zlib-rs (the libz-rs-sys crate, which
//! exports zlib's C symbols from Rust and is linked into libc.a); this
//! module adds what it leaves to the C library, gzprintf/gzvprintf (its
//! own need an unstable Rust feature): formatted with this library's
//! printf, then written through gzwrite.

use super::malloc::free;
use super::stdio::vasprintf;
use super::valist::VaList;
use core::ffi::{c_char, c_int, c_uint, c_void};
use libz_rs_sys::{gzFile, gzwrite};

/// gzvprintf's body, also what the variadic `gzprintf` stub
/// (klibc/src/arch) calls with its `va_list`. Returns the uncompressed
/// bytes written, or 0 on an error (then gzerror says which).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn gzvprintf(file: gzFile, fmt: *const c_char, ap: VaList) -> c_int {
    if file.is_null() {
        return libz_rs_sys::Z_STREAM_ERROR;
    }
    let mut text: *mut c_char = core::ptr::null_mut();
    // SAFETY: the caller's format and arguments; `text` is ours to free.
    unsafe {
        let n = vasprintf(&mut text, fmt, ap);
        if n < 0 {
            return libz_rs_sys::Z_MEM_ERROR;
        }
        let r = if n == 0 {
            0
        } else {
            gzwrite(file, text.cast::<c_void>(), n as c_uint)
        };
        free(text.cast());
        r
    }
}
