//! ctype.h for the C locale (ASCII); bytes above 127 belong to no class.

use core::ffi::c_int;

fn byte(c: c_int) -> Option<u8> {
    u8::try_from(c).ok()
}

macro_rules! class {
    ($($name:ident => $test:expr;)*) => {
        $(
            #[no_mangle]
            pub extern "C" fn $name(c: c_int) -> c_int {
                byte(c).is_some_and($test) as c_int
            }
        )*
    };
}

class! {
    isalnum => |b: u8| b.is_ascii_alphanumeric();
    isalpha => |b: u8| b.is_ascii_alphabetic();
    isblank => |b: u8| b == b' ' || b == b'\t';
    iscntrl => |b: u8| b.is_ascii_control();
    isdigit => |b: u8| b.is_ascii_digit();
    isgraph => |b: u8| b.is_ascii_graphic();
    islower => |b: u8| b.is_ascii_lowercase();
    isprint => |b: u8| b.is_ascii_graphic() || b == b' ';
    ispunct => |b: u8| b.is_ascii_punctuation();
    isspace => |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    isupper => |b: u8| b.is_ascii_uppercase();
    isxdigit => |b: u8| b.is_ascii_hexdigit();
}

#[no_mangle]
pub extern "C" fn isascii(c: c_int) -> c_int {
    (c & !0x7f == 0) as c_int
}

#[no_mangle]
pub extern "C" fn toascii(c: c_int) -> c_int {
    c & 0x7f
}

#[no_mangle]
pub extern "C" fn tolower(c: c_int) -> c_int {
    byte(c).map_or(c, |b| b.to_ascii_lowercase() as c_int)
}

#[no_mangle]
pub extern "C" fn toupper(c: c_int) -> c_int {
    byte(c).map_or(c, |b| b.to_ascii_uppercase() as c_int)
}

/// setlocale: only "C" (and "" or "POSIX", which are the same here).
///
/// # Safety
/// C contract.
#[no_mangle]
pub unsafe extern "C" fn setlocale(
    _cat: c_int,
    name: *const core::ffi::c_char,
) -> *mut core::ffi::c_char {
    let c = c"C".as_ptr() as *mut core::ffi::c_char;
    if name.is_null() {
        return c;
    }
    let n = unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes();
    if n.is_empty() || n == b"C" || n == b"POSIX" {
        c
    } else {
        core::ptr::null_mut()
    }
}

#[repr(C)]
pub struct Lconv {
    decimal_point: *const core::ffi::c_char,
    thousands_sep: *const core::ffi::c_char,
    grouping: *const core::ffi::c_char,
}

static mut LCONV: Lconv = Lconv {
    decimal_point: c".".as_ptr(),
    thousands_sep: c"".as_ptr(),
    grouping: c"".as_ptr(),
};

#[no_mangle]
pub extern "C" fn localeconv() -> *mut Lconv {
    &raw mut LCONV
}
